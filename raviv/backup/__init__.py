"""Backups and restore of the whole database: ``raviv backup``, ``raviv restore``.

- :mod:`raviv.backup.files`: what a backup file is, which engine made it and when (the time is
  inside the file, so it survives a rename), and the refusals of a bad one;
- :mod:`raviv.backup.sqlite`: SQLite's online backup API, a consistent copy while the service
  writes; the copy back, under an exclusive lock that proves the service is stopped;
- :mod:`raviv.backup.postgres`: ``pg_dump --format=custom`` and ``pg_restore``;
- :mod:`raviv.backup.replay`: the erasure journal (:mod:`raviv.erasure_journal`) kept complete
  before a backup, and its entries newer than a backup erased again after its restore;
- :mod:`raviv.backup.commands`: the two commands.

It sits above the domains (it re-applies erasures through :mod:`raviv.access.gdpr`), beside the
entry points' documents; only :mod:`raviv.cli` imports it. docs/backup.md tells the operator.
"""
