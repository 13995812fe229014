"""The account pages over the real HTTP stack (both engines): the links raviv mails (an
invitation, a password reset), a forgotten password, and one's settings (password, API tokens,
personal data).

Camille coordinates the example network and invites Nadia to represent alize; Karim represents
alize and forgets his password, then changes it, then makes himself an API token. Mail goes to
the outbox folder of the test data directory (no SMTP host in the tests): the links followed are
the ones in the real messages.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from email.message import EmailMessage

import httpx
import pytest

from raviv.access.tables import Account, AuditEntry, Credential
from raviv.mail import get_mail_settings, read_outbox
from tests.conftest import shared_app
from tests.web.test_pages import KARIM_HOME, PASSWORD, Browser, browsers, html

__all__ = ["browsers"]  # the fixture, shared with the portal's tests

pytestmark = pytest.mark.usefixtures("db")

KARIM = "karim@alize.example"
NADIA = "nadia@alize.example"
NEW_PASSWORD = "un tout nouveau mot de passe"  # noqa: S105
SETTINGS = "/compte/parametres"
LINK = re.compile(r"https?://[^/\s]+(/\S+[?&]token=[A-Za-z0-9_-]+)")


def new_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shared_app(), client=("127.0.0.1", 50001)),
        base_url="http://raviv.test",
    )


@pytest.fixture
async def anonymous() -> AsyncIterator[httpx.AsyncClient]:
    async with new_client() as client:
        yield client


def outbox() -> list[EmailMessage]:
    return read_outbox(get_mail_settings().outbox)


def link_in(messages: list[EmailMessage], address: str) -> str:
    """The path (and token) of the one link mailed to ``address`` among ``messages``."""
    [message] = [m for m in messages if m["To"] == address]
    body = message.get_body(("plain",))
    assert body is not None
    [path] = set(LINK.findall(body.get_content()))
    return str(path)


async def signs_in(email: str, password: str) -> bool:
    async with new_client() as client:
        answer = await client.post("/", data={"email": email, "password": password})
    return answer.status_code == 303


async def post_setting(browser: Browser, url: str, **fields: str) -> httpx.Response:
    """Send one of the settings page's forms, with the CSRF token the page gave."""
    return await browser.http.post(url, data={"csrf_token": await browser.csrf(SETTINGS), **fields})


async def audited(action: str) -> int:
    return int(await AuditEntry.count().where(AuditEntry.action == action))


async def invite_nadia(camille: Browser) -> str:
    """Camille invites Nadia through the API (her session, its CSRF header); the link mailed."""
    seen = len(outbox())
    csrf = await camille.csrf(SETTINGS)
    invited = await camille.http.post(
        "/api/networks/exemple/invitations",
        json={"email": NADIA, "role": "member", "member": "alize"},
        headers={"X-CSRF-Token": csrf},
    )
    assert invited.status_code == 201, invited.text
    return link_in(outbox()[seen:], NADIA)


# -- an invitation -------------------------------------------------------------------------------


