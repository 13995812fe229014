"""A spreadsheet's problems as the API and the command line give them: a row's problem names the
column and the row, a file refused as a whole names the limit it broke."""

from __future__ import annotations

from raviv.errors import FieldProblem, InvalidError, TooLargeError
from raviv.spreadsheet.reading import RowProblem, SpreadsheetError


def row_problem(p: RowProblem) -> FieldProblem:
    """A row's problem, naming its column, value and row."""
    return FieldProblem(p.column, p.reason_en, value=p.value, row=p.row, message_fr=p.reason_fr)


def refuse_file(exc: SpreadsheetError) -> InvalidError | TooLargeError:
    """The file refused as a whole: 413 naming the limit when it needs too much work, else 422."""
    kind = TooLargeError if exc.code == "too_large" else InvalidError
    return kind(
        exc.message_en,
        errors=[FieldProblem(exc.limit or "file", exc.message_en, message_fr=exc.message_fr)],
    )
