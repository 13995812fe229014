"""The member's balance page and the settings' language form, over the real HTTP stack (both
engines).

« Ce que nous avons donné et reçu » shows the member's own reciprocity as the API's
GET …/members/{member}/reciprocity gives it, for the rule's period under way or the one before:
Karim reads alize's, Mallory (basalte) gets 404 on it, Camille (coordinator) and Sophie
(consultant) read it. The language form sets the account's language as PATCH /api/me does.
"""

from __future__ import annotations

import datetime as dt
import html as markup
import re
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from babel.numbers import format_currency

from raviv.access.tables import Account, AuditEntry
from raviv.guard.roles import Role
from raviv.registry.service import resolve_network
from raviv.rules.periods import period_at
from raviv.vocabulary import PeriodKind
from tests.web.coordination_support import outsider, signed_in_as
from tests.web.test_pages import KARIM_HOME, Browser, browsers, html

__all__ = ["browsers", "outsider"]

pytestmark = pytest.mark.usefixtures("db")

BALANCE = KARIM_HOME + "/equilibre"
SETTINGS = "/compte/parametres"
LANGUAGE = SETTINGS + "/langue"
KARIM = "karim@alize.example"


@pytest.fixture
async def sophie() -> AsyncIterator[Browser]:
    """Sophie reads the example network as a consultant."""
    consultant = await signed_in_as("sophie@exemple.example", "exemple", Role.consultant)
    yield consultant
    await consultant.http.aclose()


def euros(value: str | Decimal, locale: str = "fr") -> str:
    return format_currency(Decimal(value), "EUR", locale=locale)


def text_of(page: str) -> str:
    """The page's text, tags left out and entities read (figures carry narrow spaces)."""
    return markup.unescape(re.sub(r"<[^>]+>", " ", page))


