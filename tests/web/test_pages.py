"""The web pages over the real HTTP stack and a real database (both engines).

Karim represents ``alize`` in the example network, Mallory ``basalte``, Camille coordinates it:
each signs in with a password in a browser-like client (a session cookie, the forms' hidden CSRF
field). What a page refuses, it refuses as the API does (404 for another member's pages, 403
without the CSRF token), with a page in the visitor's language, and nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from raviv.access import service
from raviv.access.tables import AuditEntry
from raviv.guard.roles import Role
from raviv.ledger.tables import Contribution
from raviv.network_archive import archive_io
from tests.conftest import shared_app
from tests.unit.rules.test_example import EXAMPLE

pytestmark = pytest.mark.usefixtures("db")

PASSWORD = "un mot de passe de test assez long"  # noqa: S105
KARIM_HOME = "/reseaux/exemple/membres/alize"
FORM_PAGE = KARIM_HOME + "/contribuer"
QUEUE = "/reseaux/exemple/validation"


@dataclass
class Browser:
    """One person's browser: its cookie jar, and the CSRF token of the last form it read."""

    http: httpx.AsyncClient

    async def page(self, url: str) -> httpx.Response:
        return await self.http.get(url)

    async def csrf(self, url: str) -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', (await self.page(url)).text)
        assert found, url
        return found.group(1)

    async def submit(self, url: str, **fields: str | list[str]) -> httpx.Response:
        """Fill the form of the page ``url`` (its CSRF token included) and send it."""
        return await self.http.post(url, data={"csrf_token": await self.csrf(url), **fields})

    async def log(self, day: str = "2026-01-10", **fields: str) -> str:
        """Log a contribution from Karim's form (an hour given to the network by default);
        the new entry's ref."""
        defaults = {"form": "time", "quantity": "1", "date": day, "receiver": "network"}
        sent = await self.submit(FORM_PAGE, **{**defaults, **fields})
        assert sent.status_code == 303, sent.text
        return sent.headers["location"].rsplit("=", 1)[1]


async def person(email: str, name: str, role: Role, member: str | None = None) -> None:
    account = await service.create_account(email, display_name=name, password=PASSWORD)
    await service.grant_role(account, "exemple", role, member_ref=member)


@pytest.fixture
async def browsers() -> AsyncIterator[dict[str, Browser]]:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    await person("karim@alize.example", "Karim Benali", Role.member, "alize")
    await person("mallory@basalte.example", "Mallory", Role.member, "basalte")
    await person("camille@exemple.example", "Camille", Role.coordinator)
    opened = {}
    for name, email in (
        ("karim", "karim@alize.example"),
        ("mallory", "mallory@basalte.example"),
        ("camille", "camille@exemple.example"),
    ):
        http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=shared_app(), client=("127.0.0.1", 50000)),
            base_url="http://raviv.test",
        )
        signed = await http.post("/", data={"email": email, "password": PASSWORD})
        assert signed.status_code == 303, signed.text
        opened[name] = Browser(http)
    yield opened
    for browser in opened.values():
        await browser.http.aclose()


async def entries() -> int:
    return int(await Contribution.count())


def html(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


# -- signing in, languages --------------------------------------------------------------------


async def test_the_sign_in_page_is_french_and_names_the_demo_accounts_never_a_password() -> None:
    await service.create_account(
        "camille@demo.raviv.test", display_name="Camille (coordination)", password=PASSWORD
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shared_app()), base_url="http://raviv.test"
    ) as anonymous:
        text = html(await anonymous.get("/"), 200)

    assert '<html lang="fr">' in text
    assert "Connexion" in text
    assert "Camille (coordination)" in text
    assert "camille@demo.raviv.test" in text
    assert PASSWORD not in text


async def test_english_is_chosen_per_request_and_kept_in_a_cookie(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]

    english = html(await karim.page(KARIM_HOME + "?lang=en"), 200)
    kept = html(await karim.page(KARIM_HOME + "/historique"), 200)
    french = html(await karim.page(KARIM_HOME + "?lang=fr"), 200)

    assert '<html lang="en">' in english
    assert "Where we stand" in english
    assert "Our history" in kept
    assert '<html lang="fr">' in french
    assert "Où nous en sommes" in french


