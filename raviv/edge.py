"""What every request must be before a handler sees it: the bounds of raviv/lib/bounds.py applied
once, at the edge, to every route (query, path and JSON body), rather than in each handler.

- A JSON body nested deeper than :data:`MAX_JSON_DEPTH` is refused (400) before anything walks it.
- A control character in any text of the body or the query: 422 naming the field or parameter.
- A date out of bounds in a query parameter typed as a date: 422 naming the parameter; in a
  body, :class:`Input` (the base of every input schema) refuses it naming the field.
- A path parameter that no stored row can have (an id beyond 64 bits, a ref with a control
  character): 404, as for any id or ref that does not exist.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.handlers import HTTPRouteHandler
from litestar.params import BodyKwarg

from raviv.errors import DomainError, FieldProblem, InvalidError, NotFoundError
from raviv.lib.bounds import date_problem, multiline, text_problem

#: Deepest JSON body accepted: the deepest of ours (a rule set) needs 6 levels.
MAX_JSON_DEPTH = 32
_INT64 = 2**63


class Input(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every input schema: unknown fields are refused, and so is any date out of the
    accepted bounds (422 naming the field)."""

    def __post_init__(self) -> None:
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if isinstance(value, dt.date) and (message := date_problem(value)):
                raise InvalidError.on(name, message, value.isoformat())


def out_of_bounds_day(field: str, value: dt.date) -> None:
    """Refuse a day read by hand (a query or a CLI option) out of the accepted bounds."""
    if message := date_problem(value):
        raise InvalidError.on(field, message, value.isoformat())


@functools.cache
def _date_parameters(handler: HTTPRouteHandler) -> dict[str, bool]:
    """The query parameters of ``handler`` (and of its dependencies) typed as a date or a
    moment, by the name sent."""
    found: dict[str, bool] = {}
    signatures = [handler.parsed_fn_signature]
    signatures += [
        provide.parsed_fn_signature for provide in handler.resolve_dependencies().values()
    ]
    parameters = [item for signature in signatures for item in signature.parameters.items()]
    for name, field in parameters:
        types = [t.annotation for t in field.inner_types] or [field.annotation]
        if any(isinstance(t, type) and issubclass(t, dt.date) for t in types):
            kwarg = field.kwarg_definition
            sent = getattr(kwarg, "query", None) or getattr(kwarg, "name", None) or name
            found[sent] = any(isinstance(t, type) and issubclass(t, dt.datetime) for t in types)
    return found


def _takes_json(handler: HTTPRouteHandler) -> bool:
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return False
    body = data.kwarg_definition
    return not isinstance(body, BodyKwarg) or body.media_type == RequestEncodingType.JSON


def _problem(field: str, message: str, value: str | None = None) -> InvalidError:
    return InvalidError(f"{field}: {message}", errors=[FieldProblem(field, message, value)])


def _check_query(request: Request[Any, Any, Any]) -> None:
    dates = _date_parameters(request.route_handler)
    problems: list[FieldProblem] = []
    for name, value in request.query_params.multi_items():
        if message := text_problem(value):
            problems.append(FieldProblem(name, message))
        elif name in dates:
            try:
                moment = dt.datetime.fromisoformat(value) if dates[name] else None
                day = moment or dt.date.fromisoformat(value)
            except ValueError:
                continue  # not a date at all: the parameter's own parsing says so
            if message := date_problem(day):
                problems.append(FieldProblem(name, message, value))
    if problems:
        detail = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise InvalidError(detail, errors=problems)


def _check_path(request: Request[Any, Any, Any]) -> None:
    for value in request.path_params.values():
        if (isinstance(value, int) and not -_INT64 <= value < _INT64) or (
            isinstance(value, str) and text_problem(value)
        ):
            raise NotFoundError("no such thing here")


def _check_text(value: Any, path: str, depth: int = 0) -> None:
    if depth > MAX_JSON_DEPTH:
        raise _too_deep()
    if isinstance(value, str):
        if message := text_problem(value, multiline=multiline(path)):
            raise _problem(path or "body", message)
    elif isinstance(value, dict):
        for key, item in value.items():
            if message := text_problem(key):
                raise _problem(path or "body", f"a key holds a {message}")
            _check_text(item, f"{path}.{key}" if path else key, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(item, f"{path}[{index}]", depth + 1)


def _too_deep() -> DomainError:
    message = f"the JSON is nested deeper than {MAX_JSON_DEPTH} levels"
    return DomainError(f"body: {message}", errors=[FieldProblem("body", message)])


async def _check_body(request: Request[Any, Any, Any]) -> None:
    if not _takes_json(request.route_handler) or not await request.body():
        return
    try:
        document = await request.json()
    except RecursionError:
        raise _too_deep() from None
    except Exception:
        return
    _check_text(document, "")


async def check_request(request: Request[Any, Any, Any]) -> None:
    """The app's ``before_request`` hook: refuse at the edge what no handler should see."""
    _check_path(request)
    _check_query(request)
    await _check_body(request)
