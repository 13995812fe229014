"""Background jobs (raviv/jobs/service.py): one interface, SQLite's in-process runner or
procrastinate on PostgreSQL, a row per job saying where it stands."""
