"""Liveness (/ping, no database) and readiness (/health, proves the database answers)."""

from __future__ import annotations

import sqlite3

import msgspec
from litestar import Response, get
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from piccolo.querystring import QueryString

from raviv import __version__
from raviv.db import get_engine
from raviv.guard.policy import PUBLIC
from raviv.settings import get_settings


class DatabaseHealth(msgspec.Struct, kw_only=True):
    engine: str
    name: str
    reachable: bool
    server_version: str | None = None
    error: str | None = None


class Health(msgspec.Struct, kw_only=True):
    status: str
    version: str
    database: DatabaseHealth


@get(
    "/ping",
    opt=PUBLIC,
    summary="Liveness: the process answers",
    tags=["system"],
    media_type="text/plain",
)
async def ping() -> str:
    return "pong"


@get(
    "/health",
    opt=PUBLIC,
    summary="Readiness: the service and its database answer",
    tags=["system"],
)
async def health() -> Response[Health]:
    settings = get_settings().database
    engine = get_engine()
    try:
        await engine.run_querystring(QueryString("SELECT 1", query_type="select"))
        version = (
            sqlite3.sqlite_version if settings.engine == "sqlite" else await engine.get_version()
        )
        database = DatabaseHealth(
            engine=settings.engine,
            name=settings.display,
            reachable=True,
            server_version=str(version),
        )
    except Exception as exc:
        database = DatabaseHealth(
            engine=settings.engine, name=settings.display, reachable=False, error=type(exc).__name__
        )
    status = "ok" if database.reachable else "unavailable"
    code = HTTP_200_OK if database.reachable else HTTP_503_SERVICE_UNAVAILABLE
    return Response(Health(status=status, version=__version__, database=database), status_code=code)
