"""Structured logging: JSON lines in production, readable lines in a terminal (structlog)."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from litestar.logging.config import StructLoggingConfig
from litestar.middleware.logging import LoggingMiddlewareConfig
from litestar.plugins.structlog import StructlogConfig, StructlogPlugin

from raviv.settings import Settings


def logging_plugin(settings: Settings) -> StructlogPlugin:
    level = getattr(logging, settings.log_level.upper())
    as_json = settings.log_format == "json"
    return StructlogPlugin(
        config=StructlogConfig(
            structlog_logging_config=StructLoggingConfig(
                log_exceptions="never",  # raviv.errors logs them, once,
                pretty_print_tty=not as_json,
                wrapper_class=structlog.make_filtering_bound_logger(level),
            ),
            middleware_logging_config=LoggingMiddlewareConfig(
                # No query string: a calendar feed link carries its secret there (?feed=…).
                request_log_fields=("method", "path", "path_params"),
                response_log_fields=["status_code"],
            ),
            enable_middleware_logging=settings.access_log,
        )
    )


def configure_process_logging(settings: Settings) -> None:
    """The service's log lines (JSON or console, the level) in a process that serves no web
    application: ``raviv jobs worker``."""
    plugin = logging_plugin(settings)
    plugin._config.structlog_logging_config.configure()


@asynccontextmanager
async def process_lifecycle(_app: object) -> AsyncIterator[None]:
    """The application's outermost lifespan hook (first in, last out): ``process.started`` as
    the application starts, ``process.stopped`` once every other hook has stopped (the database
    closed), each with the process id. With several workers each logs its own pair, so a
    shutdown that skipped a worker's application shutdown shows (tests/e2e/test_workers.py
    counts them)."""
    log = structlog.get_logger("raviv.process")
    log.info("process.started", pid=os.getpid())
    try:
        yield
    finally:
        log.info("process.stopped", pid=os.getpid())
