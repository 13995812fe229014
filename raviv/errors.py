"""Domain errors, and the one place that turns errors into HTTP problem details (RFC 9457).

Services raise the errors below and know nothing of HTTP. Controllers let them pass. The handlers
registered by :func:`exception_handlers` give every failure the same shape::

    {"type": "...", "title": "...", "status": 422, "detail": "...", "instance": "/api/...",
     "request_id": "...", "errors": [{"field": "siret", "message": "..."}]}

``request_id`` is the request's id (:mod:`raviv.request_context`), also in the answer's
``X-Request-ID`` header and in the request's log lines: what a user quotes, an operator greps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

import msgspec
import structlog
from litestar import Litestar, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import HTTP_204_NO_CONTENT, HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap

from raviv.request_context import request_id

_T = TypeVar("_T")

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE_BASE = "https://raviv.example/problems/"
#: At most this many problems are listed in an answer (``errors_total`` counts them all).
MAX_LISTED = 100
#: A value echoed in a problem is cut to this many characters.
MAX_VALUE_CHARS = 200


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One thing wrong with one field of the input.

    ``field`` is a path into the input (``siret``, ``members[2].siret``) or, for spreadsheets, the
    column header, with ``row`` the spreadsheet line. ``message`` is English; ``message_fr``, when
    given, is the French wording.
    """

    field: str
    message: str
    value: str | None = None
    row: int | None = None
    message_fr: str | None = None

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"field": self.field, "message": self.message}
        for name in ("value", "row", "message_fr"):
            if getattr(self, name) is not None:
                body[name] = getattr(self, name)
        if self.value is not None and len(self.value) > MAX_VALUE_CHARS:
            body["value"] = self.value[:MAX_VALUE_CHARS] + "…"
        return body


class DomainError(Exception):
    """Base of every error a service may raise on purpose."""

    status = 400
    kind = "bad-request"
    title = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[FieldProblem] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}
        self.audited = False  # set once the refusal is in the audit log


class UnauthorizedError(DomainError):
    """No valid credential: sign in, or send a valid token."""

    status = 401
    kind = "unauthorized"
    title = "Authentication required"

    def __init__(self, detail: str = "Sign in, or send a valid API token.") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="raviv"'})


class ForbiddenError(DomainError):
    """The caller is known but may not do this."""

    status = 403
    kind = "forbidden"
    title = "Not allowed"


class TooManyRequestsError(DomainError):
    status = 429
    kind = "too-many-requests"
    title = "Too many attempts"


class NotFoundError(DomainError):
    status = 404
    kind = "not-found"
    title = "Not found"


class ConflictError(DomainError):
    """The request collides with what exists (a duplicate ref, a concurrent change)."""

    status = 409
    kind = "conflict"
    title = "Conflict"


class TooLargeError(DomainError):
    """The input needs more work than allowed (a limit on size, rows, cells or time)."""

    status = 413
    kind = "too-large"
    title = "Too large"


class InvalidError(DomainError):
    """The input is well-formed but breaks a domain rule."""

    status = 422
    kind = "invalid"
    title = "Invalid input"

    @classmethod
    def on(cls, field: str, message: str, value: object = None) -> InvalidError:
        """One field is wrong: its path, why, and the value given (if any)."""
        shown = None if value is None else str(value)
        return cls(f"{field}: {message}", errors=[FieldProblem(field, message, shown)])


def convert_input(body: dict[str, Any], kind: type[_T]) -> _T:
    """``body`` (a form's fields, a job's arguments) checked and converted as the API's JSON
    body is (``msgspec.convert``, strings read as numbers and dates): an :class:`InvalidError`
    naming the field when wrong (``receiver.member``, ``attendance``: its path, without the
    item's index)."""
    try:
        return msgspec.convert(body, kind, strict=False)
    except msgspec.ValidationError as wrong:
        problem = FieldProblem(wrong_field(str(wrong)), str(wrong))
        raise InvalidError(str(wrong), errors=[problem]) from None


