"""Which client address a real server sees behind (or without) a reverse proxy.

The sign-in limit counts attempts per client address: a caller must not pick its own address by
sending ``X-Forwarded-For``. Only the proxies named in ``RAVIV_TRUSTED_PROXIES`` are believed.
"""

from __future__ import annotations

import httpx
import pytest

from raviv.access.tables import AuditEntry
from tests.e2e.test_cli_and_server import serving

pytestmark = pytest.mark.committed

LIMITED = {"RAVIV_LOGIN_RATE_PER_MINUTE": "3"}


def attempts(base: str, *, forwarded_for: list[str]) -> list[int]:
    """One failed sign-in per address (a new e-mail address each time, so no lock-out)."""
    with httpx.Client(base_url=base, timeout=10) as http:
        return [
            http.post(
                "/api/auth/login",
                json={"email": f"personne{i}@ailleurs.example", "password": "pas le bon du tout"},
                headers={"X-Forwarded-For": address},
            ).status_code
            for i, address in enumerate(forwarded_for)
        ]


async def test_a_forwarded_for_header_from_an_untrusted_peer_does_not_escape_the_sign_in_limit(
    committed_db: None,
) -> None:
    with serving(LIMITED) as base:
        answers = attempts(base, forwarded_for=[f"203.0.113.{i}" for i in range(1, 6)])

    assert answers == [401, 401, 401, 429, 429]
    ips = {row["client_ip"] for row in await AuditEntry.select(AuditEntry.client_ip).run()}
    assert ips == {"127.0.0.1"}


async def test_a_trusted_proxy_reports_each_clients_own_address(committed_db: None) -> None:
    with serving({**LIMITED, "RAVIV_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1"}) as base:
        answers = attempts(base, forwarded_for=[f"203.0.113.{i}" for i in range(1, 6)])
        same_client = attempts(base, forwarded_for=["198.51.100.7"] * 4)

    assert answers == [401] * 5
    assert same_client == [401, 401, 401, 429]
    ips = {row["client_ip"] for row in await AuditEntry.select(AuditEntry.client_ip).run()}
    assert ips == {f"203.0.113.{i}" for i in range(1, 6)} | {"198.51.100.7"}
