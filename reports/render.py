"""From a report's HTML to its PDF: WeasyPrint, fetching nothing but the package's own files, run
off the event loop.

**What WeasyPrint may read.** The HTML holds user text (member names, group titles, notes), and
WeasyPrint fetches whatever an ``<img src>``, a ``url()`` or a ``<link>`` names. Templates
escape user text (Jinja's autoescape), and :class:`PackageFetcher` is the second wall: it serves
``file:`` URLs inside ``reports/static/`` (the stylesheet's fonts) and refuses every other URL —
``http(s):``, ``data:``, ``ftp:``, a file anywhere else, a ``..`` climbing out — without
opening it. A refusal does not stop the rendering (the resource is left out, as WeasyPrint does
for a broken image) and is kept in :attr:`PackageFetcher.refused`, which the tests read.

**Off the event loop.** :func:`render_pdf` is synchronous and CPU-bound (WeasyPrint's layout is
pure Python: about 0.2 s a page here). :func:`render_pdf_off_loop` runs it

- in a **worker process** (``isolate=True``, ``anyio.to_process``: the server's choice). Layout
  holds the GIL for seconds; in a thread of the server it would slow every request of that
  worker by GIL contention, and the whole document sits in memory (hundreds of MB for a large
  network) in the server's heap afterwards. A separate interpreter keeps both away; anyio keeps
  idle workers a few minutes and reaps them, so memory goes back to the system. Its cost, one
  interpreter start and the WeasyPrint import (about 1 s), is paid once per worker;
- in a **thread** (``isolate=False``, ``anyio.to_thread``: the command line's choice). The
  ``raviv report`` command's loop has nothing else to serve but its progress bar, and the
  process ends after one report, so a second interpreter would only add its start-up time.

Both give the same bytes: only the place the work runs differs.
"""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlsplit

import anyio.to_process
import anyio.to_thread
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

PACKAGE: Final = Path(__file__).resolve().parent
STATIC: Final = PACKAGE / "static"
STYLESHEET: Final = STATIC / "report.css"
FONTS_DATE: Final = "1678406400"
"""2023-03-10, the date of the shipped DejaVu 2.37 files: the "modified" time fontTools writes
into each embedded font subset (``SOURCE_DATE_EPOCH``, the reproducible-builds convention it
follows), so that the same HTML gives the same PDF bytes in any second (WeasyPrint subsets
fonts with fontTools where HarfBuzz's subsetter is missing, as on Debian 12)."""


class FetchRefused(ValueError):
    """A URL the report may not read (anything but the package's own static files)."""


def _static_path(url: str) -> Path:
    """The file of ``reports/static/`` that a ``file:`` URL names, or FetchRefused."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in {"", "localhost"}:
        raise FetchRefused(f"the report reads only its own files, not {url[:200]!r}")
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(STATIC) or not path.is_file():
        raise FetchRefused(f"not one of the report's own files: {url[:200]!r}")
    return path


class PackageFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """WeasyPrint's URL fetcher for reports: the package's static files, nothing else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            path = _static_path(url)
        except FetchRefused:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".ttf":
            content_type = "font/ttf"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered PDF, its page count, and the URLs refused while rendering it."""

    pdf: bytes
    pages: int
    refused: tuple[str, ...] = field(default=())


def render_pdf(html: str) -> Rendered:
    """The PDF of ``html`` (a complete document made by :mod:`reports.document`), styled by
    ``reports/static/report.css``. Synchronous and slow: call it through
    :func:`render_pdf_off_loop` from async code."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", FONTS_DATE)
    fetcher = PackageFetcher()
    fonts = FontConfiguration()
    base = STATIC.as_uri() + "/"
    stylesheet = CSS(
        string=STYLESHEET.read_text(encoding="utf-8"),
        base_url=base,
        url_fetcher=fetcher,
        font_config=fonts,
    )
    document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(
        stylesheets=[stylesheet], font_config=fonts
    )
    # No file identifier and no creation date (none in <head>): the same HTML gives the same
    # bytes (WeasyPrint writes neither unless asked).
    pdf = document.write_pdf()
    assert isinstance(pdf, bytes)
    return Rendered(pdf=pdf, pages=len(document.pages), refused=tuple(fetcher.refused))


async def render_pdf_off_loop(html: str, *, isolate: bool = True) -> Rendered:
    """:func:`render_pdf` off the event loop: in a worker process (``isolate``, for the
    server) or in a worker thread (for the command line). See the module's note."""
    if isolate:
        rendered: Rendered = await anyio.to_process.run_sync(render_pdf, html, cancellable=True)
        return rendered
    return await anyio.to_thread.run_sync(render_pdf, html, abandon_on_cancel=False)
