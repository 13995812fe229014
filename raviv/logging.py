"""Structured logging: JSON lines in production, readable lines in a terminal (structlog)."""

from __future__ import annotations

import logging

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
