"""What every command of ``raviv`` shares: the database opened and closed around its work, JSON
output, the day type, the output of an export, and the problems of a refused file.

The commands live in their domain's package (``raviv/<domain>/commands.py``) and
:mod:`raviv.cli` assembles them; both import this module, and no command module imports
:mod:`raviv.cli`.

An export writes to stdout unless ``--out FILE`` names a file; ``--out -`` is stdout too. A binary
export goes to stdout only when stdout is not a terminal.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click
import msgspec

from raviv.errors import FieldProblem
from raviv.lib.bounds import date_problem

T = TypeVar("T")


def run_with_database(work: Callable[[], Awaitable[T]]) -> T:
    """Run one piece of async work with the database open, and close it whatever happens."""
    from raviv.db import close_engine, open_engine
    from raviv.guard.audit import Actor, acting_as

    async def main() -> T:
        await open_engine(min_size=1, max_size=2)
        try:
            with acting_as(Actor("cli")):  # the audit log names the command line as the actor
                return await work()
        finally:
            await close_engine()

    return asyncio.run(main())


def echo_json(data: Any) -> None:
    click.echo(json.dumps(msgspec.to_builtins(data), ensure_ascii=False, indent=2))


class Day(click.DateTime):
    """A day as YYYY-MM-DD, within the bounds the whole service accepts (raviv/lib/bounds.py):
    the same message as the API's, never a traceback."""

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        day = super().convert(value, param, ctx)
        if message := date_problem(day):
            self.fail(message, param, ctx)
        return day


DAY = Day()


def print_problems(problems: Iterable[FieldProblem]) -> None:
    """Each problem on a line of stderr: where (row and column of a file, or the field), the
    value given, the English message and the French one."""
    for problem in problems:
        where = f"row {problem.row}, column {problem.field!r}" if problem.row else problem.field
        value = f" = {problem.value!r}" if problem.value not in (None, "") else ""
        french = f" / {problem.message_fr}" if problem.message_fr else ""
        click.echo(f"{where}{value}: {problem.message}{french}", err=True)


#: The type of ``--out``: a file, or ``-`` for stdout.
OUT = click.Path(dir_okay=False, writable=True, allow_dash=True)


def to_stdout(out: str | None) -> bool:
    """Whether an export goes to stdout: no ``--out``, or ``--out -``."""
    return out is None or out == "-"


def refuse_binary_on_terminal(out: str | None, what: str) -> None:
    """A binary export (``what``) is not poured onto a terminal: one line asking for --out."""
    if to_stdout(out) and sys.stdout.isatty():
        raise click.ClickException(
            f"{what} is binary and stdout is a terminal: give --out FILE, or pipe the output"
        )


def write_out(data: bytes, out: str | None) -> bool:
    """Write an export to ``--out FILE`` or to stdout; whether a file was written."""
    if to_stdout(out):
        sys.stdout.flush()  # what was echoed before comes first
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return False
    Path(str(out)).write_bytes(data)
    return True
