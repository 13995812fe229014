"""What raviv keeps of each request besides its handler's work: an id, and its count.

- **The request id.** A request sending ``X-Request-ID`` with a short safe token (letters,
  digits, ``.``, ``_``, ``-``; 64 at most) keeps it, so that a proxy's or a client's id follows
  the request into raviv's logs; any other value is replaced by a new one. The id is in the
  ``X-Request-ID`` header of every answer (errors too), in every log line of the request
  (structlog's context), and in every problem body (:mod:`raviv.errors`).
- **Its count.** Every answer is counted by method, route template and status, with its
  latency (:func:`raviv.metrics.observe_request`).

Both are done from the app's ``before_send`` hook (:func:`on_send`), which sees every answer,
also those Litestar makes itself from an error raised before any handler ran (no such route, a
refusal of the access check): a middleware's send wrapper does not see those. The middleware
(:func:`bind_request_id`) only binds the id into the logs of what runs inside it.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from raviv import metrics

__all__ = [
    "REQUEST_ID_HEADER",
    "RequestContext",
    "bind_request_id",
    "context_of",
    "on_send",
    "request_id",
]

REQUEST_ID_HEADER = "X-Request-ID"
_HEADER = REQUEST_ID_HEADER.lower().encode()
_SAFE = re.compile(r"[A-Za-z0-9._-]{1,64}")
_KEY = "raviv.request"
#: The route of an answer given before any route was found (no such path, a method not allowed).
UNMATCHED = "unmatched"


@dataclass(slots=True)
class RequestContext:
    id: str
    started: float  # time.perf_counter() when raviv first saw the request
    status: int = 0
    counted: bool = False


def _incoming(scope: Scope | dict[str, Any]) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == _HEADER:
            text = value.decode("latin-1")
            return text if _SAFE.fullmatch(text) else None
    return None


def context_of(scope: Scope | dict[str, Any]) -> RequestContext:
    """The request's context, made the first time anything asks (the middleware, or the error
    handler when no route was found)."""
    state = scope.setdefault("state", {})
    found = state.get(_KEY)
    if not isinstance(found, RequestContext):
        found = RequestContext(_incoming(scope) or uuid.uuid4().hex, time.perf_counter())
        state[_KEY] = found
    return found


def request_id(scope: Scope | dict[str, Any]) -> str:
    return context_of(scope).id


def bind_request_id(app: ASGIApp) -> ASGIApp:
    """The app's outermost middleware: the request id in every log line of the request."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        with structlog.contextvars.bound_contextvars(request_id=context_of(scope).id):
            await app(scope, receive, send)

    return middleware


async def on_send(message: Message, scope: Scope) -> None:
    """The app's ``before_send`` hook: the id in the answer's headers; the answer counted once
    its last byte is handed over."""
    if scope["type"] != ScopeType.HTTP:
        return
    if message["type"] == "http.response.start":
        context = context_of(scope)
        context.status = message["status"]
        message["headers"] = [*message.get("headers", ()), (_HEADER, context.id.encode())]
    elif message["type"] == "http.response.body" and not message.get("more_body", False):
        context = context_of(scope)
        if context.counted:
            return
        context.counted = True
        route = scope.get("path_template") if scope.get("route_handler") else None
        metrics.observe_request(
            str(scope.get("method", "")),
            route or UNMATCHED,
            context.status,
            time.perf_counter() - context.started,
        )
