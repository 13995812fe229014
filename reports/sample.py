"""The example network's DLA context, for tests of the document and the workbook that need a
realistic context without a database.

``reports/sample/exemple.<lang>.json`` holds the context the real code builds
(:func:`reports.dla.dla_context`) from ``tests/data/reseau-exemple.json`` imported into a fresh
database, its fiscal year set to start on 1 September (the network runs seasons), reported on
2026-10-01 for the season starting 2025-09-01, with the previous season compared — in French and
English, named or pseudonymised (the pseudonyms come from a fixed secret, see
:data:`SAMPLE_SECRET`). :func:`example_context` reads it back into the dataclasses of
:mod:`reports.context` (:func:`from_plain`). A test builds it again and compares, so the files
cannot drift from the code (``tests/integration/reports/test_sample.py``); to write them again:

    .venv/bin/python -m reports.sample

Pure when read (no database); writing them opens a temporary SQLite database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal, TypeVar, get_args, get_origin, get_type_hints

from reports import context as c

FOLDER: Final = Path(__file__).resolve().parent / "sample"
SEASON: Final = dt.date(2025, 9, 1)
REPORTED_ON: Final = dt.date(2026, 10, 1)
FISCAL_YEAR_START: Final = "09-01"
SAMPLE_SECRET: Final = "5a" * 32
"""The example network's pseudonym secret in the samples (a real network's is random)."""

T = TypeVar("T")


def path(lang: c.Lang, pseudonymised: bool) -> Path:
    return FOLDER / f"exemple{'.pseudonymised' if pseudonymised else ''}.{lang}.json"


def example_context(lang: c.Lang = "fr", *, pseudonymised: bool = False) -> c.DlaContext:
    """The example network's context, as the real code built it (see the module's text)."""
    return _read(lang, pseudonymised)


@cache
def _read(lang: c.Lang, pseudonymised: bool) -> c.DlaContext:
    data = json.loads(path(lang, pseudonymised).read_text("utf-8"))
    return from_plain(c.DlaContext, data)


# -- from plain data back to the dataclasses ------------------------------------------------------


def from_plain(kind: type[T], data: Any) -> T:
    """``data`` as :func:`reports.context.plain` wrote it, read back as ``kind`` (a dataclass of
    the context): dicts into dataclasses, lists into tuples, ISO text into dates, text into
    Decimals where the field says so."""
    return typing.cast(T, _value(kind, data))


def _value(kind: Any, data: Any) -> Any:  # noqa: PLR0911 - one case per kind of type
    if data is None:
        return None
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [option for option in get_args(kind) if option is not type(None)]
        if isinstance(data, str) and Decimal in options and str not in options:
            return Decimal(data)
        if isinstance(data, int) and not isinstance(data, bool) and int in options:
            return data
        return _value(options[0], data) if len(options) == 1 else _first(options, data)
    if origin is Literal:
        return data
    if origin is tuple:
        args = get_args(kind)
        item = args[0] if len(args) == 2 and args[1] is Ellipsis else None
        if item is None:
            return tuple(_value(arg, value) for arg, value in zip(args, data, strict=True))
        return tuple(_value(item, value) for value in data)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = get_type_hints(kind)
        values = {f.name: _value(hints[f.name], data[f.name]) for f in dataclasses.fields(kind)}
        return kind(**values)
    if kind is Decimal:
        return Decimal(data)
    if kind is dt.date:
        return dt.date.fromisoformat(data)
    return data


def _first(options: list[Any], data: Any) -> Any:
    for option in options:
        if option is dt.date and isinstance(data, str):
            return dt.date.fromisoformat(data)
        if dataclasses.is_dataclass(option) and isinstance(data, dict):
            return _value(option, data)
    return data


# -- writing the samples --------------------------------------------------------------------------


EXAMPLE: Final = Path(__file__).resolve().parents[1] / "tests/data/reseau-exemple.json"


def _example_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EXAMPLE.read_text("utf-8"))
    return document


async def build_samples() -> dict[Path, str]:
    """The samples' texts, built by the real code in the current (empty) database."""
    import copy

    from raviv.db import transaction
    from raviv.network_archive import archive_io
    from raviv.registry.service import resolve_network
    from reports.dla import dla_context
    from reports.tables import ReportSecret

    document = copy.deepcopy(_example_document())
    document["network"]["fiscal_year_start"] = FISCAL_YEAR_START
    await archive_io.import_archive(document)
    network = await resolve_network(document["network"]["ref"])
    async with transaction():
        await ReportSecret.insert(ReportSecret(network=network.id, secret=SAMPLE_SECRET)).run()
    texts = {}
    langs: tuple[c.Lang, ...] = ("fr", "en")
    for lang in langs:
        for pseudonymised in (False, True):
            made = await dla_context(
                network.ref,
                SEASON,
                lang=lang,
                pseudonymise=pseudonymised,
                generated_on=REPORTED_ON,
            )
            text = json.dumps(c.plain(made), ensure_ascii=False, indent=1, sort_keys=True)
            texts[path(lang, pseudonymised)] = text + "\n"
    return texts


def main() -> None:  # pragma: no cover - run by hand
    """Write the samples again, from a temporary SQLite database (the domains' hooks are not
    needed: the example is imported, then read)."""
    import os
    import tempfile

    folder = tempfile.mkdtemp(prefix="raviv-sample-")
    os.environ["RAVIV_DATABASE_URL"] = f"sqlite:///{folder}/sample.db"
    os.environ["RAVIV_DATA_DIR"] = folder
    from raviv import migrations
    from raviv.cli_support import run_with_database

    async def work() -> dict[Path, str]:
        await migrations.upgrade()
        return await build_samples()

    FOLDER.mkdir(exist_ok=True)
    for target, text in run_with_database(work).items():
        target.write_text(text, "utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":  # pragma: no cover
    main()
