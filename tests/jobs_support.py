"""Running the background jobs of a test, on the test's own engine: the worker this process
would run (SQLite's in-process runner, or procrastinate on PostgreSQL), until every job queued
is done. Jobs commit: the tests that use it are ``committed``."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from raviv.jobs import store
from raviv.jobs.service import opened
from raviv.settings import Settings, get_settings


def job_settings(**changes: object) -> Settings:
    settings = get_settings()
    return dataclasses.replace(settings, jobs=dataclasses.replace(settings.jobs, **changes))


async def unfinished() -> int:
    counted = 0
    for status in ("queued", "running"):
        counted += len(await store.listing(None, status=status, limit=10_000))
    return counted


async def wait_until(condition: object, seconds: float = 20.0) -> None:
    """Wait for ``condition`` (an async callable answering a bool)."""
    deadline = time.monotonic() + seconds
    while not await condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "waited in vain"
        await asyncio.sleep(0.05)


@asynccontextmanager
async def worker(**changes: object) -> AsyncIterator[None]:
    """A worker in this process for the time of the block (settings changed by ``changes``)."""
    async with opened(work=True, settings=job_settings(**changes)):
        yield


async def run_queued_jobs(seconds: float = 30.0) -> None:
    """Run every job queued (and those they queue) to its end."""

    async def all_done() -> bool:
        return await unfinished() == 0

    async with worker():
        await wait_until(all_done, seconds)
