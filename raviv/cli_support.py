"""What every command of ``raviv`` shares: the database opened and closed around its work, JSON
output, the day type, and the problems of a refused file.

The commands live in their domain's package (``raviv/<domain>/commands.py``) and
:mod:`raviv.cli` assembles them; both import this module, and no command module imports
:mod:`raviv.cli`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterable
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