async def test_an_account_that_chose_english_reads_the_pages_in_english_without_asking(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    assert '<html lang="fr">' in html(await karim.page(KARIM_HOME), 200)

    chose = await karim.http.patch(
        "/api/me",
        json={"language": "en"},
        headers={"X-CSRF-Token": await karim.csrf(FORM_PAGE)},
    )
    assert chose.status_code == 200, chose.text
    english = html(await karim.page(KARIM_HOME), 200)
    asked = html(await karim.page(KARIM_HOME + "?lang=fr"), 200)  # a request still may ask

    assert '<html lang="en">' in english
    assert "Where we stand" in english
    assert '<html lang="fr">' in asked


async def test_a_wrong_password_gives_the_sign_in_page_again_with_what_went_wrong() -> None:
    await service.create_account("karim@alize.example", display_name="Karim", password=PASSWORD)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shared_app()), base_url="http://raviv.test"
    ) as anonymous:
        response = await anonymous.post("/", data={"email": "karim@alize.example", "password": "x"})

        assert "Adresse ou mot de passe incorrect." in html(response, 401)
        assert "set-cookie" not in response.headers
        assert (await anonymous.get(KARIM_HOME)).headers["location"] == "/"


async def test_each_role_lands_on_its_home_after_signing_in(browsers: dict[str, Browser]) -> None:
    karim = await browsers["karim"].page("/compte")
    camille = await browsers["camille"].page("/compte")

    assert karim.headers["location"] == KARIM_HOME
    assert camille.headers["location"] == "/reseaux/exemple"
    home = html(await browsers["camille"].page("/reseaux/exemple"), 200)
    assert "Ouvrir la file de validation" in home


# -- the member portal --------------------------------------------------------------------------


async def test_the_portal_shows_where_the_member_stands_criterion_by_criterion(
    browsers: dict[str, Browser],
) -> None:
    text = html(await browsers["karim"].page(KARIM_HOME), 200)

    assert "Où nous en sommes" in text
    assert "Heures données" in text
    assert text.count("<progress") >= 2
    assert "Déclarer une contribution" in text


async def test_another_members_representative_gets_404_pages_and_its_forms_are_refused(
    browsers: dict[str, Browser],
) -> None:
    mallory = browsers["mallory"]
    own_csrf = await mallory.csrf("/reseaux/exemple/membres/basalte/contribuer")
    before = await entries()

    for url in (KARIM_HOME, KARIM_HOME + "/historique", FORM_PAGE, KARIM_HOME + "/estimation"):
        assert "Page introuvable" in html(await mallory.page(url), 404)
    crafted = await mallory.http.post(
        FORM_PAGE,
        data={"csrf_token": own_csrf, "form": "time", "quantity": "3", "date": "2026-01-10"},
    )
    queue = await mallory.http.post(
        QUEUE, data={"csrf_token": own_csrf, "entry": "x", "action": "validate"}
    )

    html(crafted, 404)
    html(queue, 403)
    assert await entries() == before


