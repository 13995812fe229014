"""Security headers: on every answer, and the stricter ones of the API's JSON answers."""

from __future__ import annotations

from litestar.datastructures import ResponseHeader

from raviv.settings import get_settings

EVERY_ANSWER = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
API_ANSWER = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}
#: The API docs page (Scalar) runs the bundle shipped in raviv/static and fetches the schema,
#: both from this origin; Scalar writes its styles at run time (inline styles; no inline script).
DOCS_PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HSTS = {"Strict-Transport-Security": "max-age=31536000; includeSubDomains"}


def every_answer() -> dict[str, str]:
    """The headers of every answer; HSTS too when raviv is served over HTTPS."""
    return {**EVERY_ANSWER, **(HSTS if get_settings().access.cookie_secure else {})}


def as_response_headers(headers: dict[str, str]) -> list[ResponseHeader]:
    """Litestar's form, set once on the app or a controller (no per-request work)."""
    return [ResponseHeader(name=name, value=value) for name, value in headers.items()]
