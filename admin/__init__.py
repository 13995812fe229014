"""Piccolo Admin configuration (TableConfig per table), mounted under /admin by a later issue."""
