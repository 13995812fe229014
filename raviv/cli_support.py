"""What every command of ``raviv`` shares: the database opened and closed around its work, JSON
output, the day type, the output of an export, and the way a refusal is told.

The commands live in their domain's package (``raviv/<domain>/commands.py``) and
:mod:`raviv.cli` assembles them; both import this module, and no command module imports
:mod:`raviv.cli`.

The conventions:

- An export writes to stdout unless ``--out FILE`` names a file; ``--out -`` is stdout too. A
  binary export goes to stdout only when stdout is not a terminal.
- ``--json`` (:func:`json_option`) answers on stdout whatever happens: a refusal is the API's
  problem document (:meth:`raviv.errors.Problem.body`) and the command exits 1 (:func:`refuse`).
  Without it the refusal is told on stderr. Usage errors (a bad option, exit 2) stay click's
  own, on stderr: the command did not run.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
import msgspec

from raviv.errors import DomainError, FieldProblem, Problem
from raviv.lib.bounds import date_problem

T = TypeVar("T")
FC = TypeVar("FC", bound=Callable[..., Any] | click.Command)

#: Set in the click context's ``meta`` (shared by the whole command line) when ``--json`` is given.
_JSON_ASKED = "raviv.json"


def run_with_database(work: Callable[[], Awaitable[T]], *, pool_max: int = 2) -> T:
    """Run one piece of async work with the database open, and close it whatever happens
    (``pool_max``: PostgreSQL connections at most, for a command doing several things at once)."""
    from raviv.db import close_engine, open_engine
    from raviv.guard.audit import Actor, acting_as

    async def main() -> T:
        await open_engine(min_size=1, max_size=pool_max)
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


def json_option(help: str) -> Callable[[FC], FC]:
    """``--json`` (as the ``as_json`` argument), which also makes a refusal a JSON problem
    document on stdout (:func:`refuse`)."""

    def remember(ctx: click.Context, _: click.Parameter, value: bool) -> bool:
        if value:
            ctx.meta[_JSON_ASKED] = True
        return value

    return click.option("--json", "as_json", is_flag=True, help=help, callback=remember)


def print_problems(problems: Iterable[FieldProblem]) -> None:
    """Each problem on a line of stderr: where (row and column of a file, or the field), the
    value given, the English message and the French one."""
    for problem in problems:
        where = f"row {problem.row}, column {problem.field!r}" if problem.row else problem.field
        value = f" = {problem.value!r}" if problem.value not in (None, "") else ""
        french = f" / {problem.message_fr}" if problem.message_fr else ""
        click.echo(f"{where}{value}: {problem.message}{french}", err=True)


def refuse(refusal: DomainError | Problem, *, list_problems: bool = False) -> NoReturn:
    """End the command on a refusal: with ``--json``, the problem document on stdout; without,
    the detail on stderr (after each problem on a line of its own if ``list_problems``)."""
    problem = Problem.of(refusal) if isinstance(refusal, DomainError) else refusal
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get(_JSON_ASKED):
        echo_json(problem.body())
        raise click.exceptions.Exit(1)
    if list_problems:
        print_problems(problem.errors)
    raise click.ClickException(problem.detail)


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
