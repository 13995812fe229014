"""The report package's one table: each network's pseudonym secret (:mod:`reports.pseudonyms`).

Why a table of its own rather than a secret derived from something stored: nothing stored is
both secret and stable. The installation's ``RAVIV_SECRET_KEY`` may be rotated (renaming every
member of every past report) and is not in a backup; a network's id or creation time is readable
through the API (anyone could then rebuild the codes of every ref and undo them). A random
secret per network, made the first time a pseudonymised report is asked for and never changed,
keeps the codes stable across periods and restores with the database.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, OnDelete, Serial, Timestamptz, Varchar
from piccolo.table import Table

from raviv.registry.tables import Network


class ReportSecret(Table):
    """A network's secret for the pseudonyms of its members in reports (never shown)."""

    id: Serial

    network = ForeignKey(Network, null=False, unique=True, on_delete=OnDelete.restrict)
    secret = Varchar(length=64, secret=True, help_text="64 hexadecimal characters; never changed.")
    created_at = Timestamptz()
