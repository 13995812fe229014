"""WeasyPrint reads nothing but the package's own files: a URL in the HTML, whatever its scheme,
is refused without being opened (a real HTTP server on 127.0.0.1 counts the requests it gets),
and user text holding markup is printed as text."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from weasyprint.urls import URLFetchingError

from reports.render import STATIC, FetchRefused, PackageFetcher, render_pdf, render_pdf_off_loop
from tests.unit.report_document.pdf_text import pdf_text

PORT = 18651  # this worktree's ports: 18650-18699


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - shared by the server's handler instances

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@contextmanager
def counting_server() -> Iterator[list[str]]:
    """A real HTTP server on 127.0.0.1:PORT; gives the paths it was asked for."""
    _Counter.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", PORT), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield _Counter.hits
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server() -> Iterator[list[str]]:
    with counting_server() as hits:
        yield hits


def test_the_fetcher_serves_the_package_files_and_refuses_everything_else() -> None:
    fetcher = PackageFetcher()
    font = STATIC / "fonts" / "DejaVuSansCondensed.ttf"
    response = fetcher.fetch(font.as_uri())
    assert response.read()[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    for url in (
        "http://127.0.0.1/x.png",
        "https://example.org/x.css",
        "ftp://example.org/x",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd",
        (STATIC / ".." / "render.py").as_uri(),  # climbing out of static/
        (STATIC / "fonts" / "nothing.ttf").as_uri(),
        "file://other-host" + font.as_posix(),
    ):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 8


def test_no_url_of_the_html_is_fetched(server: list[str]) -> None:
    html = f"""<!doctype html><html><head>
    <link rel="stylesheet" href="http://127.0.0.1:{PORT}/style.css">
    <style>@import url(http://127.0.0.1:{PORT}/imported.css);
    body {{ background: url(http://127.0.0.1:{PORT}/bg.png); }}</style></head>
    <body><p>Bonjour</p><img src="http://127.0.0.1:{PORT}/img.png"><img src="file:///etc/hostname">
    <svg><image href="http://127.0.0.1:{PORT}/svg.png" width="10" height="10"/></svg>
    </body></html>"""
    rendered = render_pdf(html)
    assert server == []
    assert f"http://127.0.0.1:{PORT}/img.png" in rendered.refused
    assert "file:///etc/hostname" in rendered.refused
    assert "Bonjour" in pdf_text(rendered.pdf)


async def test_rendering_off_the_loop_gives_the_same_bytes_in_a_thread_and_a_process() -> None:
    html = "<!doctype html><html><body><p>Même document</p></body></html>"
    in_thread = await render_pdf_off_loop(html, isolate=False)
    in_process = await render_pdf_off_loop(html, isolate=True)
    assert in_thread.pdf == in_process.pdf
    assert in_thread.pages == in_process.pages == 1


def test_a_refusal_is_what_weasyprint_reports_as_a_fetching_error() -> None:
    # WeasyPrint turns the fetcher's refusal into a warning and leaves the resource out; the
    # refusal must not be a FatalURLFetchingError (which would stop the report).
    assert issubclass(FetchRefused, ValueError)
    assert not issubclass(FetchRefused, URLFetchingError)
