"""The pages' static files, all under ``raviv/static`` (served at ``/static``), by versioned URL."""

from __future__ import annotations

#: htmx, vendored (raviv/static/htmx/README.md gives its origin and sha256).
HTMX_VERSION = "2.0.11"
HTMX_JS = f"/static/htmx/htmx.min.js?v={HTMX_VERSION}"
#: Bumped when raviv/static/web/raviv.css changes (the static files are cached a day).
CSS_VERSION = "6"
CSS = f"/static/web/raviv.css?v={CSS_VERSION}"
