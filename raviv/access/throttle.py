"""Attempt limits on secrets guessed by hand: a password at sign-in, a meeting's check-in code.

One row of ``login_throttle`` per key (a SHA-256, so the table holds no address nor account id
in clear) counts failures; at ``limit`` the key is locked for ``minutes`` and the count starts
over. While locked, :func:`check` answers 429 with ``Retry-After``, before the secret is even
looked at. With a ``window``, only the failures of the last ``window`` count (the count starts
over at the first failure after it); without one, failures count until the key is cleared.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from raviv.access.tables import LoginThrottle
from raviv.db import execute, transaction
from raviv.errors import TooManyRequestsError
from raviv.guard.principal import aware


def now() -> datetime:
    return datetime.now(UTC)


def key(*parts: str) -> str:
    """The key of what is throttled, as stored: a SHA-256 of its parts."""
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


async def check(throttled: str, message: str) -> None:
    """Refuse (429, with ``Retry-After`` in seconds) while ``throttled`` is locked; ``message``
    is told the wait in minutes (``{minutes}``)."""
    row = (
        await LoginThrottle.select(LoginThrottle.locked_until)
        .where(LoginThrottle.email_key == throttled)
        .first()
    )
    locked_until = row and row["locked_until"]
    if locked_until and aware(locked_until) > now():
        wait = int((aware(locked_until) - now()).total_seconds()) + 1
        raise TooManyRequestsError(
            message.format(minutes=wait // 60 + 1), headers={"Retry-After": str(wait)}
        )


async def count_failure(
    throttled: str, *, limit: int, minutes: int, window: timedelta | None = None
) -> None:
    """Count one failure; the ``limit``-th locks the key for ``minutes``."""
    at = now()
    async with transaction():
        if window is not None:
            row = (
                await LoginThrottle.select(LoginThrottle.window_started_at)
                .where(LoginThrottle.email_key == throttled)
                .first()
            )
            started = None if row is None else row["window_started_at"]
            if row is not None and (started is None or aware(started) <= at - window):
                await (
                    LoginThrottle.update(
                        {LoginThrottle.failures: 0, LoginThrottle.window_started_at: at}
                    )
                    .where(LoginThrottle.email_key == throttled)
                    .run()
                )
        rows = await execute(
            "INSERT INTO login_throttle (email_key, failures, locked_until, window_started_at)"
            " VALUES ({}, 1, NULL, {})"
            " ON CONFLICT (email_key) DO UPDATE SET failures = login_throttle.failures + 1"
            " RETURNING failures",
            throttled,
            at,
        )
        if rows and rows[0]["failures"] >= limit:
            await (
                LoginThrottle.update(
                    {
                        LoginThrottle.failures: 0,
                        LoginThrottle.locked_until: at + timedelta(minutes=minutes),
                        LoginThrottle.window_started_at: None,
                    }
                )
                .where(LoginThrottle.email_key == throttled)
                .run()
            )


async def clear(throttled: str) -> None:
    """Forget the key's failures (a sign-in that succeeded)."""
    await LoginThrottle.delete().where(LoginThrottle.email_key == throttled).run()
