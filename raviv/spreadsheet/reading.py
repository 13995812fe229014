"""Member lists from spreadsheets: read CSV, XLSX or ODS, map the columns, validate every row.

Pure: bytes in, frozen dataclasses out; the database writes are the caller's. Every problem of
every row is reported in one pass, in English and in French, so that a network fixes its file
once rather than once per error. The steps are separate so a network can check and save its
column mapping before anything is imported::

    table = read_table(content, "membres.csv")
    mapping = saved_mapping or guess_mapping(table.headers)
    problems = validate_mapping(mapping, table.headers)
    result = parse_members(table, mapping, tiers=DEFAULT_TIER_LABELS)
    if not result.problems: ...  # write result.rows

``export_members`` writes members back in the same layout, so an export reads back unchanged.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Literal, TypeVar

from raviv.lib.cells import escape_text, is_missing, unescape_text, workbook
from raviv.lib.siret import normalise_siret, siret_problem

__all__ = [
    "DEFAULT_HEADERS",
    "DEFAULT_TIER_LABELS",
    "FIELDS",
    "HEADER_SEARCH_ROWS",
    "MAX_BYTES",
    "REQUIRED_FIELDS",
    "HeaderScore",
    "MappingProblem",
    "MemberRow",
    "ParseResult",
    "PersonRow",
    "ReadLimits",
    "RowProblem",
    "SheetTable",
    "SpreadsheetError",
    "column_of",
    "export_members",
    "guess_mapping",
    "member_header_score",
    "member_row_as_dict",
    "parse_members",
    "read_cells",
    "read_table",
    "table_from_cells",
    "validate_mapping",
]

MAX_BYTES = 20 * 1024 * 1024

FIELDS: tuple[str, ...] = (
    "ref",
    "name",
    "siret",
    "legal_form",
    "disciplines",
    "departement",
    "commune",
    "employer",
    "headcount_fte",
    "joined_on",
    "tier",
    "person_last_name",
    "person_first_name",
    "person_email",
    "person_phone",
)
REQUIRED_FIELDS: tuple[str, ...] = ("name",)

# Known spellings of each column, most specific first: a header goes to the first field that
# claims it, so "Nom" is the organisation's name only when no "Structure" column exists. The
# first spelling is the header export_members writes. Matching ignores case, accents and
# punctuation ("REF" finds "Réf.").
DEFAULT_HEADERS: dict[str, list[str]] = {
    "ref": ["Réf.", "Référence", "Identifiant", "Code", "Ref", "Reference", "Identifier", "ID"],
    "name": [
        "Nom de la structure",
        "Structure",
        "Raison sociale",
        "Dénomination",
        "Nom de l'organisation",
        "Organisation",
        "Name",
        "Organisation name",
        "Organization",
        "Nom",
    ],
    "siret": ["SIRET", "N° SIRET", "Nº SIRET", "Numéro SIRET", "SIRET number"],
    "legal_form": ["Forme juridique", "Statut juridique", "Legal form"],
    "disciplines": [
        "Discipline(s)",
        "Disciplines",
        "Discipline",
        "Domaine(s) artistique(s)",
        "Domaine artistique",
        "Esthétique(s)",
    ],
    "departement": [
        "Département",
        "Dép.",
        "Dépt",
        "Code département",
        "N° département",
        "Department",
    ],
    "commune": ["Commune", "Ville", "Localité", "City", "Town"],
    "employer": ["Employeuse", "Employeur", "Structure employeuse", "Employer"],
    "headcount_fte": [
        "ETP",
        "Effectif (ETP)",
        "Effectif ETP",
        "Salariés (ETP)",
        "Nombre d'ETP",
        "FTE",
        "Headcount (FTE)",
    ],
    "joined_on": [
        "Date d'adhésion",
        "Date adhésion",
        "Adhésion",
        "Adhérent depuis",
        "Membre depuis",
        "Joined on",
        "Member since",
    ],
    "tier": ["Statut", "Statut d'adhésion", "Catégorie", "Collège", "Tier", "Status"],
    "person_last_name": [
        "Contact - Nom",
        "Nom du contact",
        "Contact nom",
        "Nom contact",
        "Contact last name",
        "Last name",
        "Nom",
    ],
    "person_first_name": [
        "Contact - Prénom",
        "Prénom du contact",
        "Contact prénom",
        "Prénom contact",
        "Contact first name",
        "First name",
        "Prénom",
    ],
    "person_email": [
        "Contact - Courriel",
        "Courriel du contact",
        "Contact courriel",
        "Contact e-mail",
        "Courriel",
        "E-mail",
        "Mail",
        "Mél",
        "Adresse électronique",
        "Adresse e-mail",
        "Email address",
    ],
    "person_phone": [
        "Contact - Téléphone",
        "Téléphone du contact",
        "Contact téléphone",
        "Contact phone",
        "Téléphone",
        "Tél.",
        "Portable",
        "Phone",
    ],
}

DEFAULT_TIER_LABELS: dict[str, str] = {
    "adhérent": "member",
    "adherent": "member",
    "membre du ca": "board",
    "associé": "associate",
    "member": "member",
    "board": "board",
    "associate": "associate",
}
DEFAULT_TIER = "member"

#: How well a row's cells serve as the header row: 0 when they cannot, else higher is better.
HeaderScore = Callable[[Sequence[str]], int]
#: The header row is looked for among this many non-empty rows at the top of the sheet.
HEADER_SEARCH_ROWS = 20

ErrorCode = Literal[
    "too_large", "empty", "not_a_spreadsheet", "duplicate_header", "invalid_mapping"
]


@dataclass(frozen=True)
class ReadLimits:
    """How much work reading one file may take, beyond its size in bytes.

    Each is checked while the file is read, so a file is refused as soon as it passes one,
    with ``SpreadsheetError("too_large", …, limit=<name>)``. The time budget and the memory
    of the reading are held by :mod:`raviv.spreadsheet.worker`, which reads in a process.
    """

    max_rows: int = 50_000
    max_columns: int = 500
    max_cell_chars: int = 10_000
    max_cells: int = 500_000
    #: XLSX: the parts of the workbook once unzipped, as the archive declares them (the
    #: declared size also bounds what unzipping may produce).
    max_unzipped_bytes: int = 64 * 1024 * 1024
    #: ODS: its content.xml once unzipped; the ODS reader builds the whole document in memory.
    max_ods_xml_bytes: int = 8 * 1024 * 1024


class SpreadsheetError(Exception):
    """The file cannot be read as a member list at all (row problems are reported, not raised).

    ``code`` is one of ``too_large``, ``empty``, ``not_a_spreadsheet``, ``duplicate_header`` (from
    :func:`read_table`) and ``invalid_mapping`` (from :func:`parse_members`).
    """

    def __init__(
        self, code: ErrorCode, message_en: str, message_fr: str, *, limit: str | None = None
    ) -> None:
        super().__init__(message_en)
        self.code: ErrorCode = code
        self.message_en = message_en
        self.message_fr = message_fr
        self.limit = limit  # the ReadLimits (or size) limit passed, for "too_large"


@dataclass(frozen=True)
class SheetTable:
    """The first sheet as text: one dict per row under the header row, ``""`` for empty cells.

    Blank rows inside the table are kept (as all-empty dicts) so that ``rows[i]`` stays on
    spreadsheet line ``header_line + 1 + i``, the number people see in their spreadsheet.
    """

    headers: list[str]
    rows: list[dict[str, str]]
    header_line: int = 1

    def line(self, index: int) -> int:
        """The spreadsheet line number of ``rows[index]``."""
        return self.header_line + 1 + index


@dataclass(frozen=True)
class MappingProblem:
    """Something wrong with a column mapping (field → header)."""

    field: str
    header: str
    reason_en: str
    reason_fr: str


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong with one cell: its line, its column header, the text found, and why."""

    row: int
    column: str
    value: str
    reason_en: str
    reason_fr: str


