"""Security headers on every answer (errors included), and an API docs page that loads nothing
from another origin: its script is the pinned Scalar bundle shipped inside the package."""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import httpx
import pytest
from litestar import Litestar, get
from litestar.testing import TestClient

from raviv.errors import exception_handlers
from raviv.headers import API_ANSWER, DOCS_PAGE_CSP, EVERY_ANSWER, as_response_headers

STATIC = Path(__file__).resolve().parents[2] / "raviv" / "static" / "scalar"

ROUTE_CLASSES = [
    ("GET", "/schema", 200),
    ("GET", "/schema/scalar", 200),
    ("GET", "/schema/openapi.json", 200),
    ("GET", "/ping", 200),
    ("GET", "/health", 200),
    ("GET", "/metrics", 200),
    ("GET", "/no/such/route", 404),
    ("DELETE", "/ping", 405),
    ("POST", "/api/auth/login", 400),  # an empty body: a problem naming it
    ("GET", "/api/me/", 401),
    ("GET", "/static/scalar/standalone.js", 200),
]


def _assert_secured(response: httpx.Response) -> None:
    for name, value in EVERY_ANSWER.items():
        assert response.headers.get(name) == value, name
    assert response.headers.get("Content-Security-Policy"), "no CSP"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(("method", "path", "status"), ROUTE_CLASSES)
async def test_every_route_class_carries_the_security_headers(
    anonymous: httpx.AsyncClient, method: str, path: str, status: int
) -> None:
    response = await anonymous.request(method, path)
    assert response.status_code == status, response.text[:300]
    _assert_secured(response)


@pytest.mark.parametrize(
    "path", ["/ping", "/health", "/metrics", "/schema/openapi.json", "/no/such/route"]
)
async def test_answers_other_than_the_docs_page_get_the_api_csp_and_no_store(
    anonymous: httpx.AsyncClient, path: str
) -> None:
    response = await anonymous.get(path)
    assert response.headers["Content-Security-Policy"] == API_ANSWER["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_an_unexpected_error_answers_500_with_the_security_headers() -> None:
    @get("/boom", sync_to_thread=False)
    def boom() -> None:
        raise RuntimeError("unexpected")

    app = Litestar(
        [boom],
        exception_handlers=exception_handlers(),
        response_headers=as_response_headers({**EVERY_ANSWER, **API_ANSWER}),
    )
    with TestClient(app) as http:
        response = http.get("/boom")
    assert response.status_code == 500
    assert response.json()["type"].endswith("/internal")
    _assert_secured(response)  # type: ignore[arg-type]


async def test_the_docs_page_references_no_external_origin(anonymous: httpx.AsyncClient) -> None:
    for path in ("/schema", "/schema/scalar"):
        response = await anonymous.get(path)
        page = response.text
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", page), page
        assert response.headers["Content-Security-Policy"] == DOCS_PAGE_CSP
        assert "<script>" not in page  # no inline script: the CSP forbids them
        sources = re.findall(r'<script[^>]*\ssrc="([^"]+)"', page)
        assert sources == ["/static/scalar/standalone.js?v=1.76.4"]
        configuration = re.search(r'data-configuration="([^"]+)"', page)
        assert configuration, page
        options = json.loads(html.unescape(configuration.group(1)))
        # nothing that calls out: no CDN fonts, no telemetry, no "Ask AI" (sends the document)
        assert options["withDefaultFonts"] is False
        assert options["telemetry"] is False
        assert options["agent"] == {"disabled": True}


async def test_the_docs_csp_allows_only_this_origin() -> None:
    directives = dict(part.strip().split(" ", 1) for part in DOCS_PAGE_CSP.split(";"))
    assert directives["default-src"] == "'none'"
    for name in ("script-src", "connect-src"):
        assert directives[name] == "'self'"
    for value in directives.values():
        assert "http" not in value
        assert "*" not in value
        assert "unsafe-eval" not in value


async def test_the_served_scalar_bundle_is_the_pinned_one(anonymous: httpx.AsyncClient) -> None:
    readme = (STATIC / "README.md").read_text()
    expected = re.search(r"sha256: ([0-9a-f]{64})", readme)
    assert expected, "the README records the bundle's sha256"
    assert "@scalar/api-reference@1.76.4" in readme
    response = await anonymous.get("/static/scalar/standalone.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["Content-Type"]
    assert hashlib.sha256(response.content).hexdigest() == expected.group(1)
    assert "public" in response.headers["Cache-Control"]
