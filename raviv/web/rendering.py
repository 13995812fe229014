"""Rendering a page: the template engine, the context every page shares, the language cookie."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from litestar import Request
from litestar.datastructures import Cookie
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

from raviv.guard.middleware import session_cookie_name
from raviv.guard.policy import principal_of
from raviv.guard.secrets import csrf_token
from raviv.web import assets, i18n

TEMPLATES = Path(__file__).parent / "templates"
#: Pages hold personal data: never cached; their script and styles come from this origin only.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {"Cache-Control": "no-store", "Content-Security-Policy": PAGE_CSP}


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(
        directory=TEMPLATES,
        engine=JinjaTemplateEngine,
        engine_callback=lambda engine: i18n.install(engine.engine),
    )


def locale_of(request: Request[Any, Any, Any]) -> str:
    return i18n.choose(
        request.query_params.get("lang"), request.cookies.get(i18n.COOKIE), principal_of(request)
    )


def _switch_url(request: Request[Any, Any, Any], other: str) -> str:
    """The page in the other language. Its address keeps the query (an invitation's or a reset's
    token). A page answering a form (its mistakes) is at an address that only takes the form:
    the link goes to the page the form was on (the Referer, same site only), else home."""
    path = request.url.path
    query: list[tuple[str, str]] = list(request.query_params.multi_items())
    if request.method != "GET":
        came_from = urlsplit(request.headers.get("referer", ""))
        if came_from.netloc == request.url.netloc and came_from.path.startswith("/"):
            path, query = came_from.path, parse_qsl(came_from.query)
        else:
            path, query = "/", []
    return path + "?" + urlencode([(k, v) for k, v in query if k != "lang"] + [("lang", other)])


def page(
    request: Request[Any, Any, Any], name: str, *, status_code: int = 200, **context: Any
) -> Template:
    """The page ``name`` in the request's language, with what every page shows."""
    locale = locale_of(request)
    principal = principal_of(request)
    session = request.cookies.get(session_cookie_name())
    shared = {
        "locale": locale,
        "other_locale": "en" if locale == "fr" else "fr",
        "principal": principal,
        "csrf_token": csrf_token(session) if session and principal else "",
        "htmx_js": assets.HTMX_JS,
        "css": assets.CSS,
        "path": request.url.path,
        "switch_url": _switch_url(request, "en" if locale == "fr" else "fr"),
    }
    cookies = []
    chosen = request.query_params.get("lang")
    if chosen in i18n.LOCALES:
        cookies.append(Cookie(key=i18n.COOKIE, value=chosen, path="/", samesite="lax"))
    return Template(
        template_name=name,
        context={**shared, **context},
        status_code=status_code,
        headers=PAGE_HEADERS,
        cookies=cookies,
    )
