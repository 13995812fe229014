"""The one place that assembles the service: routes, error mapping, OpenAPI, logging, lifespan."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar_htmx import HTMXPlugin

from admin.mount import admin_routes
from raviv.access import passwords
from raviv.access.controllers import ROUTERS as ACCESS_ROUTERS
from raviv.api_docs import (
    OPENAPI_SCHEMA_PLUGINS,
    document_archive,
    document_public_routes,
    openapi_config,
    static_files,
)
from raviv.assembly import assemble
from raviv.dashboard.controllers import ROUTERS as DASHBOARD_ROUTERS
from raviv.db import close_engine, open_engine
from raviv.edge import check_request
from raviv.errors import document_problems, exception_handlers
from raviv.guard.policy import audit_refusal, check_routes
from raviv.headers import API_ANSWER, as_response_headers, every_answer
from raviv.health import health, ping
from raviv.jobs.controllers import JobController
from raviv.jobs.service import jobs_lifespan
from raviv.ledger.controllers import ROUTERS as CONTRIBUTION_ROUTERS
from raviv.ledger.feed_controllers import CalendarFeedController
from raviv.ledger.rate_controllers import ROUTERS as RATE_ROUTERS
from raviv.ledger.working_controllers import ROUTERS as WORKING_LIFE_ROUTERS
from raviv.logging import logging_plugin, process_lifecycle
from raviv.metrics import pool_sampling
from raviv.metrics_route import metrics_page
from raviv.network_archive.controllers import ArchiveController
from raviv.participation.controllers import EvaluationController
from raviv.participation.enforcement_controllers import EnforcementController
from raviv.participation.scheduler import daily_scheduler
from raviv.registry.controllers import ROUTERS as REGISTRY_ROUTERS
from raviv.registry.import_controllers import MemberImportController
from raviv.request_context import bind_request_id, on_send
from raviv.scoring.controllers import ROUTERS as RECIPROCITY_ROUTERS
from raviv.settings import Settings, get_settings
from raviv.web.account import ROUTERS as ACCOUNT_PAGES
from raviv.web.dashboard_pages import ROUTERS as DASHBOARD_PAGES
from raviv.web.errors import with_error_pages
from raviv.web.import_pages import ROUTERS as IMPORT_PAGES
from raviv.web.member_pages import ROUTERS as MEMBER_PAGES
from raviv.web.pages import ROUTERS as WEB_ROUTERS
from raviv.web.people_pages import ROUTERS as PEOPLE_PAGES
from raviv.web.portal import ROUTERS as PORTAL_PAGES
from raviv.web.rendering import template_config
from raviv.web.report_pages import ROUTERS as REPORT_PAGES
from raviv.web.rule_pages import ROUTERS as RULE_PAGES
from raviv.web.settings_pages import ROUTERS as SETTINGS_PAGES
from reports.jobs import ReportController


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    assemble()

    @asynccontextmanager
    async def database(_: Litestar) -> AsyncIterator[None]:
        await open_engine(settings.database.pool_min, settings.database.pool_max)
        passwords.prepare()
        # What start-up built (the app, its routes, the ORM's tables) lives as long as the
        # process: moved out of the collector's sight, full collections stay short (on the
        # contribution bench, p99 went from 56–77 ms to 27 ms; docs/benchmarks.md).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await close_engine()

    app = Litestar(
        route_handlers=[
            ping,
            health,
            metrics_page,
            *ACCESS_ROUTERS,
            *REGISTRY_ROUTERS,
            *CONTRIBUTION_ROUTERS,
            *WORKING_LIFE_ROUTERS,
            *RATE_ROUTERS,
            CalendarFeedController,
            ArchiveController,
            MemberImportController,
            *RECIPROCITY_ROUTERS,
            *DASHBOARD_ROUTERS,
            EvaluationController,
            EnforcementController,
            JobController,
            ReportController,
            *admin_routes(),
            static_files,
            *WEB_ROUTERS,
            *ACCOUNT_PAGES,
            *PORTAL_PAGES,
            *REPORT_PAGES,
            *RULE_PAGES,
            *SETTINGS_PAGES,
            *MEMBER_PAGES,
            *PEOPLE_PAGES,
            *IMPORT_PAGES,
            *DASHBOARD_PAGES,
        ],
        # ApiController, the docs and /static override the CSP and Cache-Control of their answers;
        # error answers carry the same set (raviv.errors.Problem).
        response_headers=as_response_headers({**every_answer(), **API_ANSWER}),
        before_request=check_request,
        after_exception=[audit_refusal],
        # Every answer, errors included, carries the request's id and is counted; the id is
        # bound into every log line (raviv.request_context).
        middleware=[bind_request_id],
        before_send=[on_send],
        # In order; they stop in reverse: the job runner (jobs under way finished or handed back)
        # after the scheduler that queues them, the pool's readings and the database after
        # both, process.stopped last.
        lifespan=[process_lifecycle, database, pool_sampling, jobs_lifespan, daily_scheduler],
        # A browser asking for a page that does not exist gets a page (raviv/web/errors.py).
        exception_handlers=with_error_pages(exception_handlers()),
        plugins=[logging_plugin(settings), *OPENAPI_SCHEMA_PLUGINS, HTMXPlugin()],
        # The web pages (raviv/web/): Jinja templates, translated with Babel.
        template_config=template_config(),
        request_max_body_size=settings.max_body_bytes,
        openapi_config=openapi_config(),
        debug=settings.debug,
    )
    document_problems(app)
    document_archive(app.openapi_schema)
    # The OpenAPI pages and the automatic OPTIONS answers are public; every other route declares
    # its rule, and a route that needs the access check must have it, or the service does not start.
    check_routes(app)
    document_public_routes(app)
    return app
