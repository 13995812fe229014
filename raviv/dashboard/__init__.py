"""A network's dashboard: its statuses and indicators, read at once from the figures the
``dashboard`` job keeps (docs/rules.md, "The dashboard")."""