def wrong_field(message: str) -> str:
    """The field a msgspec validation message names: the path after ``$.`` (``form`` when it
    names none), or the missing field."""
    missing = re.search(r"missing required field `([^`]+)`", message)
    where = message.rsplit("`$.", 1)[-1].rstrip("`") if "`$." in message else ""
    where = re.sub(r"\[\d+\]", "", where)
    if missing:
        return f"{where}.{missing.group(1)}" if where else missing.group(1)
    return where or "form"


class UnvaluedError(ConflictError):
    """Stored entries no rate values (a meeting written before the write check, with no network
    rate and no SMIC that day). A 409, not a 422: the request is sound, the network's stored data
    conflict with it, and adding the missing rate resolves it."""

    kind = "rate-missing"
    title = "No rate values stored entries"

    @classmethod
    def of(cls, missing: Exception) -> UnvaluedError:
        """The problem for a :class:`raviv.valuation.RateMissing`: the day and the rate
        missing, in English and French."""
        on, form = getattr(missing, "on", None), getattr(missing, "form", None)
        smic_from = getattr(missing, "smic_from", None)
        day = on.isoformat() if on is not None else "?"
        rate, taux = (f"{form} rate", f"taux « {form} »") if form else ("rate", "taux")
        message = f"no {rate} in effect on {day}"
        message_fr = f"aucun {taux} en vigueur le {day}"
        if smic_from is not None:
            message += f", and no SMIC is known before {smic_from.isoformat()}"
            message_fr += f", et aucun SMIC n'est connu avant le {smic_from.isoformat()}"
        message += f"; a coordinator adds a network rate in effect on {day}"
        message_fr += f" ; un coordinateur ajoute un taux du réseau en vigueur le {day}"
        problem = FieldProblem("rates", message, value=day, message_fr=message_fr)
        return cls(f"stored entries cannot be valued: {message}", errors=[problem])


