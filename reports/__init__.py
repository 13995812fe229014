"""DLA activity reports: context (pure), Jinja templates, WeasyPrint rendering (later issue)."""
