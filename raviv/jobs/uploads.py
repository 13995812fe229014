"""Files a job works on (a large spreadsheet to import): kept in the data directory from the
request that queues the job until the job will not run again.

The web process writes the file and the worker reads it, so with ``raviv jobs worker`` on
another machine or container, ``RAVIV_DATA_DIR`` must be shared (deploy/compose.yaml mounts
one volume in both).
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import anyio.to_thread

from raviv.errors import DomainError
from raviv.jobs.kinds import JobContext
from raviv.jobs.service import enqueue
from raviv.jobs.store import JobRow
from raviv.settings import get_settings

__all__ = ["drop", "enqueue_with_upload", "keep", "kept_upload"]

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


async def enqueue_with_upload(
    kind: str,
    content: bytes,
    *,
    network_id: int,
    args: dict[str, Any],
    requested_by: int | None,
) -> JobRow:
    """Keep ``content`` (in a worker thread: it may be megabytes) and queue ``kind`` to work on
    it, its name in the job's ``upload`` argument; nothing is kept if the job cannot be queued."""
    name = await anyio.to_thread.run_sync(keep, content)
    try:
        return await enqueue(
            kind,
            network_id=network_id,
            args={**args, "upload": name},
            requested_by=requested_by,
            via="api",
        )
    except BaseException:
        drop(name)
        raise