async def api_reading(browser: Browser, member: str, since: dt.date, until: dt.date) -> Any:
    answer = await browser.http.get(
        f"/api/networks/exemple/members/{member}/reciprocity",
        params={"from": since.isoformat(), "to": until.isoformat()},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


async def previous_season() -> tuple[dt.date, dt.date]:
    today = (await resolve_network("exemple")).today
    now = period_at(PeriodKind.season, today)  # the example's rule counts by season
    before = period_at(PeriodKind.season, now.start - dt.timedelta(days=1))
    return before.start, before.end


# -- the balance page ------------------------------------------------------------------------


async def test_the_balance_shows_the_apis_own_figures_for_the_period_before(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    since, until = await previous_season()
    expected = await api_reading(karim, "alize", since, until)

    page = text_of(html(await karim.page(BALANCE + "?periode=precedente"), 200))

    assert "Ce que nous avons donné et reçu" in page
    assert euros(expected["given_eur"]) in page
    assert euros(expected["received_eur"]) in page
    balance = Decimal(expected["given_eur"]) - Decimal(expected["received_eur"])
    assert euros(balance) in page
    for flow in expected["by_form"]:
        assert euros(flow["given_eur"]) in page
        assert euros(flow["received_eur"]) in page
    assert [p["member"] for p in expected["partners"]] == ["basalte"]
    assert "Basalte" in page  # its partner, by name
    assert euros(expected["partners"][0]["given_eur"]) in page
    assert euros(expected["given_to_network_eur"]) in page
    last = until - dt.timedelta(days=1)
    assert f"{since.day} septembre {since.year}" in page
    assert f"{last.day} août {last.year}" in page


async def test_the_current_period_is_the_default_and_links_the_previous_one(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    _, until = await previous_season()
    current = await api_reading(karim, "alize", until, until.replace(year=until.year + 1))

    raw = html(await karim.page(BALANCE), 200)
    page = text_of(raw)
    portal = html(await karim.page(KARIM_HOME), 200)

    assert f'href="{BALANCE}"' in portal  # linked from the portal, by the status
    assert f"{until.day} septembre {until.year}" in page
    assert euros(current["given_eur"]) in page
    assert f'href="{BALANCE}?periode=precedente"' in raw
    assert 'aria-current="page">Période en cours' in raw


async def test_another_members_representative_gets_404_and_the_coordination_reads_it(
    browsers: dict[str, Browser], sophie: Browser
) -> None:
    since, until = await previous_season()
    mallory_sees = await browsers["mallory"].page(BALANCE)
    camille_sees = await browsers["camille"].page(BALANCE + "?periode=precedente")
    sophie_sees = await sophie.page(BALANCE + "?periode=precedente")
    expected = await api_reading(browsers["camille"], "alize", since, until)

    html(mallory_sees, 404)
    for seen in (camille_sees, sophie_sees):
        page = text_of(html(seen, 200))
        assert euros(expected["given_eur"]) in page
        assert "Basalte" in page
    audited = await AuditEntry.count().where(AuditEntry.action == "access.denied")
    assert audited >= 1


async def test_another_networks_coordinator_gets_404(
    browsers: dict[str, Browser], outsider: Browser
) -> None:
    html(await browsers["camille"].page(BALANCE), 200)
    html(await outsider.page(BALANCE), 404)


async def test_the_balance_names_only_the_members_own_partners(
    browsers: dict[str, Browser],
) -> None:
    """basalte's page names its partners, not the pairs other members made among themselves."""
    mallory = browsers["mallory"]
    since, until = await previous_season()
    expected = await api_reading(mallory, "basalte", since, until)

    page = text_of(
        html(await mallory.page(BALANCE.replace("alize", "basalte") + "?periode=precedente"), 200)
    )

    partners = {p["member"] for p in expected["partners"]}
    assert "alize" in partners
    assert euros(expected["given_eur"]) in page


async def test_the_bars_are_svg_rectangles_the_csp_lets_through(
    browsers: dict[str, Browser],
) -> None:
    """No inline style or script (the pages' CSP refuses them: pygal's charts carry both): each
    bar's length is an SVG attribute, its colour the stylesheet's."""
    answer = await browsers["karim"].page(BALANCE + "?periode=precedente")
    page = html(answer, 200)

    assert "style-src 'self'" in answer.headers["content-security-policy"]
    assert "<style" not in page
    assert "style=" not in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert len(scripts) == 1
    assert 'src="/static/' in scripts[0]  # htmx, from this origin
    assert re.search(r'<rect class="given" width="100" height="4"/>', page)  # the largest
    assert re.search(r'<rect class="received" width="\d+" height="4"/>', page)


async def test_an_unknown_period_is_named_and_the_current_one_shown(
    browsers: dict[str, Browser],
) -> None:
    page = html(await browsers["karim"].page(BALANCE + "?periode=demain"), 422)

    assert "Choisissez une des périodes proposées." in page
    assert 'aria-current="page">Période en cours' in page


async def test_the_balance_page_in_english(browsers: dict[str, Browser]) -> None:
    since, until = await previous_season()
    expected = await api_reading(browsers["karim"], "alize", since, until)

    page = text_of(html(await browsers["karim"].page(BALANCE + "?periode=precedente&lang=en"), 200))

    assert "What we gave and received" in page
    assert euros(expected["given_eur"], "en") in page


# -- the language form -------------------------------------------------------------------------


async def choose(browser: Browser, language: str) -> httpx.Response:
    """Send the settings page's language form, with the CSRF token the page gave."""
    csrf = await browser.csrf(SETTINGS)
    return await browser.http.post(LANGUAGE, data={"csrf_token": csrf, "language": language})


async def account_language() -> str:
    row = await Account.select(Account.language).where(Account.email == KARIM).first()
    assert row is not None
    return str(row["language"])


async def test_choosing_english_sets_the_accounts_language_and_the_page_answers_in_it(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    assert 'value="fr" checked' in html(await karim.page(SETTINGS), 200)

    chose = await choose(karim, "en")

    assert chose.status_code == 303
    assert chose.headers["location"] == SETTINGS + "?langue=changee#language-title"
    after = html(await karim.page(chose.headers["location"]), 200)
    assert '<html lang="en">' in after
    assert "Language saved" in after
    assert 'value="en" checked' in after
    assert await account_language() == "en"
    me = await karim.http.get("/api/me")
    assert me.json()["language"] == "en"  # the same account field the API changes
    changes = await AuditEntry.count().where(AuditEntry.action == "account.update")
    assert changes == 1
    back = await choose(karim, "fr")
    assert back.status_code == 303
    assert '<html lang="fr">' in html(await karim.page(KARIM_HOME), 200)
    assert await account_language() == "fr"


async def test_the_language_form_needs_the_csrf_token_and_changes_nothing_without(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]

    bare = await karim.http.post(LANGUAGE, data={"language": "en"})
    wrong = await karim.http.post(LANGUAGE, data={"language": "en", "csrf_token": "nope"})

    html(bare, 403)
    html(wrong, 403)
    assert await account_language() == "fr"
    assert '<html lang="fr">' in html(await karim.page(SETTINGS), 200)


async def test_a_language_not_offered_is_named_and_nothing_changes(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]

    for value in ("de", ""):
        refused = await choose(karim, value)
        page = text_of(html(refused, 422))
        assert "La langue n'a pas changé" in page
        assert "Choisissez le français ou l'anglais." in page
        assert "set-cookie" not in refused.headers or "raviv_lang" not in refused.headers.get(
            "set-cookie", ""
        )
    assert await account_language() == "fr"
    assert await AuditEntry.count().where(AuditEntry.action == "account.update") == 0


async def test_a_page_answering_a_form_offers_the_other_language_of_a_page_that_exists(
    browsers: dict[str, Browser],
) -> None:
    """The refused form comes back from the POST-only address: its English link must lead to
    the form's own page (where the browser came from), never to that address (405)."""
    karim = browsers["karim"]
    csrf = await karim.csrf(SETTINGS)
    came_from = str(karim.http.base_url).rstrip("/") + SETTINGS

    refused = await karim.http.post(
        LANGUAGE, data={"csrf_token": csrf, "language": "de"}, headers={"Referer": came_from}
    )
    unknown = await karim.http.post(LANGUAGE, data={"csrf_token": csrf, "language": "de"})
    links = [
        markup.unescape(re.findall(r'<a href="([^"]+)" lang="en"', html(answer, 422))[0])
        for answer in (refused, unknown)
    ]

    assert links == [SETTINGS + "?lang=en", "/?lang=en"]
    for link in links:
        assert (await karim.http.get(link, follow_redirects=True)).status_code == 200
