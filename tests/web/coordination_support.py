"""What the coordinator pages' tests share (rules, exemptions, dues, rates, groups): the example
network's people (tests/web/test_pages.py) and Olivier, who coordinates another network."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from raviv.access import service
from raviv.guard.roles import Role
from raviv.registry import schemas
from raviv.registry.service import create_network
from tests.conftest import shared_app
from tests.web.test_pages import PASSWORD, Browser


async def signed_in_as(email: str, network: str, role: Role) -> Browser:
    """A new account with ``role`` in ``network``, signed in (close its ``http`` after)."""
    account = await service.create_account(
        email, display_name=email.split("@", maxsplit=1)[0], password=PASSWORD
    )
    await service.grant_role(account, network, role)
    http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shared_app(), client=("127.0.0.1", 50000)),
        base_url="http://raviv.test",
    )
    signed = await http.post("/", data={"email": email, "password": PASSWORD})
    assert signed.status_code == 303, signed.text
    return Browser(http)


@pytest.fixture
async def outsider() -> AsyncIterator[Browser]:
    """Olivier coordinates another network (``autre``), which has no rule nor member yet."""
    await create_network(schemas.NetworkCreate(ref="autre", name="Autre réseau"))
    olivier = await signed_in_as("olivier@autre.example", "autre", Role.coordinator)
    yield olivier
    await olivier.http.aclose()


@pytest.fixture
async def consultant() -> AsyncIterator[Browser]:
    """Sophie is a consultant of ``exemple``: she reads the network, writes nothing."""
    sophie = await signed_in_as("sophie@exemple.example", "exemple", Role.consultant)
    yield sophie
    await sophie.http.aclose()


async def refused_everywhere(
    url: str,
    browsers: dict[str, Browser],
    outsider: Browser,
    form: dict[str, object],
    consultant: Browser | None = None,
) -> None:
    """The page ``url`` and its form: another network's coordinator 404, a representative 403
    (or 404), a consultant 403, a post without the session's CSRF token (or a wrong one) 403."""
    assert (await outsider.page(url)).status_code == 404
    if consultant is not None:
        assert (await consultant.page(url)).status_code == 403
        token = await consultant.csrf("/reseaux/exemple")
        posted = await consultant.http.post(url, data={"csrf_token": token, **form})
        assert posted.status_code == 403
    assert (await browsers["karim"].page(url)).status_code in {403, 404}
    token = await browsers["camille"].csrf(url)
    karim = await browsers["karim"].http.post(url, data={"csrf_token": token, **form})
    assert karim.status_code in {403, 404}
    other = await outsider.http.post(url, data=form)
    assert other.status_code in {403, 404}
    no_csrf = await browsers["camille"].http.post(url, data=form)
    assert no_csrf.status_code == 403
    wrong = await browsers["camille"].http.post(url, data={"csrf_token": "x" * 40, **form})
    assert wrong.status_code == 403
