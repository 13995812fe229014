"""``GET /metrics``: the Prometheus text of :mod:`raviv.metrics`, for the operators' scraper only.

Admitted: a client address in ``RAVIV_METRICS_ALLOW`` (this machine by default), or the bearer
token ``RAVIV_METRICS_TOKEN`` (compared in constant time). Anyone else gets a 403 problem.

- 403 rather than a 404 that would pretend the route is not there: the route is no secret (it
  is documented), and a scraper misconfigured shows "403 Forbidden" in Prometheus's targets
  page, which says what to fix, where a 404 sends one looking for a wrong path.
- Behind a reverse proxy the client address is the one uvicorn takes from ``X-Forwarded-For``
  when the proxy is one of ``RAVIV_TRUSTED_PROXIES``. A request that carries forwarding headers
  while no proxy is trusted came through a proxy raviv was not told of: its peer address (the
  proxy's, often 127.0.0.1) is not the client's, so it admits nothing; only the token does.
- Not in the OpenAPI document: it is not part of the API. Its access rule is ``PUBLIC`` for the
  access check (no account is involved); the check above is its own.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
from typing import Any

import structlog
from litestar import Request, Response, get

from raviv import metrics
from raviv.errors import ForbiddenError
from raviv.guard.policy import PUBLIC
from raviv.settings import Settings, get_settings

_log = structlog.get_logger("raviv.metrics")

_FORWARDING = ("x-forwarded-for", "forwarded", "x-real-ip")


def _token_admits(request: Request[Any, Any, Any], token: str | None) -> bool:
    if token is None:
        return False
    scheme, _, sent = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(sent.strip().encode(), token.encode())


def _address_admits(request: Request[Any, Any, Any], settings: Settings) -> bool:
    if not settings.metrics.allow:
        return False
    if not settings.access.trusted_proxies and any(h in request.headers for h in _FORWARDING):
        return False
    host = request.client.host if request.client else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    candidates = [address]
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        candidates.append(address.ipv4_mapped)  # an IPv4 client of a dual-stack socket
    return any(
        candidate in ipaddress.ip_network(network)
        for network in settings.metrics.allow
        for candidate in candidates
    )


def admitted(request: Request[Any, Any, Any], settings: Settings) -> bool:
    """May this request read the metrics?"""
    return _token_admits(request, settings.metrics.token) or _address_admits(request, settings)


@get("/metrics", opt=PUBLIC, include_in_schema=False, name="metrics")
async def metrics_page(request: Request[Any, Any, Any]) -> Response[bytes]:
    if not admitted(request, get_settings()):
        _log.info("metrics.refused", client=request.client.host if request.client else None)
        raise ForbiddenError(
            "The metrics are for the addresses in RAVIV_METRICS_ALLOW, or the bearer token "
            "RAVIV_METRICS_TOKEN."
        )
    metrics.sample_pool()  # in the event loop: it reads the loop's own objects
    body, content_type = await asyncio.to_thread(metrics.exposition)  # reads files
    # Litestar adds the charset to a text/* type itself.
    return Response(body, media_type=content_type.split("; charset=", 1)[0])
