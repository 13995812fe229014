"""The network archive (``raviv-network/1``): one JSON document holding a whole network.

Pure code: no database, no web framework. :func:`parse_archive` validates everything and either
returns the typed :class:`Archive` or raises :class:`ArchiveInvalid` naming every problem, so an
import built on it is all-or-nothing. :func:`dump_archive` writes the canonical document back.
See ``docs/archive.md``.
"""

from raviv.archive.dump import dump_archive
from raviv.archive.schema import FORMAT, Archive
from raviv.archive.validate import ArchiveInvalid, ArchiveProblem, parse_archive

__all__ = [
    "FORMAT",
    "Archive",
    "ArchiveInvalid",
    "ArchiveProblem",
    "dump_archive",
    "parse_archive",
]
