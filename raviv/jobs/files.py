"""Files a job makes (a report's PDF and workbook), kept in ``$RAVIV_DATA_DIR/jobs/<id>/`` and
named in the job's result, for ``GET …/jobs/{job_id}/files/{name}`` to serve to whoever may
read the job."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Final

from raviv.jobs.store import JobRow
from raviv.settings import get_settings

__all__ = ["MEDIA", "media_type", "named", "save"]

MEDIA: Final = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")


def _folder(job_id: int) -> Path:
    return get_settings().data_dir / "jobs" / str(job_id)


def media_type(name: str) -> str:
    return MEDIA.get(Path(name).suffix, "application/octet-stream")


def save(job_id: int, name: str, content: bytes) -> dict[str, Any]:
    """Keep ``content`` as the job's file ``name`` (written whole, then renamed into place, so
    a reader never sees half a file); what the job's result says of it."""
    if not _NAME.fullmatch(name) or Path(name).suffix not in MEDIA:
        raise ValueError(f"not a job file's name: {name!r}")
    folder = _folder(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{name}.partial"
    with partial.open("wb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    partial.replace(folder / name)
    return {"name": name, "bytes": len(content), "media_type": media_type(name)}


def named(row: JobRow, name: str) -> Path | None:
    """The file ``name`` of a job that succeeded and made it; None otherwise."""
    if row.status != "succeeded" or not _NAME.fullmatch(name):
        return None
    made = {f.get("name") for f in (row.result or {}).get("files", [])}
    path = _folder(row.id) / name
    return path if name in made and path.is_file() else None
