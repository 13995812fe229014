"""Signing in and out, sessions and their CSRF token, API tokens, lock-out and password change.

Karim represents the member organisation alize; he signs in with a password (the web) or uses an
API token (his spreadsheet script). Mallory represents basalte and must never touch his tokens.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher

from raviv.access import passwords, service
from raviv.access.schemas import TokenCreate
from raviv.access.tables import Account, AuditEntry, Credential
from raviv.errors import ForbiddenError
from raviv.guard.principal import load_principal
from raviv.guard.roles import CredentialKind, Role, TokenScope
from raviv.guard.secrets import secret_hash
from raviv.registry import service as registry
from raviv.registry.schemas import NetworkCreate
from raviv.settings import get_settings
from tests import personas
from tests.api.access.conftest import Client
from tests.factories import CAMILLE_NETWORK, KARIM_MEMBER
from tests.personas import (
    KARIM_EMAIL,
    KARIM_PASSWORD,
    MALLORY_EMAIL,
    bearer_token,
    grant,
    karim_with_password,
)

pytestmark = pytest.mark.usefixtures("db")

NEW_PASSWORD = "un tout nouveau mot de passe"  # noqa: S105
COOKIE = "raviv_session"


# Karim in his browser: a session, unless a test asks for a token.
sign_in = functools.partial(personas.sign_in, mode="session")


async def session_of(new_client: Client) -> tuple[httpx.AsyncClient, str, str]:
    """A browser signed in as Karim: the client (cookie in its jar), the cookie, the CSRF token."""
    browser = new_client()
    response = await sign_in(browser)
    assert response.status_code == 200, response.text
    return browser, browser.cookies[COOKIE], response.json()["csrf_token"]


async def audit_count(action: str) -> int:
    return int(await AuditEntry.count().where(AuditEntry.action == action))


async def live_credentials(account: int) -> int:
    return int(
        await Credential.count().where(
            (Credential.account == account) & Credential.revoked_at.is_null()
        )
    )


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


# -- sessions and CSRF --------------------------------------------------------------------------


async def test_signing_in_with_a_password_opens_a_session_in_an_httponly_lax_cookie(
    new_client: Client,
) -> None:
    await karim_with_password()
    browser = new_client()

    response = await sign_in(browser)

    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"]
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert cookie.startswith(f"{COOKIE}=")
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "path=/" in attributes
    assert "secure" not in attributes  # RAVIV_COOKIE_SECURE follows the public URL: http here
    body = response.json()
    assert body["csrf_token"]
    assert body["token"] is None
    assert body["account"]["email"] == KARIM_EMAIL
    me = await browser.get("/api/me")
    assert me.status_code == 200, me.text
    assert me.json()["email"] == KARIM_EMAIL
    session = await browser.get("/api/auth/session")
    assert session.json()["csrf_token"] == body["csrf_token"]
    assert await audit_count("login.ok") == 1


async def test_a_cookie_write_without_the_sessions_own_csrf_token_is_refused_and_audited(
    new_client: Client,
) -> None:
    account = await karim_with_password()
    earlier, _, earlier_csrf = await session_of(new_client)
    logout = await earlier.post("/api/auth/logout", headers={"X-CSRF-Token": earlier_csrf})
    assert logout.status_code == 204, logout.text
    browser, _, csrf = await session_of(new_client)
    assert csrf != earlier_csrf
    credentials = await Credential.count()
    refused = await audit_count("csrf.refused")

    for headers in (
        {},  # none
        {"X-CSRF-Token": "forged-by-another-site"},
        {"X-CSRF-Token": csrf[::-1]},  # the right length and alphabet, the wrong value
        {"X-CSRF-Token": earlier_csrf},  # replayed from Karim's own earlier session
    ):
        response = await browser.post("/api/me/tokens", json={"name": "tableur"}, headers=headers)
        assert "X-CSRF-Token" in problem(response, 403)["detail"]

    assert await Credential.count() == credentials  # no token was made
    assert await audit_count("csrf.refused") == refused + 4
    lines = await AuditEntry.select().where(AuditEntry.action == "csrf.refused").run()
    assert {(line["account"], line["object_ref"]) for line in lines} == {
        (account, "POST /api/me/tokens")
    }
    accepted = await browser.post(
        "/api/me/tokens", json={"name": "tableur"}, headers={"X-CSRF-Token": csrf}
    )
    assert accepted.status_code == 201, accepted.text
    assert await Credential.count() == credentials + 1


async def test_token_mode_returns_a_bearer_token_that_writes_without_a_csrf_token(
    new_client: Client,
) -> None:
    await karim_with_password()

    response = await sign_in(new_client(), mode="token")

    assert response.status_code == 200, response.text
    assert "set-cookie" not in response.headers
    body = response.json()
    assert body["csrf_token"] is None
    assert body["token"].startswith("raviv_")
    script = new_client(body["token"])
    assert (await script.get("/api/me")).json()["email"] == KARIM_EMAIL
    created = await script.post("/api/me/tokens", json={"name": "script de saisie"})
    assert created.status_code == 201, created.text


# -- failed sign-ins ----------------------------------------------------------------------------


@pytest.fixture
def verified_hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every hash the Argon2 hasher verifies (a spy: the real verification still runs).

    PasswordHasher has __slots__, so the method is wrapped on the class; the spy checks it is
    the application's own hasher that is called."""
    calls: list[str] = []
    real_verify = PasswordHasher.verify

    def spy(self: PasswordHasher, hash: str | bytes, password: str | bytes) -> bool:
        assert self is passwords.hasher()
        calls.append(hash if isinstance(hash, str) else hash.decode())
        return real_verify(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", spy)
    return calls


async def test_a_wrong_password_and_an_unknown_address_get_the_same_answer_after_the_same_work(
    new_client: Client, verified_hashes: list[str]
) -> None:
    account = await karim_with_password()
    stored = await Account.select(Account.password_hash).where(Account.id == account).first()
    assert stored is not None
    http = new_client()
    credentials = await Credential.count()

    wrong = await sign_in(http, password="pas le bon mot de passe")
    assert verified_hashes == [stored["password_hash"]]
    unknown = await sign_in(http, email="personne@alize.example")
    assert len(verified_hashes) == 2  # one verification each, against a dummy hash here
    assert verified_hashes[1] != stored["password_hash"]

    # The same answer, but for the id each answer gives its own request.
    assert problem(wrong, 401) | {"request_id": ""} == problem(unknown, 401) | {"request_id": ""}
    assert "set-cookie" not in wrong.headers
    assert "set-cookie" not in unknown.headers
    assert await Credential.count() == credentials
    lines = await AuditEntry.select().where(AuditEntry.action == "login.failed").run()
    assert sorted((line["object_ref"], line["account"]) for line in lines) == [
        (KARIM_EMAIL, account),
        ("personne@alize.example", None),
    ]


@pytest.mark.parametrize("known", [True, False], ids=["known-address", "unknown-address"])
async def test_after_the_allowed_failures_the_address_is_locked_even_against_the_right_password(
    new_client: Client, known: bool
) -> None:
    await karim_with_password()
    email = KARIM_EMAIL if known else "inconnu@alize.example"
    failures = get_settings().access.lockout_failures
    assert failures == 5
    http = new_client()
    for _ in range(failures):
        assert (await sign_in(http, email=email, password="mauvais essai")).status_code == 401
    credentials = await Credential.count()

    locked = await sign_in(http, email=email, password=KARIM_PASSWORD)

    problem(locked, 429)
    retry_after = int(locked.headers["retry-after"])
    assert 0 < retry_after <= get_settings().access.lockout_minutes * 60 + 1
    assert "set-cookie" not in locked.headers
    assert await Credential.count() == credentials
    assert await audit_count("login.failed") == failures
    # Another address is not affected.
    await service.create_account(MALLORY_EMAIL, password="le mot de passe de Mallory")
    assert (await sign_in(http, MALLORY_EMAIL, "le mot de passe de Mallory")).status_code == 200


async def test_a_success_before_the_limit_resets_the_count_of_failures(
    new_client: Client,
) -> None:
    await karim_with_password()
    failures = get_settings().access.lockout_failures
    http = new_client()
    for _ in range(failures - 1):
        assert (await sign_in(http, password="mauvais essai")).status_code == 401
    assert (await sign_in(new_client())).status_code == 200
    for _ in range(failures - 1):
        assert (await sign_in(http, password="mauvais essai")).status_code == 401

    assert (await sign_in(new_client())).status_code == 200


# -- ending and limiting credentials ------------------------------------------------------------


async def test_logging_out_revokes_the_session_so_the_same_cookie_is_refused(
    new_client: Client,
) -> None:
    await karim_with_password()
    browser, cookie, csrf = await session_of(new_client)

    response = await browser.post("/api/auth/logout", headers={"X-CSRF-Token": csrf})

    assert response.status_code == 204, response.text
    assert "max-age=0" in response.headers["set-cookie"].lower()
    row = await Credential.select().where(Credential.secret_hash == secret_hash(cookie)).first()
    assert row is not None
    assert row["revoked_at"] is not None
    problem(await new_client(cookie=cookie).get("/api/me"), 401)


@pytest.mark.parametrize("kind", [CredentialKind.session, CredentialKind.token])
async def test_an_expired_credential_is_refused_and_audited(
    new_client: Client, kind: CredentialKind
) -> None:
    await karim_with_password()
    response = await sign_in(new_client(), mode=kind.value)
    secret = response.json()["token"] if kind is CredentialKind.token else response.cookies[COOKIE]
    await (
        Credential.update({Credential.expires_at: datetime.now(UTC) - timedelta(minutes=1)})
        .where(Credential.secret_hash == secret_hash(secret))
        .run()
    )
    failed = await audit_count("auth.failed")

    http = new_client(secret) if kind is CredentialKind.token else new_client(cookie=secret)
    problem(await http.get("/api/me"), 401)

    assert await audit_count("auth.failed") == failed + 1
    line = (
        await AuditEntry.select()
        .where(AuditEntry.action == "auth.failed")
        .order_by(AuditEntry.id, ascending=False)
        .first()
    )
    assert line is not None
    assert line["object_ref"] == "GET /api/me"
    assert kind.value in line["detail"]


async def test_a_revoked_api_token_is_refused(new_client: Client) -> None:
    script = new_client(await bearer_token(KARIM_EMAIL))
    created = (await script.post("/api/me/tokens", json={"name": "ancien script"})).json()
    assert (await new_client(created["token"]).get("/api/me")).status_code == 200

    revoked = await script.delete(f"/api/me/tokens/{created['id']}")

    assert revoked.status_code == 204, revoked.text
    problem(await new_client(created["token"]).get("/api/me"), 401)


async def test_a_read_token_reads_but_every_write_is_refused_even_to_a_coordinator(
    new_client: Client,
) -> None:
    await registry.create_network(NetworkCreate(**CAMILLE_NETWORK))  # type: ignore[arg-type]
    camille = "camille@raviv.test"
    write = new_client(await bearer_token(camille))
    account = await grant(camille, CAMILLE_NETWORK["ref"], Role.coordinator)
    made = await write.post("/api/me/tokens", json={"name": "tableau de bord", "scope": "read"})
    assert made.status_code == 201, made.text
    assert made.json()["scope"] == "read"
    reader = new_client(made.json()["token"])
    net = f"/api/networks/{CAMILLE_NETWORK['ref']}"
    for path in ("/api/me", "/api/me/tokens", net, f"{net}/members"):
        assert (await reader.get(path)).status_code == 200, path
    credentials = await Credential.count()
    live = await live_credentials(account)
    members = len((await reader.get(f"{net}/members")).json()["items"])
    denied = await audit_count("access.denied")

    writes = [
        reader.post("/api/me/tokens", json={"name": "écriture", "scope": "write"}),
        reader.post("/api/me/tokens", json={"name": "lecture", "scope": "read"}),
        reader.delete(f"/api/me/tokens/{made.json()['id']}"),
        reader.post(f"{net}/members", json=KARIM_MEMBER),
        reader.patch(net, json={"name": "Renommé"}),
        reader.post("/api/auth/password", json={"current_password": "x", "new_password": "y"}),
        reader.post("/api/auth/logout"),
    ]
    for write_call in writes:
        assert "read" in problem(await write_call, 403)["detail"]

    assert await Credential.count() == credentials
    assert await live_credentials(account) == live
    assert len((await reader.get(f"{net}/members")).json()["items"]) == members
    assert (await reader.get(net)).json()["name"] == CAMILLE_NETWORK["name"]
    assert await audit_count("access.denied") == denied + len(writes)


async def test_a_read_token_cannot_create_a_write_token_even_in_the_service() -> None:
    account = await karim_with_password()
    secret, _ = await service.issue_credential(
        account,
        CredentialKind.token,
        name="lecture",
        scope=TokenScope.read,
        lifetime=timedelta(hours=1),
    )
    principal = await load_principal(secret, CredentialKind.token)
    assert principal is not None
    credentials = await Credential.count()

    with pytest.raises(ForbiddenError, match="read-only"):
        await service.create_token(principal, TokenCreate(name="écriture", scope=TokenScope.write))
    assert await Credential.count() == credentials


# -- API tokens ---------------------------------------------------------------------------------


async def test_an_api_token_is_shown_once_stored_as_its_sha256_listed_and_revoked(
    new_client: Client,
) -> None:
    account = await karim_with_password()
    browser, _, csrf = await session_of(new_client)
    write = {"X-CSRF-Token": csrf}

    created = await browser.post(
        "/api/me/tokens",
        json={"name": "tableur", "scope": "write", "expires_in_days": 30},
        headers=write,
    )

    assert created.status_code == 201, created.text
    token = created.json()["token"]
    assert token.startswith("raviv_")
    row = await Credential.select().where(Credential.id == created.json()["id"]).first()
    assert row is not None
    assert row["account"] == account
    assert row["kind"] == "token"
    assert row["secret_hash"] != token
    assert row["secret_hash"] == hashlib.sha256(token.encode()).hexdigest()
    listed = (await browser.get("/api/me/tokens")).json()
    assert [(t["id"], t["name"], t["scope"]) for t in listed] == [
        (created.json()["id"], "tableur", "write")
    ]
    assert "token" not in listed[0]  # shown once, at creation only
    assert token not in (await browser.get("/api/me/tokens")).text

    revoked = await browser.delete(f"/api/me/tokens/{created.json()['id']}", headers=write)

    assert revoked.status_code == 204, revoked.text
    assert (await browser.get("/api/me/tokens")).json()[0]["revoked_at"] is not None
    assert await audit_count("token.create") == 1
    assert await audit_count("token.revoke") == 1


async def test_mallory_cannot_revoke_karims_token(new_client: Client) -> None:
    karim = new_client(await bearer_token(KARIM_EMAIL))
    token = (await karim.post("/api/me/tokens", json={"name": "tableur"})).json()
    mallory = new_client(await bearer_token(MALLORY_EMAIL))
    revoked = await Credential.count().where(Credential.revoked_at.is_not_null())

    response = await mallory.delete(f"/api/me/tokens/{token['id']}")

    problem(response, 404)
    assert await Credential.count().where(Credential.revoked_at.is_not_null()) == revoked
    assert (await new_client(token["token"]).get("/api/me")).status_code == 200
    assert await audit_count("token.revoke") == 0
    assert await audit_count("token.revoke_refused") == 1


# -- password change ----------------------------------------------------------------------------


async def test_changing_ones_password_ends_other_sessions_and_tokens_but_keeps_this_one(
    new_client: Client,
) -> None:
    await karim_with_password()
    browser, cookie, csrf = await session_of(new_client)
    _, other_cookie, _ = await session_of(new_client)
    token = (await sign_in(new_client(), mode="token")).json()["token"]

    response = await browser.post(
        "/api/auth/password",
        json={"current_password": KARIM_PASSWORD, "new_password": NEW_PASSWORD},
        headers={"X-CSRF-Token": csrf},
    )

    assert response.status_code == 204, response.text
    assert (await new_client(cookie=cookie).get("/api/me")).status_code == 200
    problem(await new_client(cookie=other_cookie).get("/api/me"), 401)
    problem(await new_client(token).get("/api/me"), 401)
    assert (await sign_in(new_client(), password=NEW_PASSWORD)).status_code == 200
    problem(await sign_in(new_client()), 401)
    assert await audit_count("password.change") == 1


async def test_a_too_short_new_password_is_refused_naming_the_field_and_nothing_changes(
    new_client: Client,
) -> None:
    account = await karim_with_password()
    browser, _, csrf = await session_of(new_client)
    await sign_in(new_client(), mode="token")
    before = await Account.select(Account.password_hash).where(Account.id == account).first()
    live = await live_credentials(account)

    response = await browser.post(
        "/api/auth/password",
        json={"current_password": KARIM_PASSWORD, "new_password": "court"},
        headers={"X-CSRF-Token": csrf},
    )

    body = problem(response, 422)
    assert [e["field"] for e in body["errors"]] == ["new_password"]
    assert await Account.select(Account.password_hash).where(Account.id == account).first() == (
        before
    )
    assert await live_credentials(account) == live
    assert await audit_count("password.change") == 0


# -- headers ------------------------------------------------------------------------------------


async def test_api_answers_carry_the_security_headers(new_client: Client) -> None:
    signed_in = new_client(await bearer_token(KARIM_EMAIL))
    for response in (await signed_in.get("/api/me"), await new_client().get("/api/me")):
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "default-src 'none'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["cache-control"] == "no-store"
        assert "strict-transport-security" not in headers  # plain http in the tests


async def test_a_plain_html_form_may_carry_the_csrf_token_in_its_csrf_token_field(
    new_client: Client,
) -> None:
    """A form cannot set a header: its hidden ``csrf_token`` field is checked the same way."""
    account = await karim_with_password()
    browser, _, csrf = await session_of(new_client)
    refused = await audit_count("csrf.refused")

    for form in ({}, {"csrf_token": "forged-by-another-site"}, {"csrf_token": csrf[::-1]}):
        response = await browser.post("/api/auth/logout", data=form)
        assert "csrf_token" in problem(response, 403)["detail"]
    upload = await browser.post(  # multipart too, a wrong token
        "/api/auth/logout", files={"f": ("a.txt", b"x")}, data={"csrf_token": "nope"}
    )
    problem(upload, 403)
    assert await audit_count("csrf.refused") == refused + 4
    assert await live_credentials(account) == 1  # still signed in

    signed_out = await browser.post("/api/auth/logout", data={"csrf_token": csrf})

    assert signed_out.status_code == 204, signed_out.text
    assert await live_credentials(account) == 0


async def test_the_form_field_is_read_only_from_a_form_body_never_from_json(
    new_client: Client,
) -> None:
    account = await karim_with_password()
    browser, _, csrf = await session_of(new_client)

    response = await browser.post("/api/auth/logout", json={"csrf_token": csrf})

    problem(response, 403)
    assert await live_credentials(account) == 1