@dataclass(frozen=True)
class PersonRow:
    """The contact person given on a member's row."""

    last_name: str
    first_name: str
    email: str | None
    phone: str


@dataclass(frozen=True)
class MemberRow:
    """One valid member row, normalised and ready to be written."""

    row: int
    ref: str
    name: str
    siret: str | None
    legal_form: str
    disciplines: tuple[str, ...]
    departement: str
    commune: str
    employer: bool | None
    headcount_fte: Decimal | None
    joined_on: date | None
    tier: str
    person: PersonRow | None


@dataclass(frozen=True)
class ParseResult:
    """The rows without problems, and every problem found: import only when there is none."""

    rows: list[MemberRow]
    problems: list[RowProblem]


# --- reading -------------------------------------------------------------------------------------

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files (.xls, .doc)
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TEXT_EXTENSIONS = {"", "csv", "tsv", "txt", "xls"}  # some tools save tab-separated text as .xls
_SEPARATORS = (";", "\t", ",")  # on a tie, the French habit wins
_SNIFF_CHARS = 256 * 1024  # the separator is guessed from the start of the text
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def read_table(
    content: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_BYTES,
    header: HeaderScore | None = None,
) -> SheetTable:
    """Read the first sheet of a CSV, XLSX or ODS file into text cells.

    The format is recognised from the content first (ZIP-based workbooks), then the extension.
    CSV: separator ``;``, ``,`` or tab, sniffed from the header line; UTF-8 (with or without BOM),
    UTF-16 with BOM, else Windows-1252. ``header`` chooses the header row (see
    :func:`table_from_cells`).
    """
    return table_from_cells(read_cells(content, filename, max_bytes=max_bytes), header=header)


