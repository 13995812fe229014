"""The network's figures as pages, over the real HTTP stack and a real database (both engines):
the coordinator's dashboard (read from the kept figures, never computed in the request), its
refresh, the exchanges, the federation's networks.

A demo network of 40 members (``demo``, under way today) in a federation (``fede``); a second
network (``autre``) with a coordinator of its own. Camille coordinates ``demo``, Sophie reads it
as a consultant (and an old consultant's grant ended yesterday), Karim represents a member,
Hélène reads the federation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import httpx
import pytest

from raviv.access import service as access
from raviv.access.tables import AuditEntry
from raviv.dashboard import service as dashboard
from raviv.demo import TIMEZONE, generate_network
from raviv.guard.roles import Role
from raviv.jobs import store
from raviv.network_archive import archive_io
from raviv.registry import schemas
from raviv.registry.service import create_network
from raviv.registry.tables import Network
from tests.conftest import shared_app
from tests.web.test_pages import Browser

pytestmark = pytest.mark.usefixtures("db")

PASSWORD = "un mot de passe de test assez long"  # noqa: S105
HOME = "/reseaux/demo"
EXCHANGES = HOME + "/echanges"
FEDERATION = "/reseaux/fede/federation"


def _today() -> dt.date:
    return dt.datetime.now(ZoneInfo(TIMEZONE)).date()


async def _person(
    email: str, role: Role, network: str, member: str | None = None, ends_on: dt.date | None = None
) -> None:
    account = await access.create_account(
        email, display_name=email.split("@", maxsplit=1)[0], password=PASSWORD
    )
    await access.grant_role(account, network, role, member_ref=member, ends_on=ends_on)


@pytest.fixture
async def people() -> AsyncIterator[dict[str, Browser]]:
    await create_network(schemas.NetworkCreate(ref="fede", name="Fédération des lieux"))
    document = generate_network(seed=2026, members=40, ref="demo", today=_today())
    await archive_io.import_archive(document)
    await archive_io.import_archive(
        generate_network(seed=7, members=12, ref="autre", today=_today())
    )
    fede = await Network.select(Network.id).where(Network.ref == "fede").first()
    assert fede is not None
    await Network.update({Network.parent: fede["id"]}).where(Network.ref == "demo")
    karim_member = document["members"][0]["ref"]
    today = _today()
    await _person("camille@demo.test", Role.coordinator, "demo")
    await _person("sophie@demo.test", Role.consultant, "demo", ends_on=today + dt.timedelta(365))
    await _person("ancienne@demo.test", Role.consultant, "demo", ends_on=today - dt.timedelta(1))
    await _person("karim@demo.test", Role.member, "demo", member=karim_member)
    await _person("autre@autre.test", Role.coordinator, "autre")
    await _person("helene@fede.test", Role.federation, "fede")
    opened = {}
    for email in (
        "camille@demo.test",
        "sophie@demo.test",
        "ancienne@demo.test",
        "karim@demo.test",
        "autre@autre.test",
        "helene@fede.test",
    ):
        http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=shared_app(), client=("127.0.0.1", 50000)),
            base_url="http://raviv.test",
        )
        signed = await http.post("/", data={"email": email, "password": PASSWORD})
        assert signed.status_code == 303, signed.text
        opened[email.split("@")[0]] = Browser(http)
    yield opened
    for browser in opened.values():
        await browser.http.aclose()


def html(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text[:800]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


async def _dashboard_jobs() -> list[store.JobRow]:
    return [row for row in await store.listing(None, limit=100) if row.kind == "dashboard"]


# -- the dashboard --------------------------------------------------------------------------------


async def test_without_figures_kept_the_dashboard_says_so_offers_the_refresh_and_computes_nothing(
    people: dict[str, Browser],
) -> None:
    text = html(await people["camille"].page(HOME), 200)

    assert "pas encore été calculés" in text
    assert 'action="/reseaux/demo/rafraichir"' in text
    assert "Calculer les chiffres" in text
    assert await dashboard.kept("demo") is None  # nothing computed in the request
    assert await _dashboard_jobs() == []


async def test_the_dashboard_shows_the_kept_figures_freshness_charts_tables_and_who_lacks_what(
    people: dict[str, Browser],
) -> None:
    figures = await dashboard.keep("demo")
    when = dt.datetime.fromisoformat(figures["as_of"]).astimezone(ZoneInfo(TIMEZONE))

    text = html(await people["camille"].page(HOME), 200)

    assert f"À jour à {when.hour} h {when.minute:02d}" in text
    assert "Rafraîchir" in text
    assert "Où en sont les membres" in text
    assert f'>{figures["statuses"]["at_risk"]}</span> <span class="badge status-at_risk"' in text
    assert "Taux de participation" in text
    assert "Concentration (Gini)" in text
    # the trend: two pygal charts as images, their figures in a table beside them
    assert text.count('src="data:image/svg+xml;base64,') == 2
    assert "Les chiffres des graphiques" in text
    assert "Par rapport à la période précédente" in text
    # the members at risk, each with what it lacks
    assert figures["at_risk"]
    for member in figures["at_risk"][:3]:
        assert member["name"] in text
    assert "Heures données" in text or "Réunions suivies" in text
    assert "manque" in text


async def test_the_dashboard_in_english_formats_time_and_euros_the_english_way(
    people: dict[str, Browser],
) -> None:
    await dashboard.keep("demo")

    text = html(await people["camille"].page(HOME + "?lang=en"), 200)

    assert re.search(r"Up to date at \d{1,2}:\d\d\s?[AP]M", text), text[:3000]
    assert "Participation rate" in text
    assert "€" in text


async def test_refresh_queues_the_dashboard_job_audited_and_the_page_waits_for_newer_figures(
    people: dict[str, Browser],
) -> None:
    kept = await dashboard.keep("demo")

    asked = await people["camille"].submit(HOME, action="refresh")
    # submit posts to the page's own address: the refresh has its own
    assert asked.status_code == 405 or asked.status_code >= 400
    token = await people["camille"].csrf(HOME)
    sent = await people["camille"].http.post(HOME + "/rafraichir", data={"csrf_token": token})

    assert sent.status_code == 303, sent.text
    assert sent.headers["location"].startswith(HOME + "?depuis=")
    [job] = await _dashboard_jobs()
    assert (job.status, job.requested_via) == ("queued", "web")
    assert await AuditEntry.count().where(AuditEntry.action == "job.queue") == 1
    waiting = html(await people["camille"].page(sent.headers["location"]), 200)
    assert "Calcul demandé" in waiting
    poll = re.search(r'hx-get="([^"]+)"', waiting)
    assert poll is not None
    url = poll.group(1).replace("&amp;", "&")
    still = await people["camille"].http.get(url, headers={"HX-Request": "true"})
    assert still.status_code == 200
    assert "HX-Redirect" not in still.headers
    assert "hx-trigger" in still.text

    await dashboard.keep("demo")  # what the job does

    ready = await people["camille"].http.get(url, headers={"HX-Request": "true"})
    assert ready.headers["HX-Redirect"] == HOME
    assert (await dashboard.kept("demo") or {})["as_of"] > kept["as_of"]


async def test_a_refresh_without_the_csrf_token_is_refused_and_queues_nothing(
    people: dict[str, Browser],
) -> None:
    refused = await people["camille"].http.post(HOME + "/rafraichir", data={})

    assert refused.status_code == 403
    assert await _dashboard_jobs() == []


async def test_a_consultant_reads_the_dashboard_without_refresh_nor_the_names_at_risk(
    people: dict[str, Browser],
) -> None:
    figures = await dashboard.keep("demo")

    text = html(await people["sophie"].page(HOME), 200)

    assert "Santé du réseau" in text
    assert "rafraichir" not in text
    below_the_menu = text.split("</nav>", 1)[1]
    assert "/validation" not in below_the_menu
    assert 'method="post"' not in below_the_menu  # no write button
    assert figures["at_risk"]
    for member in figures["at_risk"]:
        assert member["name"] not in text
    assert "membres en retard" in text
    token = await people["sophie"].csrf(HOME)
    refused = await people["sophie"].http.post(HOME + "/rafraichir", data={"csrf_token": token})
    assert refused.status_code == 403
    assert await _dashboard_jobs() == []


async def test_a_consultant_whose_grant_ended_reads_neither_page(
    people: dict[str, Browser],
) -> None:
    await dashboard.keep("demo")

    for url in (HOME, EXCHANGES):
        refused = await people["ancienne"].page(url)
        assert refused.status_code == 404, url  # no role left there: an outsider, as on the API
        assert "Santé du réseau" not in refused.text
        assert "Qui a donné quoi" not in refused.text


async def test_a_representative_and_another_networks_coordinator_are_refused(
    people: dict[str, Browser],
) -> None:
    await dashboard.keep("demo")

    for url in (HOME, EXCHANGES, EXCHANGES + "/graphe.svg", HOME + "/fraicheur"):
        assert (await people["karim"].page(url)).status_code == 403, url
        assert (await people["autre"].page(url)).status_code == 404, url
    token = await people["karim"].csrf("/compte/parametres")
    assert (
        await people["karim"].http.post(HOME + "/rafraichir", data={"csrf_token": token})
    ).status_code == 403


# -- the exchanges ---------------------------------------------------------------------------------


async def test_the_exchanges_show_the_graph_and_who_gave_what_to_whom_in_euros(
    people: dict[str, Browser],
) -> None:
    text = html(await people["camille"].page(EXCHANGES), 200)

    assert "Qui a donné quoi à qui" in text
    assert 'class="exchange-graph" src="/reseaux/demo/echanges/graphe.svg?from=' in text
    assert re.search(r"\d+,\d\d\s€", text)  # euros the French way
    assert "le réseau" in text
    assert 'name="from"' in text
    assert 'name="to"' in text
    graph = re.search(r'class="exchange-graph" src="([^"]+)"', text)
    assert graph is not None
    shown = re.search(r'name="to" type="date" value="([^"]+)"', text)
    assert shown is not None
    assert graph.group(1).endswith("to=" + shown.group(1))  # the same last day, included
    svg = await people["camille"].page(graph.group(1).replace("&amp;", "&"))
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in svg.text


async def test_the_exchanges_of_a_period_chosen_and_a_wrong_date_named(
    people: dict[str, Browser],
) -> None:
    today = _today()
    chosen = await people["camille"].page(
        EXCHANGES + f"?from={(today - dt.timedelta(days=30)).isoformat()}&to={today.isoformat()}"
    )
    html(chosen, 200)

    wrong = html(await people["camille"].page(EXCHANGES + "?from=hier&to=2026-13-01"), 422)
    assert "premier jour de la période" in wrong
    assert "dernier jour de la période" in wrong
    assert 'value="hier"' in wrong
    reversed_ = html(
        await people["camille"].page(EXCHANGES + "?from=2026-10-01&to=2026-09-01"), 422
    )
    assert "dernier jour de la période" in reversed_


async def test_a_consultant_reads_the_exchanges(people: dict[str, Browser]) -> None:
    text = html(await people["sophie"].page(EXCHANGES), 200)

    assert "Qui a donné quoi à qui" in text
    assert '<form method="post"' not in text.split("</header>", 1)[1]


# -- the federation --------------------------------------------------------------------------------


async def test_the_federation_reader_lands_on_its_networks_side_by_side_no_member_named(
    people: dict[str, Browser],
) -> None:
    home = await people["helene"].page("/compte")
    assert home.status_code in {302, 303, 307}
    assert home.headers["location"] == FEDERATION

    text = html(await people["helene"].page(FEDERATION), 200)

    members = (
        await archive_io.export_archive("demo") if hasattr(archive_io, "export_archive") else None
    )
    assert "Fédération des lieux" in text
    assert "Taux de participation" in text
    assert "network-nav" not in text  # the network's menu is not hers
    names = [
        m["name"]
        for m in generate_network(seed=2026, members=40, ref="demo", today=_today())["members"]
    ]
    assert not [name for name in names if name in text]
    del members
    # her role reads no network's dashboard
    assert (await people["helene"].page(HOME)).status_code in {403, 404}


async def test_the_federation_page_is_refused_to_a_representative_and_a_wrong_period_named(
    people: dict[str, Browser],
) -> None:
    assert (await people["karim"].page(FEDERATION)).status_code == 404
    wrong = html(await people["helene"].page(FEDERATION + "?from=2026-10-01&to=2026-09-01"), 422)
    assert "dernier jour de la période" in wrong


async def test_a_long_list_at_risk_names_the_furthest_behind_and_counts_the_others(
    people: dict[str, Browser], monkeypatch: pytest.MonkeyPatch
) -> None:
    from raviv.web import dashboard_pages

    figures = await dashboard.keep("demo")
    monkeypatch.setattr(dashboard_pages, "AT_RISK_SHOWN", 3)

    text = html(await people["camille"].page(HOME), 200)

    total = len(figures["at_risk"])
    assert f"{total} membres en retard." in text
    assert "Les 3 plus en retard :" in text
    named = [m for m in figures["at_risk"] if f">{m['name']}</strong>" in text]
    assert len(named) == 3
    behind = sorted(sum(not lack["on_track"] for lack in m["lacks"]) for m in figures["at_risk"])
    assert all(sum(not lack["on_track"] for lack in m["lacks"]) >= behind[-3] for m in named)


async def test_a_wrong_instant_to_wait_for_is_ignored_never_an_error(
    people: dict[str, Browser],
) -> None:
    await dashboard.keep("demo")

    for since in ("hier", "2026-12-07", "2026-12-07T10:00:00"):
        text = html(await people["camille"].page(HOME + "?depuis=" + since), 200)
        assert "Calcul demandé" not in text
        polled = await people["camille"].page(HOME + "/fraicheur?n=x&depuis=" + since)
        assert polled.status_code == 200


async def test_the_exchanges_and_the_federation_in_english(people: dict[str, Browser]) -> None:
    exchanges = html(await people["camille"].page(EXCHANGES + "?lang=en"), 200)
    federation = html(await people["helene"].page(FEDERATION + "?lang=en"), 200)

    assert "Who gave what to whom" in exchanges
    assert re.search(r"€\d", exchanges)  # euros the English way
    assert "One network per column." in federation
    assert "Participation rate" in federation
