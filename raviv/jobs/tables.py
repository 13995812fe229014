"""The record of every background job: what it is, for which network, where it stands.

One row per job, on both engines. It is what people read (status, progress, result, error),
what keeps a job from being queued twice (``key``), and, on SQLite, the queue itself
(:mod:`raviv.jobs.runner`). On PostgreSQL, procrastinate's tables carry the delivery
(:mod:`raviv.jobs.pg`); this row still says where the job stands.
"""

from __future__ import annotations

from piccolo.columns import Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class Job(Table):
    """One background job."""

    id: Serial

    kind = Varchar(length=64, help_text="What it does: daily, reminders, retention, …")
    # Ids, not foreign keys: jobs sit below the domains (docs/development.md, "Layers"), and a
    # job's row is a record of work done, kept whatever becomes of what it names.
    network = Integer(null=True, default=None, index=True, help_text="The network's id.")
    key = Varchar(
        length=200,
        null=True,
        default=None,
        unique=True,
        help_text="Two requests with one key make one job (daily:<network>:<day>, …).",
    )
    args = Text(default="{}", help_text="Its arguments: JSON.")
    status = Varchar(length=16, index=True, help_text="queued, running, succeeded, failed.")
    attempts = Integer(default=0, help_text="Attempts begun (a job handed back is not counted).")
    max_attempts = Integer(default=3)
    progress = Integer(default=0, help_text="Percent done, 0 to 100.")
    step = Varchar(length=200, default="", help_text="What it is doing now, or did last.")
    result = Text(default="", help_text="What it gave: JSON, once succeeded.")
    error = Varchar(length=1000, default="", help_text="Why the last attempt failed.")
    requested_by = Integer(null=True, default=None, help_text="The account's id, if any.")
    requested_via = Varchar(length=32, default="", help_text="scheduler, api, cli.")
    created_at = Timestamptz()
    run_after = Timestamptz(help_text="Not before this time (a retry waits a little).")
    started_at = Timestamptz(null=True, default=None)
    heartbeat_at = Timestamptz(null=True, default=None, help_text="Last sign of life.")
    finished_at = Timestamptz(null=True, default=None)
    owner = Varchar(length=100, default="", help_text="The process running it.")