async def test_a_form_post_needs_the_sessions_csrf_token_in_its_hidden_field(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    fields = {"form": "time", "quantity": "2,5", "date": "2026-01-10", "receiver": "network"}
    csrf = await karim.csrf(FORM_PAGE)
    before = await entries()
    refused = int(await AuditEntry.count().where(AuditEntry.action == "csrf.refused"))

    missing = await karim.http.post(FORM_PAGE, data=fields)
    wrong = await karim.http.post(FORM_PAGE, data={**fields, "csrf_token": csrf[::-1]})

    assert "Action non autorisée" in html(missing, 403)
    html(wrong, 403)
    assert await entries() == before
    assert await AuditEntry.count().where(AuditEntry.action == "csrf.refused") == refused + 2

    sent = await karim.http.post(FORM_PAGE, data={**fields, "csrf_token": csrf})

    assert sent.status_code == 303, sent.text
    assert sent.headers["location"].startswith(KARIM_HOME + "/historique?envoye=")
    history = html(await karim.page(sent.headers["location"]), 200)
    assert "Contribution envoyée" in history
    assert "2,5 h" in history
    assert "En attente de validation" in history
    assert await entries() == before + 1


async def test_a_contribution_to_another_member_names_it_by_its_ref(
    browsers: dict[str, Browser],
) -> None:
    ref = await browsers["karim"].log(
        form="equipment", quantity="2", receiver="member", receiver_member="basalte"
    )

    row = (
        await Contribution.select(Contribution.unit, Contribution.receiver_member.ref)
        .where(Contribution.ref == ref)
        .first()
    )
    assert row == {"unit": "item-days", "receiver_member.ref": "basalte"}


async def test_a_refused_form_changes_nothing_and_says_what_to_correct(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    csrf = await karim.csrf(FORM_PAGE)
    before = await entries()

    response = await karim.http.post(
        FORM_PAGE,
        data={"csrf_token": csrf, "form": "time", "quantity": "beaucoup", "date": "hier"},
    )

    text = html(response, 422)
    assert "Rien n&#39;a été envoyé" in text or "Rien n'a été envoyé" in text
    assert "Indiquez une quantité supérieure à 0" in text
    assert "Indiquez une date valide." in text
    assert 'value="beaucoup"' in text  # what was typed stays
    crafted = await karim.http.post(
        FORM_PAGE,
        data={
            "csrf_token": csrf,
            "form": "time",
            "quantity": "1",
            "date": "2026-01-10",
            "receiver": "group:Pas Une Réf!",
        },
    )
    assert "Ce groupe de travail n" in html(crafted, 422)
    assert await entries() == before


async def test_the_estimate_is_the_ledgers_valuation_in_the_visitors_language(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    query = "?form=time&quantity=4&date=2026-01-10"

    french = html(await karim.page(KARIM_HOME + "/estimation" + query), 200)
    english = html(await karim.page(KARIM_HOME + "/estimation" + query + "&lang=en"), 200)
    csrf = await karim.csrf(FORM_PAGE + "?lang=fr")
    fallback = await karim.http.post(
        FORM_PAGE,
        data={
            "csrf_token": csrf,
            "form": "time",
            "quantity": "4",
            "date": "2026-01-10",
            "action": "estimate",
        },
    )

    assert "60,00\u00a0€" in french  # 4 h at the example's 15,00 € an hour
    assert "€60.00" in english
    assert "60,00\u00a0€" in html(fallback, 200)  # the "Estimer" button without JavaScript


# -- the coordinator's validation queue ------------------------------------------------------------


async def _pending_from_karim(karim: Browser, count: int) -> list[str]:
    return [await karim.log(f"2026-01-1{day}") for day in range(count)]


async def test_the_coordinator_validates_several_entries_at_once_audited(
    browsers: dict[str, Browser],
) -> None:
    refs = await _pending_from_karim(browsers["karim"], 2)
    camille = browsers["camille"]

    decided = await camille.submit(QUEUE, **{"entry": refs, "action": "validate"})

    assert decided.status_code == 303, decided.text
    rows = await Contribution.select(Contribution.status).where(Contribution.ref.is_in(refs))
    assert {r["status"] for r in rows} == {"validated"}
    audited = await AuditEntry.count().where(
        (AuditEntry.action == "contribution.validated") & AuditEntry.object_ref.is_in(refs)
    )
    assert audited == 2
    assert "2 contribution(s) validée(s)." in html(
        await camille.page(decided.headers["location"]), 200
    )


async def test_a_rejection_without_a_reason_changes_nothing_then_one_with_it_is_shown_to_karim(
    browsers: dict[str, Browser],
) -> None:
    refs = await _pending_from_karim(browsers["karim"], 2)
    camille = browsers["camille"]

    refused = await camille.submit(QUEUE, **{"entry": refs, "action": "reject", "reason": ""})

    assert "Un motif est nécessaire pour refuser." in html(refused, 422)
    rows = await Contribution.select(Contribution.status).where(Contribution.ref.is_in(refs))
    assert {r["status"] for r in rows} == {"submitted"}

    done = await camille.submit(
        QUEUE, entry=refs[:1], action="reject", reason="Pas de justificatif"
    )

    assert done.status_code == 303, done.text
    history = html(await browsers["karim"].page(KARIM_HOME + "/historique"), 200)
    assert "Refusée" in history
    assert "Pas de justificatif" in history


async def test_a_batch_with_one_entry_already_decided_changes_none_of_them(
    browsers: dict[str, Browser],
) -> None:
    refs = await _pending_from_karim(browsers["karim"], 2)
    camille = browsers["camille"]
    first = await camille.submit(QUEUE, **{"entry": refs[:1], "action": "validate"})
    assert first.status_code == 303

    again = await camille.submit(QUEUE, **{"entry": refs, "action": "reject", "reason": "doublon"})

    html(again, 409)
    rows = await Contribution.select(Contribution.ref, Contribution.status).where(
        Contribution.ref.is_in(refs)
    )
    assert {r["ref"]: r["status"] for r in rows} == {refs[0]: "validated", refs[1]: "submitted"}


async def test_the_json_api_keeps_its_problem_documents(browsers: dict[str, Browser]) -> None:
    response = await browsers["mallory"].http.get("/api/networks/exemple/members/alize")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_browser_asking_for_a_page_that_does_not_exist_gets_a_page_the_api_json(
    browsers: dict[str, Browser],
) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml"}
    karim = browsers["karim"].http

    missing = await karim.get("/reseaux/exemple/nulle-part?lang=en", headers=browser)
    api = await karim.get("/api/nulle-part", headers=browser)
    program = await karim.get("/reseaux/exemple/nulle-part")

    assert "Page not found" in html(missing, 404)
    assert api.headers["content-type"].startswith("application/problem+json")
    assert program.headers["content-type"].startswith("application/problem+json")


async def test_pages_are_never_cached_and_load_nothing_from_another_origin(
    browsers: dict[str, Browser],
) -> None:
    response = await browsers["karim"].page(KARIM_HOME)

    assert response.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "http" not in re.sub(r'href="/[^"]*"', "", response.text).split("<body>")[0]