@dataclass(frozen=True, slots=True)
class Problem:
    status: int
    kind: str
    title: str
    detail: str
    errors: list[FieldProblem] = field(default_factory=list)

    @classmethod
    def of(cls, exc: DomainError) -> Problem:
        return cls(exc.status, exc.kind, exc.title, exc.detail, exc.errors)

    def body(self, instance: str | None = None, request: str | None = None) -> dict[str, Any]:
        """The problem document: the body of an error answer, and what ``raviv … --json``
        prints on a refusal (there without ``instance`` and ``request_id``, no request being
        answered)."""
        body: dict[str, Any] = {
            "type": PROBLEM_TYPE_BASE + self.kind,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance is not None:
            body["instance"] = instance
        if request is not None:
            body["request_id"] = request
        if self.errors:
            # A file with a problem on each of 50,000 rows must not answer megabytes: the first
            # MAX_LISTED problems are listed, and how many there are in all.
            body["errors"] = [e.as_dict() for e in self.errors[:MAX_LISTED]]
            if len(self.errors) > MAX_LISTED:
                body["errors_total"] = len(self.errors)
                body["detail"] += f" (the first {MAX_LISTED} of {len(self.errors)} are listed)"
        return body

    def response(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        from raviv.headers import API_ANSWER, every_answer

        return Response(
            content=self.body(request.url.path, request_id(request.scope)),
            status_code=self.status,
            media_type=PROBLEM_JSON,
            headers={**every_answer(), **API_ANSWER},
        )


def _field_of(item: dict[str, Any]) -> str:
    key = item.get("key")
    message = str(item.get("message", ""))
    # msgspec names the offending path as "... - at `$.a.b`"; unknown fields name themselves.
    for marker in ("unknown field `", "missing required field `"):
        if marker in message:
            name = message.split(marker, 1)[1].split("`", 1)[0]
            prefix = (
                message.rsplit("- at `$.", 1)[1].rstrip("`") + "." if "- at `$." in message else ""
            )
            return prefix + name
    if "- at `$." in message:
        return message.rsplit("- at `$.", 1)[1].rstrip("`")
    if key:
        return str(key)
    return "body"


def _validation_problem(exc: ValidationException) -> Problem:
    extra = exc.extra if isinstance(exc.extra, list) else []
    errors = [
        FieldProblem(field=_field_of(item), message=str(item.get("message")))
        for item in extra
        if isinstance(item, dict)
    ]
    detail = "; ".join(f"{e.field}: {e.message}" for e in errors) or str(exc.detail)
    return Problem(400, "validation", "The request is not valid", detail, errors)


def _on_validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    return _validation_problem(exc).response(request)


def _on_domain(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    response = Problem.of(exc).response(request)
    response.headers.update(exc.headers)
    return response


def _on_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    title = {
        400: "Bad request",
        404: "Not found",
        405: "Method not allowed",
        413: "Request body too large",
        429: "Too many requests",
    }.get(exc.status_code, "Request refused")
    errors = []
    if exc.status_code == 400:
        # What reaches here with a 400 is a body that could not be decoded at all.
        errors = [FieldProblem("body", str(exc.detail))]
    kind = title.lower().replace(" ", "-")
    response = Problem(exc.status_code, kind, title, str(exc.detail), errors).response(request)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def _on_rate_missing(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    return _on_domain(request, UnvaluedError.of(exc))


def _on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    # Bound here too: an error raised before the request-id middleware ran, or after it
    # returned, is logged outside its binding.
    with structlog.contextvars.bound_contextvars(request_id=request_id(request.scope)):
        request.logger.exception("unhandled error", exc_info=exc)
    return Problem(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "internal",
        "Internal error",
        "Something went wrong on our side; nothing was changed. The error was logged.",
    ).response(request)


class ProblemBody(msgspec.Struct, kw_only=True):
    """The body of every error response (RFC 9457 problem details)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    request_id: str  # also the X-Request-ID header of the answer, and in its log lines
    errors: list[dict[str, Any]] = msgspec.field(default_factory=list)
    errors_total: int | None = None  # when more problems were found than are listed


#: Error answers any route may give, documented once in the OpenAPI schema.
PROBLEM_RESPONSES = {
    status: ResponseSpec(
        data_container=ProblemBody,
        description=description,
        media_type=PROBLEM_JSON,
        generate_examples=False,
    )
    for status, description in (
        (400, "The request is malformed: bad JSON, wrong types, unknown fields"),
        (401, "No valid session or token"),
        (403, "The caller may not do this (role, token scope, CSRF, a field it may not set)"),
        (404, "No such network, member or route, or none the caller may see"),
        (409, "Conflicts with what exists: a ref already used, stored entries no rate values"),
        (413, "The body is larger than the limit, or a file needs more work than allowed"),
        (422, "Well-formed but breaks a domain rule; `errors` names each field"),
    )
}


#: For the routes that count attempts (sign-in, password reset, invitations, check-in codes).
TOO_MANY_REQUESTS = {
    429: ResponseSpec(
        data_container=ProblemBody,
        description="Too many attempts: wait the `Retry-After` seconds",
        media_type=PROBLEM_JSON,
        generate_examples=False,
    )
}
#: A 204 has no body; Litestar would document `-> Response[None]` as JSON `null`.
_NO_CONTENT = ResponseSpec(data_container=None, description="Request fulfilled, nothing follows")


def document_problems(app: Litestar) -> None:
    """Add the problem responses to every HTTP route's OpenAPI description, and say that a
    204 answer has no body."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if isinstance(handler, HTTPRouteHandler):
                own = handler.responses or {}
                if handler.status_code == HTTP_204_NO_CONTENT and HTTP_204_NO_CONTENT not in own:
                    own = {**own, HTTP_204_NO_CONTENT: _NO_CONTENT}
                handler.responses = {**PROBLEM_RESPONSES, **own}


def exception_handlers() -> ExceptionHandlersMap:
    from raviv.valuation import RateMissing  # pure code; imported late, no cycle

    return {
        ValidationException: _on_validation,
        DomainError: _on_domain,
        HTTPException: _on_http,
        RateMissing: _on_rate_missing,
        Exception: _on_unexpected,
    }
