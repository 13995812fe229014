"""Files a job works on (a large spreadsheet to import): kept in the data directory from the
request that queues the job until the job will not run again.

The web process writes the file and the worker reads it, so with ``raviv jobs worker`` on
another machine or container, ``RAVIV_DATA_DIR`` must be shared (deploy/compose.yaml mounts
one volume in both).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import msgspec

from raviv.db import execute
from raviv.errors import DomainError
from raviv.jobs.kinds import JobContext
from raviv.settings import get_settings

__all__ = ["drop", "import_from_upload", "keep", "kept_upload", "remove_leftovers"]

_NAME = re.compile(r"[0-9a-f]{32}\.upload")


def _folder() -> Path:
    return get_settings().data_dir / "uploads"


def keep(content: bytes) -> str:
    """Write ``content`` where the job will find it: its name, for the job's arguments."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.upload"
    path = folder / name
    with path.open("xb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    return name


def _path(name: str) -> Path:
    if not _NAME.fullmatch(name):  # only names this module made: never a path of the caller's
        raise ValueError(f"not an upload's name: {name!r}")
    return _folder() / name


def drop(name: str) -> None:
    with suppress(FileNotFoundError):
        _path(name).unlink()


@contextmanager
def kept_upload(ctx: JobContext, name: str) -> Iterator[bytes]:
    """The job's file; removed once the job will not run again: it succeeded, it was refused,
    or this was its last attempt (a job handed back or retried finds it again)."""
    content = _path(name).read_bytes()
    try:
        yield content
    except DomainError:
        drop(name)
        raise
    except Exception:
        if ctx.attempt >= ctx.max_attempts:
            drop(name)
        raise
    drop(name)


async def import_from_upload(
    ctx: JobContext, importer: Callable[[bytes], Awaitable[object]]
) -> dict[str, Any]:
    """An import job's body: the file kept for it, given to ``importer`` (the same function the
    request would call), its report as the job's result (JSON-ready)."""
    with kept_upload(ctx, ctx.args["upload"]) as content:
        await ctx.progress(5, "lecture et vérification du fichier")
        report = await importer(content)
    result: dict[str, Any] = msgspec.to_builtins(report)
    return result


#: An upload older than this that no queued or running job names is a leftover (its request
#: failed after keeping it, or its job's row was rolled back): removed.
LEFTOVER_AFTER = dt.timedelta(days=1)


async def remove_leftovers(older_than: dt.timedelta = LEFTOVER_AFTER) -> int:
    """Remove the uploads no job will read; how many."""
    folder = _folder()
    if not folder.exists():
        return 0
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in folder.iterdir():
        if not _NAME.fullmatch(path.name) or path.stat().st_mtime > cutoff:
            continue
        waiting = await execute(
            "SELECT id FROM job WHERE status IN ('queued', 'running') AND args LIKE {}",
            f"%{path.name}%",
        )
        if not waiting:
            drop(path.name)
            removed += 1
    return removed