async def test_the_mailed_invitation_link_creates_the_account_and_signs_in_on_the_portal(
    browsers: dict[str, Browser], anonymous: httpx.AsyncClient
) -> None:
    link = await invite_nadia(browsers["camille"])
    assert link.startswith("/invitation?token=")
    token = link.split("token=", 1)[1]

    form = html(await anonymous.get(link), 200)
    accepted = await anonymous.post(
        "/invitation",
        data={
            "token": token,
            "display_name": "Nadia Haddad",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    )
    home = await anonymous.get("/compte")
    portal = html(await anonymous.get(KARIM_HOME), 200)

    assert NADIA in form
    assert f'href="/invitation?token={token}&amp;lang=en"' in form  # English keeps the link
    assert 'name="password_again"' in form
    assert accepted.status_code == 303
    assert accepted.headers["location"] == "/compte"
    assert home.headers["location"] == KARIM_HOME
    assert "Où nous en sommes" in portal
    assert "Nadia Haddad" in portal
    assert await signs_in(NADIA, NEW_PASSWORD)


async def test_a_used_invitation_link_gives_a_page_saying_to_ask_for_a_new_one(
    browsers: dict[str, Browser], anonymous: httpx.AsyncClient
) -> None:
    link = await invite_nadia(browsers["camille"])
    token = link.split("token=", 1)[1]
    fields = {"token": token, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    assert (await anonymous.post("/invitation", data=fields)).status_code == 303
    refusals = await audited("invitation.refused")
    accounts = await Account.count()

    again = await anonymous.get(link)
    async with new_client() as other:
        posted = await other.post("/invitation", data={**fields, "password": "autre chose!!"})

    for answer in (again, posted):
        text = html(answer, 410)
        assert "Demandez à la coordination de votre réseau" in text
        assert "nouvelle invitation" in text
    assert await audited("invitation.refused") == refusals + 1
    assert await Account.count() == accounts


async def test_an_unknown_or_missing_invitation_token_gives_the_same_page(
    anonymous: httpx.AsyncClient,
) -> None:
    for url in ("/invitation?token=nothing-like-it", "/invitation"):
        assert "Demandez à la coordination" in html(await anonymous.get(url), 410)


async def test_a_refused_invitation_form_creates_nothing_and_keeps_the_link_open(
    browsers: dict[str, Browser], anonymous: httpx.AsyncClient
) -> None:
    link = await invite_nadia(browsers["camille"])
    token = link.split("token=", 1)[1]
    accounts = await Account.count()

    differ = await anonymous.post(
        "/invitation",
        data={"token": token, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "x"},
    )
    short = await anonymous.post(
        "/invitation", data={"token": token, "password": "court", "password_again": "court"}
    )

    assert "Les deux mots de passe ne sont pas les mêmes." in html(differ, 422)
    assert "12 caractères au moins" in html(short, 422)
    assert "set-cookie" not in differ.headers
    assert await Account.count() == accounts
    assert NADIA in html(await anonymous.get(link), 200)


async def test_an_invitation_to_an_existing_account_asks_its_password_once(
    browsers: dict[str, Browser], anonymous: httpx.AsyncClient
) -> None:
    csrf = await browsers["camille"].csrf(SETTINGS)
    seen = len(outbox())
    invited = await browsers["camille"].http.post(
        "/api/networks/exemple/invitations",
        json={"email": KARIM, "role": "consultant"},
        headers={"X-CSRF-Token": csrf},
    )
    assert invited.status_code == 201, invited.text
    token = link_in(outbox()[seen:], KARIM).split("token=", 1)[1]

    form = html(await anonymous.get(f"/invitation?token={token}"), 200)
    wrong = await anonymous.post("/invitation", data={"token": token, "password": "pas le sien!!"})
    right = await anonymous.post("/invitation", data={"token": token, "password": PASSWORD})

    assert "Un compte utilise déjà cette adresse" in form
    assert 'name="password_again"' not in form
    assert "pas le mot de passe du compte qui utilise cette adresse" in html(wrong, 403)
    assert right.status_code == 303


# -- a forgotten password ------------------------------------------------------------------------


async def test_the_sign_in_page_links_the_forgotten_password_page(
    anonymous: httpx.AsyncClient,
) -> None:
    assert 'href="/mot-de-passe-oublie"' in html(await anonymous.get("/"), 200)
    assert "Mot de passe oublié" in html(await anonymous.get("/mot-de-passe-oublie"), 200)


async def test_a_forgotten_password_gets_the_same_answer_known_or_not_and_a_link_that_works(
    browsers: dict[str, Browser], anonymous: httpx.AsyncClient
) -> None:
    seen = len(outbox())

    known = await anonymous.post("/mot-de-passe-oublie", data={"email": KARIM})
    unknown = await anonymous.post("/mot-de-passe-oublie", data={"email": "nobody@nowhere.example"})
    mailed = outbox()[seen:]
    link = link_in(mailed, KARIM)
    form = html(await anonymous.get(link), 200)
    token = link.split("token=", 1)[1]
    differ = await anonymous.post(
        "/reset-password",
        data={"token": token, "new_password": NEW_PASSWORD, "new_password_again": "autre"},
    )
    still_old = await signs_in(KARIM, PASSWORD)
    done = await anonymous.post(
        "/reset-password",
        data={"token": token, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
    )
    notice = html(await anonymous.get(done.headers["location"]), 200)
    used = await anonymous.post(
        "/reset-password",
        data={"token": token, "new_password": PASSWORD, "new_password_again": PASSWORD},
    )

    assert html(known, 200).replace(KARIM, "") == html(unknown, 200).replace(
        "nobody@nowhere.example", ""
    )
    assert len(mailed) == 1
    assert link.startswith("/reset-password?token=")
    assert 'name="new_password_again"' in form
    assert "Les deux mots de passe ne sont pas les mêmes." in html(differ, 422)
    assert still_old
    assert done.status_code == 303
    assert "Votre mot de passe a été changé" in notice
    assert await signs_in(KARIM, NEW_PASSWORD)
    assert not await signs_in(KARIM, PASSWORD)
    assert "Demander un nouveau lien" in html(used, 410)


async def test_a_malformed_address_is_named_and_nothing_is_sent(
    anonymous: httpx.AsyncClient,
) -> None:
    seen = len(outbox())

    answer = await anonymous.post("/mot-de-passe-oublie", data={"email": "pas une adresse"})

    assert "Indiquez une adresse électronique valide." in html(answer, 422)
    assert len(outbox()) == seen


# -- one's settings -------------------------------------------------------------------------------


async def test_changing_ones_password_keeps_this_session_and_ends_the_others(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    async with new_client() as phone:
        assert (await phone.post("/", data={"email": KARIM, "password": PASSWORD})).is_redirect

        changed = await post_setting(
            karim,
            SETTINGS + "/mot-de-passe",
            current_password=PASSWORD,
            new_password=NEW_PASSWORD,
            new_password_again=NEW_PASSWORD,
        )
        here = html(await karim.page(changed.headers["location"]), 200)
        other = await phone.get(SETTINGS)

    assert changed.status_code == 303
    assert "Mot de passe changé" in here
    assert other.status_code == 303
    assert other.headers["location"] == "/"
    assert await signs_in(KARIM, NEW_PASSWORD)


async def test_a_wrong_current_password_changes_nothing(browsers: dict[str, Browser]) -> None:
    answer = await post_setting(
        browsers["karim"],
        SETTINGS + "/mot-de-passe",
        current_password="pas le bon mot de passe",
        new_password=NEW_PASSWORD,
        new_password_again=NEW_PASSWORD,
    )

    assert "Le mot de passe actuel n&#39;est pas le bon." in html(answer, 403)
    assert await signs_in(KARIM, PASSWORD)
    assert not await signs_in(KARIM, NEW_PASSWORD)


async def test_an_api_token_is_shown_once_works_and_stops_working_once_revoked(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]

    created = await post_setting(
        karim, SETTINGS + "/jetons", name="Tableur", scope="read", expires_in_days="30"
    )
    secret = re.search(r"raviv_[A-Za-z0-9_-]+", html(created, 201))
    assert secret
    bearer = {"Authorization": f"Bearer {secret.group(0)}"}
    async with new_client() as program:
        works = await program.get("/api/me", headers=bearer)
    listed = html(await karim.page(SETTINGS), 200)
    token_id = re.search(r"/compte/parametres/jetons/(\d+)/revoquer", listed)
    assert token_id
    revoked = await post_setting(karim, SETTINGS + f"/jetons/{token_id.group(1)}/revoquer")
    async with new_client() as program:
        refused = await program.get("/api/me", headers=bearer)

    assert created.status_code == 201
    assert works.status_code == 200
    assert "Tableur" in listed
    assert secret.group(0) not in listed
    assert revoked.status_code == 303
    assert "Jeton révoqué" in html(await karim.page(revoked.headers["location"]), 200)
    assert refused.status_code == 401


async def test_a_refused_token_form_creates_nothing_and_names_the_field(
    browsers: dict[str, Browser],
) -> None:
    tokens = await Credential.count().where(Credential.kind == "token")

    answer = await post_setting(
        browsers["karim"], SETTINGS + "/jetons", name="", scope="write", expires_in_days="100000"
    )

    text = html(answer, 422)
    assert "Aucun jeton n'a été créé" in text
    assert await Credential.count().where(Credential.kind == "token") == tokens


async def test_revoking_someone_elses_token_gives_the_404_page(
    browsers: dict[str, Browser],
) -> None:
    created = await post_setting(browsers["mallory"], SETTINGS + "/jetons", name="Le sien")
    assert created.status_code == 201
    row = await Credential.select(Credential.id).where(Credential.name == "Le sien").first()
    assert row is not None

    answer = await post_setting(browsers["karim"], SETTINGS + f"/jetons/{row['id']}/revoquer")

    html(answer, 404)
    assert await Credential.exists().where(
        (Credential.id == row["id"]) & Credential.revoked_at.is_null()
    )


async def test_every_settings_form_needs_the_sessions_csrf_token(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    await post_setting(karim, SETTINGS + "/jetons", name="Gardé")
    row = await Credential.select(Credential.id).where(Credential.name == "Gardé").first()
    assert row is not None
    tokens = await Credential.count().where(Credential.kind == "token")
    refusals = await audited("csrf.refused")
    posts = {
        SETTINGS + "/mot-de-passe": {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
        SETTINGS + "/jetons": {"name": "Volé"},
        SETTINGS + f"/jetons/{row['id']}/revoquer": {},
    }

    for url, fields in posts.items():
        for csrf in (None, "wrong"):
            data = fields if csrf is None else {**fields, "csrf_token": csrf}
            html(await karim.http.post(url, data=data), 403)

    assert await audited("csrf.refused") == refusals + 6
    assert await Credential.count().where(Credential.kind == "token") == tokens
    assert await signs_in(KARIM, PASSWORD)


async def test_the_personal_data_download_is_the_apis_export(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]

    page = html(await karim.page(SETTINGS), 200)
    download = await karim.page("/compte/donnees-personnelles")
    api = await karim.page("/api/me/personal-data")

    assert 'href="/compte/donnees-personnelles"' in page
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    mine, theirs = download.json(), api.json()
    for moving in ("exported_at", "activity"):  # each export is itself audited
        mine.pop(moving), theirs.pop(moving)
    assert mine == theirs
    assert download.json()["account"]["email"] == KARIM


async def test_the_settings_are_in_english_on_request(browsers: dict[str, Browser]) -> None:
    text = html(await browsers["karim"].page(SETTINGS + "?lang=en"), 200)

    assert '<html lang="en">' in text
    assert "Account settings" in text
    assert "API tokens" in text
