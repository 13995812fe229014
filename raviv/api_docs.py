"""The OpenAPI document and its docs page (Scalar), served entirely from this origin.

The page runs the Scalar bundle vendored in ``raviv/static/scalar`` (pinned; its version and
sha256 in the README beside it), never a CDN: the docs live on the origin that holds the sessions.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from pathlib import Path, PurePath
from typing import Any

import msgspec
from litestar import Litestar, Request, Response, Router, get
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.file_system import BaseLocalFileSystem
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin
from litestar.openapi.spec import (
    Components,
    OpenAPI,
    OpenAPIFormat,
    OpenAPIType,
    Operation,
    Schema,
    SecurityScheme,
)
from litestar.params import FromPath
from litestar.plugins import OpenAPISchemaPlugin
from litestar.response.file import ASGIFileResponse
from litestar.routes import HTTPRoute
from litestar.static_files.base import StaticFiles
from litestar.typing import FieldDefinition

from raviv import __version__
from raviv.archive.json_schema import archive_json_schema
from raviv.guard.middleware import session_cookie_name
from raviv.guard.policy import PUBLIC, rule_of
from raviv.headers import API_ANSWER, DOCS_PAGE_CSP, every_answer

STATIC_DIR = Path(__file__).parent / "static"
SCALAR_VERSION = "1.76.4"
SCALAR_JS = f"/static/scalar/standalone.js?v={SCALAR_VERSION}"
#: Scalar's options: no fonts from its CDN, no developer tools, no telemetry, no "Ask AI".
SCALAR_OPTIONS = {
    "withDefaultFonts": False,
    "showDeveloperTools": "never",
    "telemetry": False,
    # Scalar's "Ask AI" sends the document to Scalar's service: off (the CSP would block it too).
    "agent": {"disabled": True},
}


class VendoredScalar(ScalarRenderPlugin):
    """Scalar's page without a CDN link, favicon, inline script or inline style: the options go
    in a data attribute, which Scalar reads and the CSP allows."""

    def __init__(self) -> None:
        super().__init__(js_url=SCALAR_JS, css_url="", favicon="", style="", options=None)

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = html.escape(str(openapi_schema["info"]["title"]))
        url = html.escape(self.get_openapi_json_route(request))
        options = html.escape(msgspec.json.encode(SCALAR_OPTIONS).decode())
        return (
            "<!DOCTYPE html>\n<html>\n<head>\n"
            f"<title>{title}</title>\n"
            '<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "</head>\n<body>\n"
            "<noscript>The API reference needs JavaScript.</noscript>\n"
            f'<script id="api-reference" data-url="{url}" data-configuration="{options}">'
            "</script>\n"
            f'<script src="{html.escape(self.js_url)}"></script>\n'
            "</body>\n</html>\n"
        ).encode()


@functools.cache
def _static() -> StaticFiles:
    return StaticFiles(
        is_html_mode=False,
        directories=[STATIC_DIR],
        file_system=BaseLocalFileSystem(),
        # A file answer bypasses the layered headers: it carries them itself. Cacheable, as
        # the URLs carry the version.
        headers={**every_answer(), **API_ANSWER, "Cache-Control": "public, max-age=86400"},
    )


@get("/static/{file_path:path}", opt=PUBLIC, include_in_schema=False, name="static")
async def static_files(file_path: FromPath[PurePath]) -> ASGIFileResponse:
    """The vendored assets (the docs page's script), public."""
    return await _static().handle(path=file_path.as_posix(), is_head_response=False)


async def _docs_page_csp(response: Response[Any]) -> Response[Any]:
    """The docs page runs Scalar: its CSP allows this origin's script; the JSON keeps the API's."""
    if str(response.media_type).startswith("text/html"):
        response.headers["Content-Security-Policy"] = DOCS_PAGE_CSP
    return response


class TimeOfDaySchema(OpenAPISchemaPlugin):
    """A ``datetime.time`` is a time of day, ``"14:00:00"``: ``format: time`` (Litestar's own
    mapping says ``duration``, which schema checkers then refuse)."""

    @staticmethod
    def is_plugin_supported_type(value: Any) -> bool:
        return value is dt.time

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        return Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.TIME)


class StrictStructSchema(StructSchemaPlugin):
    """Litestar's schema of a msgspec Struct, plus ``additionalProperties: false`` when the
    Struct refuses unknown fields (every request body does, :class:`raviv.edge.Input`)."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        info = msgspec.inspect.type_info(field_definition.type_)
        if isinstance(info, msgspec.inspect.StructType) and info.forbid_unknown_fields:
            schema.additional_properties = False
        return schema


#: Before Litestar's own schema plugins, which the application appends after these.
OPENAPI_SCHEMA_PLUGINS = (TimeOfDaySchema(), StrictStructSchema())


def _archive_component(name: str) -> str:
    return name if name.startswith("Archive") else f"Archive{name}"


def _archive_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                "#/components/schemas/" + _archive_component(value.removeprefix("#/$defs/"))
                if key == "$ref" and isinstance(value, str)
                else _archive_refs(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_archive_refs(value) for value in node]
    return node


def document_archive(openapi: OpenAPI) -> None:
    """Add the archive's JSON Schema (docs/raviv-network-1.schema.json, decimals as strings) to
    the components, each definition prefixed ``Archive``: the archive's Structs themselves would
    take the names of the API's own (``Member``, ``Meeting``…)."""
    published = archive_json_schema()
    schemas = openapi.components.schemas
    for name, definition in published["$defs"].items():
        key = _archive_component(name)
        if key in schemas:
            raise RuntimeError(f"the archive's {name} would replace the component {key}")
        schemas[key] = _archive_refs(definition)
    schemas["Archive"]["description"] = published["description"]  # type: ignore[index]


def document_public_routes(app: Litestar) -> None:
    """Public operations (sign-in, ``/ping``…) say ``security: []``: the document's default is
    a bearer token or the session cookie, which every other operation needs."""
    paths = app.openapi_schema.paths or {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or (item := paths.get(route.path_format)) is None:
            continue
        for handler in route.route_handlers:
            if not rule_of(handler).public:
                continue
            for method in handler.http_methods:
                operation = getattr(item, method.lower(), None)
                if isinstance(operation, Operation):
                    operation.security = []


BEARER = "bearerToken"
SESSION = "sessionCookie"


def openapi_config() -> OpenAPIConfig:
    """The document at ``/schema/openapi.json``, its page at ``/schema`` (Scalar), and how to
    authorise: a bearer token (``raviv_…``), or the session cookie a browser gets from sign-in."""
    return OpenAPIConfig(
        title="raviv",
        version=__version__,
        description=(
            "Participation and reciprocity tracking for federative networks of organisations."
        ),
        path="/schema",
        render_plugins=[VendoredScalar()],
        openapi_router=Router(
            path="/schema",
            route_handlers=[],
            after_request=_docs_page_csp,
            include_in_schema=False,  # the document does not list its own pages
        ),
        components=Components(
            security_schemes={
                BEARER: SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description="An API token (`raviv accounts token`, or POST /api/auth/login "
                    "with mode=token, or POST /api/me/tokens).",
                ),
                SESSION: SecurityScheme(
                    type="apiKey",
                    name=session_cookie_name(),
                    security_scheme_in="cookie",
                    description="The session cookie of POST /api/auth/login (mode=session); "
                    "writes also need the X-CSRF-Token header it gives.",
                ),
            }
        ),
        security=[{BEARER: []}, {SESSION: []}],
    )