def read_cells(
    content: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_BYTES,
    limits: ReadLimits | None = None,
) -> list[list[str]]:
    """The first sheet's cells as the text a French user sees, row by row (no header chosen).

    Refused as soon as a :class:`ReadLimits` limit is passed.
    """
    limits = limits or ReadLimits()
    if len(content) > max_bytes:
        raise SpreadsheetError(
            "too_large",
            f"The file is larger than {_megabytes(max_bytes)} MB.",
            f"Le fichier dépasse {_megabytes(max_bytes)} Mo.",
            limit="max_bytes",
        )
    if not content.strip():
        raise _empty("The file is empty.", "Le fichier est vide.")
    grid = _Grid(limits)
    if content.startswith(_ZIP_MAGIC):
        kind = _workbook_kind(content, limits)
        if kind == "xlsx":
            _read_xlsx(content, grid)
        else:
            _read_ods(content, grid)
        return grid.rows
    if content.startswith(_OLE_MAGIC):
        raise _not_a_spreadsheet(
            "This is an old Excel (.xls) file or a password-protected workbook: save it as .xlsx"
            " or CSV, without a password.",
            "C'est un ancien fichier Excel (.xls) ou un classeur protégé par mot de passe : "
            "enregistrez-le en .xlsx ou en CSV, sans mot de passe.",
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in {"xlsx", "xlsm", "ods"}:
        raise _not_a_spreadsheet(
            f"The .{extension} file is damaged.", f"Le fichier .{extension} est endommagé."
        )
    if extension not in _TEXT_EXTENSIONS:
        raise _not_a_spreadsheet(
            f"Unknown file type .{extension}: send a CSV, XLSX or ODS file.",
            f"Type de fichier .{extension} inconnu : envoyez un fichier CSV, XLSX ou ODS.",
        )
    _read_csv(_decode(content), grid)
    return grid.rows


class _Grid:
    """The rows read so far, refusing the one that passes a limit."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.rows: list[list[str]] = []
        self.cells = 0

    def add(self, row: Sequence[str], *, unescape_formulas: bool = False) -> None:
        limits = self.limits
        width = len(row)
        while width and not row[width - 1]:
            width -= 1
        line = len(self.rows) + 1
        if width > limits.max_columns:
            raise _over(
                "max_columns",
                f"Line {line} has {width} columns; at most {limits.max_columns} are read.",
                f"La ligne {line} a {width} colonnes ; {limits.max_columns} au plus sont lues.",
            )
        cells = [text.strip() for text in row[:width]]
        if unescape_formulas:
            cells = [unescape_text(text) if text[:1] == "'" else text for text in cells]
        for column, text in enumerate(cells):
            if len(text) > limits.max_cell_chars:
                raise _long_cell(limits, line, column)
        if len(self.rows) >= limits.max_rows and width:
            raise _over(
                "max_rows",
                f"The file has more than {limits.max_rows} lines.",
                f"Le fichier a plus de {limits.max_rows} lignes.",
            )
        self.cells += width
        if self.cells > limits.max_cells:
            raise _over(
                "max_cells",
                f"The file has more than {limits.max_cells} filled cells.",
                f"Le fichier a plus de {limits.max_cells} cellules remplies.",
            )
        if width or len(self.rows) < limits.max_rows:
            self.rows.append(cells)


def _over(limit: str, message_en: str, message_fr: str) -> SpreadsheetError:
    return SpreadsheetError(
        "too_large", f"{message_en} (limit {limit})", f"{message_fr} (limite {limit})", limit=limit
    )


def _long_cell(limits: ReadLimits, line: int, column: int) -> SpreadsheetError:
    cell = f"{_column_letter(column)}{line}"
    return _over(
        "max_cell_chars",
        f"Cell {cell} holds more than {limits.max_cell_chars} characters.",
        f"La cellule {cell} contient plus de {limits.max_cell_chars} caractères.",
    )


def _workbook_kind(content: bytes, limits: ReadLimits) -> Literal["xlsx", "ods"]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            unzipped = sum(info.file_size for info in infos)
            sizes = {info.filename: info.file_size for info in infos}
            mimetype = archive.read("mimetype")[:100].strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _not_a_spreadsheet(
            "The file is a damaged ZIP archive (XLSX or ODS).",
            "Le fichier est une archive ZIP (XLSX ou ODS) endommagée.",
        ) from exc
    if "xl/workbook.xml" in names:
        if unzipped > limits.max_unzipped_bytes:
            raise _over(
                "max_unzipped_bytes",
                f"The workbook is {_megabytes(unzipped)} MB once uncompressed; at most "
                f"{_megabytes(limits.max_unzipped_bytes)} MB are read.",
                f"Le classeur fait {_megabytes(unzipped)} Mo une fois décompressé ; "
                f"{_megabytes(limits.max_unzipped_bytes)} Mo au plus sont lus.",
            )
        return "xlsx"
    if mimetype == _ODS_MIMETYPE:
        xml = sizes.get("content.xml", 0)
        if xml > limits.max_ods_xml_bytes or unzipped > limits.max_unzipped_bytes:
            raise _over(
                "max_ods_xml_bytes",
                f"The ODS content is {_megabytes(xml)} MB once uncompressed; at most "
                f"{_megabytes(limits.max_ods_xml_bytes)} MB are read: save the list as XLSX or "
                "CSV.",
                f"Le contenu ODS fait {_megabytes(xml)} Mo une fois décompressé ; "
                f"{_megabytes(limits.max_ods_xml_bytes)} Mo au plus sont lus : enregistrez la "
                "liste en XLSX ou en CSV.",
            )
        return "ods"
    raise _not_a_spreadsheet(
        "This ZIP file is neither an XLSX nor an ODS workbook.",
        "Ce fichier ZIP n'est ni un classeur XLSX ni un classeur ODS.",
    )


def _read_xlsx(content: bytes, grid: _Grid) -> None:
    """The first sheet, streamed row by row (openpyxl's read-only mode keeps one row at once)."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        workbook = load_workbook(
            io.BytesIO(content), read_only=True, data_only=True, keep_links=False
        )
    except MemoryError:
        raise  # not a damaged file: one that needs more memory than the reading may take
    except Exception as exc:  # the reader raises many kinds of errors on a damaged file
        raise _unreadable("xlsx") from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # a declared size of A1:XFD1048576 would pad every row
        rows = sheet.iter_rows(values_only=True)
        while True:
            try:
                values = next(rows)
            except StopIteration:
                break
            except MemoryError:
                raise
            except Exception as exc:
                raise _unreadable("xlsx") from exc
            width = len(values)
            while width and values[width - 1] in (None, ""):
                width -= 1
            grid.add([_cell_text(value) for value in values[:width]])
    except (IndexError, AttributeError) as exc:
        raise _unreadable("xlsx") from exc
    finally:
        workbook.close()


def _read_ods(content: bytes, grid: _Grid) -> None:
    import pandas as pd  # lazy: pandas takes a while to import and only ODS needs it

    try:
        frame = pd.read_excel(
            io.BytesIO(content),
            sheet_name=0,
            header=None,
            dtype=object,  # not str: dates must stay dates until rendered the French way
            keep_default_na=False,
            engine="odf",
        )
    except MemoryError:
        raise  # not a damaged file: one that needs more memory than the reading may take
    except Exception as exc:  # the readers raise many kinds of errors on a damaged file
        raise _unreadable("ods") from exc
    for row in frame.itertuples(index=False, name=None):
        grid.add([_cell_text(value) for value in row])


def _unreadable(kind: str) -> SpreadsheetError:
    return _not_a_spreadsheet(
        f"The {kind.upper()} file cannot be read: it may be damaged.",
        f"Le fichier {kind.upper()} est illisible : il est peut-être endommagé.",
    )


def _decode(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = len(_CONTROL_CHARACTERS.findall(text))
        if "\x00" not in text and controls <= len(text) // 100:
            return text
    raise _not_a_spreadsheet(
        "The file is neither a spreadsheet nor a text (CSV) file.",
        "Le fichier n'est ni un tableur ni un fichier texte (CSV).",
    )


def _read_csv(text: str, grid: _Grid) -> None:
    lines = text.split("\n", 1)
    hint = re.fullmatch(r"\s*sep=(.)\s*", lines[0])  # Excel's "sep=;" first line
    if hint:
        separator = hint.group(1)
        text = lines[1] if len(lines) > 1 else ""
    else:
        separator = _sniff_separator(text)
    limits = grid.limits
    # A line with far more separators than columns read is refused before it is split: even
    # quoted, that many separators in cells is no member list.
    widest = max((line.count(separator) for line in text.split("\n")), default=0)
    if widest + 1 > 10 * limits.max_columns:
        raise _over(
            "max_columns",
            f"A line has about {widest + 1} columns; at most {limits.max_columns} are read.",
            f"Une ligne a environ {widest + 1} colonnes ; {limits.max_columns} au plus sont lues.",
        )
    previous = csv.field_size_limit()
    csv.field_size_limit(limits.max_cell_chars + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        for row in reader:
            grid.add(row, unescape_formulas=True)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _long_cell(limits, reader.line_num, 0) from None
        raise _not_a_spreadsheet(
            f"The CSV file cannot be read ({exc}); check its quotation marks.",
            "Le fichier CSV est illisible : vérifiez ses guillemets.",
        ) from exc
    finally:
        csv.field_size_limit(previous)


def _sniff_separator(text: str) -> str:
    """The separator used most on one line of the first ones: the header line, which may sit
    under a title line (with a comma in it, say)."""
    counts = dict.fromkeys(_SEPARATORS, 0)
    lines = (line for line in text[:_SNIFF_CHARS].splitlines() if line.strip())
    for line in itertools.islice(lines, HEADER_SEARCH_ROWS):
        line_counts = dict.fromkeys(_SEPARATORS, 0)
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in line_counts:
                line_counts[ch] += 1
        for sep in _SEPARATORS:
            counts[sep] = max(counts[sep], line_counts[sep])
    return max(_SEPARATORS, key=lambda sep: counts[sep])  # max keeps the first on a tie


def table_from_cells(cells: list[list[str]], *, header: HeaderScore | None = None) -> SheetTable:
    """The table under the header row.

    Without ``header``, the header row is the first non-empty one. With it, it is the row of the
    first :data:`HEADER_SEARCH_ROWS` that ``header`` scores highest (the first on a tie), so a
    title line or a merged group-header row above the real headers is skipped; when it scores
    every row 0, the first non-empty row is kept and the caller's column check says what lacks.
    """
    filled = [i for i, row in enumerate(cells) if any(row)]
    if not filled:
        raise _empty("The file is empty.", "Le fichier est vide.")
    header_index = filled[0]
    if header is not None:
        best = 0
        for i in filled[:HEADER_SEARCH_ROWS]:
            score = header([" ".join(text.split()) for text in cells[i]])
            if score > best:
                header_index, best = i, score
    raw_headers = [" ".join(text.split()) for text in cells[header_index]]
    body = cells[header_index + 1 :]
    while body and not any(body[-1]):
        body.pop()
    if not body:
        raise _empty(
            "There are no rows under the header row.",
            "Il n'y a aucune ligne sous la ligne d'en-tête.",
        )
    width = max(len(raw_headers), *(len(row) for row in body))
    raw_headers += [""] * (width - len(raw_headers))
    body = [row + [""] * (width - len(row)) for row in body]
    # Columns without a header are dropped when empty and named after their letter otherwise.
    kept = [j for j, header in enumerate(raw_headers) if header or any(row[j] for row in body)]
    headers = [raw_headers[j] or f"Colonne {_column_letter(j)}" for j in kept]
    _refuse_duplicate_headers(headers, kept)
    rows = [{header: row[j] for header, j in zip(headers, kept, strict=True)} for row in body]
    return SheetTable(headers=headers, rows=rows, header_line=header_index + 1)


def _refuse_duplicate_headers(headers: list[str], columns: list[int]) -> None:
    seen: dict[str, int] = {}
    for header, column in zip(headers, columns, strict=True):
        folded = header.casefold()
        if folded in seen:
            first, second = _column_letter(seen[folded]), _column_letter(column)
            raise SpreadsheetError(
                "duplicate_header",
                f"The header '{header}' appears twice (columns {first} and {second}).",
                f"L'en-tête « {header} » apparaît deux fois (colonnes {first} et {second}).",
            )
        seen[folded] = column


def _cell_text(value: object) -> str:
    """A cell as the text a French user sees in it."""
    if type(value) is str:  # nearly every cell: the quick way first
        return value.strip()
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        text = "oui" if value else "non"
    elif isinstance(value, datetime):
        text = _french_date(value)
        if value.time() != time(0):
            text += f" {value:%H:%M:%S}" if value.second else f" {value:%H:%M}"
    elif isinstance(value, date):
        text = _french_date(value)
    elif isinstance(value, float):
        text = _float_text(value)
    elif isinstance(value, Decimal):
        text = format(value, "f")
    else:
        text = str(value)
    return text.strip()


def _float_text(value: float) -> str:
    if math.isinf(value):
        return str(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))  # 75.0 → "75", a SIRET stored as a number keeps its digits
    text = f"{value:.15g}"  # what the spreadsheet displays, not the float's binary tail
    return format(Decimal(text), "f") if "e" in text else text


def _french_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def _empty(message_en: str, message_fr: str) -> SpreadsheetError:
    return SpreadsheetError("empty", message_en, message_fr)


def _not_a_spreadsheet(message_en: str, message_fr: str) -> SpreadsheetError:
    return SpreadsheetError("not_a_spreadsheet", message_en, message_fr)


# --- column mapping ------------------------------------------------------------------------------

_PUNCTUATION = re.compile(r"[\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


@functools.lru_cache(maxsize=4096)  # the same few labels come back on every row
def _fold(text: str) -> str:
    """Lower case, no accents or ligatures: what header and label matching compare."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def header_key(text: str) -> str:
    """``_fold`` without punctuation: "Réf." → "ref", "Contact - Nom" → "contact nom"."""
    return " ".join(_PUNCTUATION.sub(" ", _fold(text)).split())


def guess_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Field → header for every field whose header is one of the known spellings."""
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(header_key(header), header)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for field in FIELDS:
        for spelling in DEFAULT_HEADERS[field]:
            found = by_key.get(header_key(spelling))
            if found is not None and found not in taken:
                mapping[field] = found
                taken.add(found)
                break
    return mapping


def member_header_score(mapping: Mapping[str, str] | None = None) -> HeaderScore:
    """Score a candidate header row of a member list: how many fields it maps, 0 when it lacks a
    required one. With ``mapping`` (a saved or given one) its headers are looked for; without it,
    the known spellings are (:func:`guess_mapping`).
    """

    def score(headers: Sequence[str]) -> int:
        columns = _resolve_mapping(mapping, headers)[0] if mapping else guess_mapping(headers)
        return len(columns) if all(field in columns for field in REQUIRED_FIELDS) else 0

    return score


def column_of(mapping: Mapping[str, str], field: str, headers: Sequence[str]) -> str | None:
    """The header of ``headers`` that ``mapping`` gives ``field`` (case and accents aside)."""
    return _resolve_mapping({field: mapping[field]}, headers)[0].get(field)


def validate_mapping(
    mapping: Mapping[str, str], headers: Sequence[str] | None = None
) -> list[MappingProblem]:
    """Unknown fields, blank headers, headers the file does not have, and required fields left
    unmapped. Without ``headers`` (a mapping saved before any file is sent) the file's columns
    are not checked.

    A saved header still matches when only its case, accents or punctuation differ.
    """
    return _resolve_mapping(mapping, headers)[1]


def _resolve_mapping(
    mapping: Mapping[str, str], headers: Sequence[str] | None
) -> tuple[dict[str, str], list[MappingProblem]]:
    by_key: dict[str, str] = {}
    for header in headers or ():
        by_key.setdefault(header_key(header), header)
    columns: dict[str, str] = {}
    problems: list[MappingProblem] = []
    for field, header in mapping.items():
        if field not in FIELDS:
            problems.append(
                MappingProblem(
                    field,
                    str(header),
                    f"unknown field '{field}'; known fields: {', '.join(FIELDS)}",
                    f"champ « {field} » inconnu ; champs connus : {', '.join(FIELDS)}",
                )
            )
            continue
        if not str(header).strip():
            problems.append(
                MappingProblem(
                    field,
                    str(header),
                    f"no column header is given for '{field}'",
                    f"aucun en-tête de colonne n'est donné pour « {field} »",
                )
            )
            continue
        if headers is None:
            columns[field] = str(header)
            continue
        found: str | None = header if header in headers else by_key.get(header_key(str(header)))
        if found is None:
            problems.append(
                MappingProblem(
                    field,
                    str(header),
                    f"the file has no column '{header}'",
                    f"le fichier n'a pas de colonne « {header} »",
                )
            )
            continue
        columns[field] = found
    problems.extend(
        MappingProblem(
            field,
            "",
            f"no column is chosen for the required field '{field}' ({DEFAULT_HEADERS[field][0]})",
            f"aucune colonne n'est choisie pour le champ obligatoire « {field} » "
            f"({DEFAULT_HEADERS[field][0]})",
        )
        for field in REQUIRED_FIELDS
        if field not in mapping
    )
    return columns, problems


# --- row validation ------------------------------------------------------------------------------

REF_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
_EMAIL = re.compile(r"^[^@\s\"(),:;<>\[\]\\]+@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}$")
_DATES = (
    (re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})"), "dmy"),
    (re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"), "ymd"),
    (re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})"), "dmy"),
    (re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})"), "dmy"),
)
_MIDNIGHT = re.compile(r"[ T]00:00(?::00)?$")  # "2020-01-10 00:00:00" as some tools write dates
_TWO_DIGIT_YEAR = re.compile(r"[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2}")
DECIMAL = re.compile(r"(-?)([0-9]+)(?:[.,]([0-9]*))?|(-?)[.,]([0-9]+)")
_DISCIPLINE_SEPARATORS = re.compile(r"[,;/+&]|\s+et\s+", re.IGNORECASE)
SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PHONE_PUNCTUATION = re.compile(r"[.\-()]")
_PHONE = re.compile(r"\+[0-9]{6,15}|0[0-9]{9}")
_PHONE_WITHOUT_ZERO = re.compile(r"[1-9][0-9]{8}")
_TRUE = {"oui", "o", "yes", "y", "true", "vrai", "1", "x"}
_FALSE = {"non", "n", "no", "false", "faux", "0"}
_DEPARTEMENTS = frozenset(
    [f"{number:02d}" for number in range(1, 96) if number != 20]  # 20 became 2A and 2B
    + ["2A", "2B"]
    + [f"97{number}" for number in range(1, 9)]
)
_SIRET_REASONS_FR = {
    "a SIRET has exactly 14 digits": "un SIRET compte exactement 14 chiffres",
    "the SIREN (first 9 digits) fails its check digit": (
        "la clé de contrôle du SIREN (9 premiers chiffres) ne correspond pas"
    ),
    "the SIRET fails its check digit": "la clé de contrôle ne correspond pas",
}
_MAX_FTE = Decimal(1_000_000)  # the column holds 8 digits, 2 of them decimals

T = TypeVar("T")


class InvalidCell(Exception):
    def __init__(self, reason_en: str, reason_fr: str) -> None:
        super().__init__(reason_en)
        self.reason_en = reason_en
        self.reason_fr = reason_fr


def _too_long(limit: int, text: str) -> InvalidCell:
    return InvalidCell(
        f"at most {limit} characters (here {len(text)})",
        f"{limit} caractères au plus (ici {len(text)})",
    )


def limited_text(limit: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if len(text) > limit:
            raise _too_long(limit, text)
        return text

    return parse


def _parse_name(text: str) -> str:
    if not text:
        raise InvalidCell(
            "the organisation's name is required", "le nom de la structure est obligatoire"
        )
    return limited_text(200)(text)


def parse_ref(text: str) -> str:
    ref = text.lower()
    if not REF_PATTERN.match(ref):
        hint = _slug(text)
        raise InvalidCell(
            "a ref has 1 to 64 lower-case letters, digits and dashes"
            + (f", e.g. '{hint}'" if hint else ""),
            "une référence compte 1 à 64 lettres minuscules sans accent, chiffres et tirets"
            + (f", par exemple « {hint} »" if hint else ""),
        )
    return ref


def _parse_siret(text: str) -> str | None:
    if not text:
        return None
    reason = siret_problem(text)
    if reason is None:
        return normalise_siret(text)
    reason_fr = _SIRET_REASONS_FR.get(reason, reason)
    digits = normalise_siret(text)
    if len(digits) == 13 and digits.isascii() and digits.isdigit():
        reason += " (13 digits: the spreadsheet may have dropped a leading 0)"
        reason_fr += " (13 chiffres : le tableur a peut-être supprimé un 0 initial)"
    raise InvalidCell(f"invalid SIRET: {reason}", f"SIRET invalide : {reason_fr}")


def _parse_disciplines(text: str) -> tuple[str, ...]:
    disciplines: list[str] = []
    for part in _DISCIPLINE_SEPARATORS.split(text):
        discipline = " ".join(part.split()).lower()
        if len(discipline) > 64:
            raise _too_long(64, discipline)
        if discipline and discipline not in disciplines:
            disciplines.append(discipline)
    return tuple(disciplines)


def _parse_departement(text: str) -> str:
    code = text.upper()
    if code.isascii() and code.isdigit() and len(code) <= 3:
        code = code.lstrip("0").zfill(2)  # "7" and "007" → "07", "093" → "93"
    if code and code not in _DEPARTEMENTS:
        raise InvalidCell(
            "not a département code (e.g. 93, 2A, 971)",
            "code de département inconnu (par exemple 93, 2A, 971)",
        )
    return code


def _parse_bool(text: str) -> bool | None:
    folded = _fold(text)
    if not folded:
        return None
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise InvalidCell("expected yes or no (oui/non)", "attendu oui ou non")


def _parse_fte(text: str) -> Decimal | None:
    compact = SPACES.sub("", text)
    if not compact:
        return None
    match = DECIMAL.fullmatch(compact)
    if not match:
        raise InvalidCell("not a number (e.g. 2,5)", "nombre illisible (par exemple 2,5)")
    negative = match[1] or match[4]
    whole, decimals = match[2] or "0", match[3] or match[5] or ""
    if negative:
        raise InvalidCell("must be 0 or more", "doit être positif ou nul")
    if len(decimals) > 2:
        raise InvalidCell(
            "at most 2 decimals (round it, e.g. 0,33)",
            "2 décimales au plus (arrondissez, par exemple 0,33)",
        )
    value = Decimal(f"{whole}.{decimals}" if decimals else whole)
    if value >= _MAX_FTE:
        raise InvalidCell("too large for a number of FTE", "trop grand pour un nombre d'ETP")
    return value


def parse_date(text: str) -> date | None:
    if not text:
        return None
    text = _MIDNIGHT.sub("", text)
    for pattern, order in _DATES:
        match = pattern.fullmatch(text)
        if match:
            first, second, third = (int(part) for part in match.groups())
            year, month, day = (first, second, third) if order == "ymd" else (third, second, first)
            break
    else:
        if _TWO_DIGIT_YEAR.fullmatch(text):
            raise InvalidCell(
                "write the year with 4 digits (e.g. 10/01/2020)",
                "écrivez l'année sur 4 chiffres (par exemple 10/01/2020)",
            )
        raise InvalidCell(
            "not a date (expected dd/mm/yyyy, e.g. 10/01/2020)",
            "date illisible (attendu jj/mm/aaaa, par exemple 10/01/2020)",
        )
    if not 1900 <= year <= 2100:
        raise InvalidCell(
            "the year must be between 1900 and 2100", "l'année doit être entre 1900 et 2100"
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidCell(
            "this date does not exist", "cette date n'existe pas dans le calendrier"
        ) from None


def _parse_email(text: str) -> str | None:
    if not text:
        return None
    if len(text) > 254:
        raise _too_long(254, text)
    if not _EMAIL.match(text):
        raise InvalidCell(
            "not an e-mail address (one address per cell)",
            "adresse électronique invalide (une seule adresse par cellule)",
        )
    return text


def _parse_phone(text: str) -> str:
    phone = SPACES.sub("", text)
    digits = _PHONE_PUNCTUATION.sub("", phone)
    if not phone:
        return ""
    if len(phone) > 32:
        raise _too_long(32, phone)
    if _PHONE.fullmatch(digits):
        return phone
    hint_en = hint_fr = ""
    if _PHONE_WITHOUT_ZERO.fullmatch(digits):
        hint_en = " (9 digits: the spreadsheet may have dropped the leading 0)"
        hint_fr = " (9 chiffres : le tableur a peut-être supprimé le 0 initial)"
    raise InvalidCell(
        "a phone number has 10 digits starting with 0, or starts with + and the country code"
        + hint_en,
        "un numéro de téléphone compte 10 chiffres commençant par 0, ou commence par + et "
        "l'indicatif du pays" + hint_fr,
    )


def _slug(text: str, max_length: int = 64) -> str:
    ascii_text = _fold(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_length].rstrip("-")


class RowCheck:
    """One spreadsheet row being validated; each cell's problem is collected, never raised."""

    def __init__(
        self, line: int, cells: dict[str, str], columns: dict[str, str], problems: list[RowProblem]
    ) -> None:
        self.line = line
        self.cells = cells
        self.columns = columns
        self.problems = problems
        self.valid = True

    def text(self, field: str) -> str:
        header = self.columns.get(field)
        return self.cells.get(header, "") if header is not None else ""

    def parse(self, field: str, parse: Callable[[str], T], default: T) -> T:
        if field not in self.columns:
            return default
        try:
            return parse(self.text(field))
        except InvalidCell as invalid:
            self.report(field, invalid.reason_en, invalid.reason_fr)
            return default

    def report(self, field: str, reason_en: str, reason_fr: str) -> None:
        self.valid = False
        self.problems.append(
            RowProblem(self.line, self.columns[field], self.text(field), reason_en, reason_fr)
        )


def parse_members(
    table: SheetTable, mapping: Mapping[str, str], *, tiers: Mapping[str, str]
) -> ParseResult:
    """Validate every row; ``tiers`` maps the accepted labels (any case or accents) to tier codes.

    Empty rows are skipped. A row without a ref gets one made from its name ("Compagnie Alizé" →
    "compagnie-alize"), kept unique within the file.
    """
    columns, mapping_problems = _resolve_mapping(mapping, table.headers)
    if mapping_problems:
        raise SpreadsheetError(
            "invalid_mapping",
            "; ".join(problem.reason_en for problem in mapping_problems),
            " ; ".join(problem.reason_fr for problem in mapping_problems),
        )
    tier_codes = {header_key(label): code for label, code in tiers.items()}
    first_labels: dict[str, str] = {}
    for label in tiers:
        first_labels.setdefault(header_key(label), label)
    labels = ", ".join(first_labels.values())
    parse_tier = _tier_parser(tier_codes, labels)

    filled = [(table.line(i), cells) for i, cells in enumerate(table.rows) if any(cells.values())]
    # Refs written in the file come first: a ref made from a name must not take one of them.
    taken = {_row_ref(cells, columns) for _, cells in filled} - {""}
    ref_rows: dict[str, int] = {}
    siret_rows: dict[str, int] = {}
    problems: list[RowProblem] = []
    members: list[MemberRow] = []
    for line, cells in filled:
        row = RowCheck(line, cells, columns, problems)
        name = row.parse("name", _parse_name, "")
        if _row_ref(cells, columns):
            ref = row.parse("ref", parse_ref, "")
            if ref in ref_rows:
                row.report(
                    "ref",
                    f"the ref '{ref}' is already used on row {ref_rows[ref]}",
                    f"la référence « {ref} » est déjà utilisée ligne {ref_rows[ref]}",
                )
            elif ref:
                ref_rows[ref] = line
        else:
            ref = _unique_slug(name, taken) if name else ""
        siret = row.parse("siret", _parse_siret, None)
        if siret is not None and siret in siret_rows:
            row.report(
                "siret",
                f"this SIRET is already on row {siret_rows[siret]}",
                f"ce SIRET figure déjà ligne {siret_rows[siret]}",
            )
        elif siret is not None:
            siret_rows[siret] = line
        member = MemberRow(
            row=line,
            ref=ref,
            name=name,
            siret=siret,
            legal_form=row.parse("legal_form", limited_text(64), ""),
            disciplines=row.parse("disciplines", _parse_disciplines, ()),
            departement=row.parse("departement", _parse_departement, ""),
            commune=row.parse("commune", limited_text(100), ""),
            employer=row.parse("employer", _parse_bool, None),
            headcount_fte=row.parse("headcount_fte", _parse_fte, None),
            joined_on=row.parse("joined_on", parse_date, None),
            tier=row.parse("tier", parse_tier, DEFAULT_TIER),
            person=_person(row),
        )
        if row.valid:
            members.append(member)
    return ParseResult(rows=members, problems=problems)


def _row_ref(cells: dict[str, str], columns: dict[str, str]) -> str:
    header = columns.get("ref")
    return cells.get(header, "").lower() if header is not None else ""


def _unique_slug(name: str, taken: set[str]) -> str:
    base = _slug(name) or "membre"
    ref, counter = base, 1
    while ref in taken:
        counter += 1
        suffix = f"-{counter}"
        ref = base[: 64 - len(suffix)].rstrip("-") + suffix
    taken.add(ref)
    return ref


def _tier_parser(tier_codes: dict[str, str], labels: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text:
            return DEFAULT_TIER
        code = tier_codes.get(header_key(text))
        if code is None:
            raise InvalidCell(
                f"unknown tier; accepted: {labels}",
                f"statut inconnu ; valeurs acceptées : {labels}",
            )
        return code

    return parse


def _person(row: RowCheck) -> PersonRow | None:
    person = PersonRow(
        last_name=row.parse("person_last_name", limited_text(100), ""),
        first_name=row.parse("person_first_name", limited_text(100), ""),
        email=row.parse("person_email", _parse_email, None),
        phone=row.parse("person_phone", _parse_phone, ""),
    )
    fields = ("person_last_name", "person_first_name", "person_email", "person_phone")
    return person if any(row.text(field) for field in fields) else None


# --- export --------------------------------------------------------------------------------------


def member_row_as_dict(member: MemberRow) -> dict[str, object]:
    """A parsed row as the flat field → value dict :func:`export_members` takes."""
    person = member.person or PersonRow("", "", None, "")
    return {
        "ref": member.ref,
        "name": member.name,
        "siret": member.siret,
        "legal_form": member.legal_form,
        "disciplines": member.disciplines,
        "departement": member.departement,
        "commune": member.commune,
        "employer": member.employer,
        "headcount_fte": member.headcount_fte,
        "joined_on": member.joined_on,
        "tier": member.tier,
        "person_last_name": person.last_name,
        "person_first_name": person.first_name,
        "person_email": person.email,
        "person_phone": person.phone,
    }


def export_members(rows: Sequence[Mapping[str, object]], fmt: Literal["csv", "xlsx"]) -> bytes:
    """Members (field → value dicts; other keys are ignored) under the French default headers.

    CSV: ``;``, UTF-8 with BOM, "2,5", "10/01/2020", "oui"/"non". XLSX: real dates and numbers.
    Text that a spreadsheet would run as a formula is kept as text.
    """
    headers = [DEFAULT_HEADERS[field][0] for field in FIELDS]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_export_text(row.get(field)) for field in FIELDS])
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        return _export_xlsx(headers, rows)
    raise ValueError(f"unknown export format {fmt!r}; use 'csv' or 'xlsx'")


def _export_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return _french_date(value)
    if isinstance(value, Decimal | float | int):
        return _cell_text(value).replace(".", ",")
    if isinstance(value, list | tuple):
        return escape_text(_joined(value))
    return escape_text(str(value))  # numbers above stay numbers, "-2,5" unescaped


def _joined(items: list[object] | tuple[object, ...]) -> str:
    return ", ".join(str(item) for item in items)


def _export_xlsx(headers: list[str], rows: Sequence[Mapping[str, object]]) -> bytes:
    def cell(value: object) -> object:
        if isinstance(value, bool):
            return "oui" if value else "non"
        return _joined(value) if isinstance(value, list | tuple) else value

    body = ([cell(row.get(field)) for field in FIELDS] for row in rows)
    return workbook({"Membres": (headers, body)})
