"""Invitations and password resets: the e-mailed link, taking it up once, and its refusals.

Camille coordinates raviv-idf; she invites Karim to represent the member alize. Mallory
represents basalte, Sophie reads the network as a consultant, Hélène coordinates another network.
Mail goes to the outbox folder of the data directory (no SMTP host in the tests), except in the
last test, which hands a reset link to a real SMTP server.
"""

from __future__ import annotations

import email.policy
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from raviv.access import service
from raviv.access.schemas import ResetConfirm
from raviv.access.tables import Account, AuditEntry, Credential, Grant, Invitation, PasswordReset
from raviv.guard.roles import Role
from raviv.guard.secrets import secret_hash
from raviv.mail import MailSettings, Message, get_mail_settings, read_outbox, send
from raviv.registry import service as registry
from raviv.registry.schemas import MemberCreate, NetworkCreate
from raviv.settings import get_settings
from tests.api.access.conftest import Client
from tests.factories import CAMILLE_NETWORK, KARIM_MEMBER, MALLORY_MEMBER
from tests.personas import (
    KARIM_EMAIL,
    KARIM_PASSWORD,
    MALLORY_EMAIL,
    SOPHIE_EMAIL,
    bearer_token,
    grant,
    granted_token,
    karim_with_password,
    sign_in,
)

pytestmark = pytest.mark.usefixtures("db")

NET_REF = CAMILLE_NETWORK["ref"]
NET = f"/api/networks/{NET_REF}"
NEW_PASSWORD = "un tout nouveau mot de passe"  # noqa: S105
INVITE_KARIM = {"email": KARIM_EMAIL, "role": "member", "member": "alize"}
LINK = re.compile(r"(https?://\S+[?&]token=([A-Za-z0-9_-]+))")


@pytest.fixture
async def world() -> None:
    await registry.create_network(NetworkCreate(**CAMILLE_NETWORK))  # type: ignore[arg-type]
    await registry.create_member(NET_REF, MemberCreate(**KARIM_MEMBER, joined_on=None))  # type: ignore[arg-type]
    await registry.create_member(NET_REF, MemberCreate(**MALLORY_MEMBER))  # type: ignore[arg-type]
    await registry.create_network(NetworkCreate(ref="raviv-toulouse", name="Raviv Toulouse"))


@pytest.fixture
async def camille(world: None, new_client: Client) -> httpx.AsyncClient:
    return new_client(await granted_token("camille@raviv.test", NET_REF, Role.coordinator))


@pytest.fixture
async def karim(world: None) -> int:
    """Karim's account, with a password, representing alize."""
    await karim_with_password()
    return await grant(KARIM_EMAIL, NET_REF, Role.member, "alize")


class Outbox:
    """The outbox folder, and what arrived in it since the test began."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen = len(read_outbox(folder))

    def new(self) -> list[EmailMessage]:
        return read_outbox(self.folder)[self.seen :]

    def link_to(self, address: str) -> tuple[str, str]:
        """The one new message to ``address``: its link and the token in it."""
        [message] = [m for m in self.new() if m["To"] == address]
        body = message.get_body(("plain",))
        assert body is not None
        links = set(LINK.findall(body.get_content()))
        assert len(links) == 1, links
        [(link, token)] = links
        return link, token


@pytest.fixture
def outbox() -> Outbox:
    settings = get_mail_settings()
    assert settings.backend == "outbox"
    assert settings.outbox == get_settings().data_dir / "outbox"
    return Outbox(settings.outbox)


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def fields(body: dict[str, Any]) -> list[str]:
    return [e["field"] for e in body.get("errors", [])]


async def audit_count(action: str) -> int:
    return int(await AuditEntry.count().where(AuditEntry.action == action))


async def last_audit_id() -> int:
    row = await AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id, ascending=False).first()
    return 0 if row is None else int(row["id"])


async def audit_since(last_id: int, action: str) -> list[dict[str, Any]]:
    return (
        await AuditEntry.select()
        .where((AuditEntry.id > last_id) & (AuditEntry.action == action))
        .order_by(AuditEntry.id)
        .run()
    )


async def invite_karim(camille: httpx.AsyncClient, outbox: Outbox) -> tuple[dict[str, Any], str]:
    response = await camille.post(f"{NET}/invitations", json=INVITE_KARIM)
    assert response.status_code == 201, response.text
    return response.json(), outbox.link_to(KARIM_EMAIL)[1]


async def accept(http: httpx.AsyncClient, token: str) -> httpx.Response:
    return await http.post(
        "/api/auth/invitations/accept",
        json={"token": token, "password": KARIM_PASSWORD, "display_name": "Karim Benali"},
    )


# -- invitations --------------------------------------------------------------------------------


async def test_camille_invites_karim_and_the_email_with_the_link_is_sent_before_the_call_returns(
    camille: httpx.AsyncClient, outbox: Outbox
) -> None:
    response = await camille.post(f"{NET}/invitations", json=INVITE_KARIM)

    assert response.status_code == 201, response.text
    invitation = response.json()
    assert (invitation["network"], invitation["email"], invitation["role"]) == (
        NET_REF,
        KARIM_EMAIL,
        "member",
    )
    assert invitation["member"] == "alize"
    # Litestar runs the background task after the answer is sent; over ASGITransport it has
    # finished by the time the client call returns, so the mail is already in the outbox.
    [message] = outbox.new()
    assert message["To"] == KARIM_EMAIL
    assert NET_REF in message["Subject"]
    link, token = outbox.link_to(KARIM_EMAIL)
    assert link.startswith(f"{get_settings().access.public_url}/invitation?token=")
    row = await Invitation.select().where(Invitation.id == invitation["id"]).first()
    assert row is not None
    assert row["secret_hash"] == secret_hash(token) != token  # only the hash is kept
    assert await audit_count("invitation.create") == 1


async def test_karim_accepts_the_invitation_and_then_signs_in_and_reads_his_member(
    camille: httpx.AsyncClient, outbox: Outbox, new_client: Client
) -> None:
    _, token = await invite_karim(camille, outbox)
    assert await service.account_id_by_email(KARIM_EMAIL) is None

    accepted = await accept(new_client(), token)

    assert accepted.status_code == 201, accepted.text
    me = accepted.json()
    assert me["email"] == KARIM_EMAIL
    assert me["display_name"] == "Karim Benali"
    assert [(g["network"], g["role"], g["member"]) for g in me["grants"]] == [
        (NET_REF, "member", "alize")
    ]
    signed_in = await sign_in(new_client(), KARIM_EMAIL, KARIM_PASSWORD)
    assert signed_in.status_code == 200, signed_in.text
    karim = new_client(signed_in.json()["token"])
    member = await karim.get(f"{NET}/members/alize")
    assert member.status_code == 200, member.text
    assert member.json()["name"] == KARIM_MEMBER["name"]
    problem(await karim.get(f"{NET}/members/basalte"), 404)  # not his


async def test_an_invitation_works_once(
    camille: httpx.AsyncClient, outbox: Outbox, new_client: Client
) -> None:
    _, token = await invite_karim(camille, outbox)
    assert (await accept(new_client(), token)).status_code == 201
    accounts, grants = await Account.count(), await Grant.count()

    again = await accept(new_client(), token)

    assert fields(problem(again, 422)) == ["token"]
    assert (await Account.count(), await Grant.count()) == (accounts, grants)


@pytest.mark.parametrize("how", ["expired", "revoked"])
async def test_an_expired_or_revoked_invitation_is_refused_and_creates_no_account(
    camille: httpx.AsyncClient, outbox: Outbox, new_client: Client, how: str
) -> None:
    invitation, token = await invite_karim(camille, outbox)
    if how == "expired":
        await (
            Invitation.update({Invitation.expires_at: datetime.now(UTC) - timedelta(minutes=1)})
            .where(Invitation.id == invitation["id"])
            .run()
        )
    else:
        revoked = await camille.delete(f"{NET}/invitations/{invitation['id']}")
        assert revoked.status_code == 204, revoked.text
    accounts, grants = await Account.count(), await Grant.count()

    refused = await accept(new_client(), token)

    assert fields(problem(refused, 422)) == ["token"]
    assert (await Account.count(), await Grant.count()) == (accounts, grants)
    assert await service.account_id_by_email(KARIM_EMAIL) is None


async def test_a_too_short_password_on_acceptance_is_refused_and_the_link_stays_usable(
    camille: httpx.AsyncClient, outbox: Outbox, new_client: Client
) -> None:
    _, token = await invite_karim(camille, outbox)
    accounts, grants = await Account.count(), await Grant.count()

    refused = await new_client().post(
        "/api/auth/invitations/accept", json={"token": token, "password": "court"}
    )

    assert fields(problem(refused, 422)) == ["password"]
    assert (await Account.count(), await Grant.count()) == (accounts, grants)
    assert (await accept(new_client(), token)).status_code == 201


async def test_karim_signed_in_in_his_browser_takes_up_an_invitation_to_a_second_network(
    karim: int, outbox: Outbox, new_client: Client
) -> None:
    helene = new_client(
        await granted_token("helene@raviv.test", "raviv-toulouse", Role.coordinator)
    )
    invited = await helene.post(
        "/api/networks/raviv-toulouse/invitations",
        json={"email": KARIM_EMAIL, "role": "coordinator"},
    )
    assert invited.status_code == 201, invited.text
    _, secret = outbox.link_to(KARIM_EMAIL)
    browser = new_client()
    signed = await sign_in(browser, KARIM_EMAIL, KARIM_PASSWORD, mode="session")
    assert signed.status_code == 200, signed.text

    accepted = await accept(browser, secret)

    assert accepted.status_code == 201, accepted.text
    assert {g["network"] for g in accepted.json()["grants"]} == {NET_REF, "raviv-toulouse"}


async def test_a_refused_invitation_token_is_in_the_audit_log(
    world: None, new_client: Client
) -> None:
    refused = await audit_count("invitation.refused")

    problem(await accept(new_client(), "un-jeton-inconnu"), 422)

    assert await audit_count("invitation.refused") == refused + 1


async def test_an_invitation_to_the_member_role_must_name_the_member(
    camille: httpx.AsyncClient, outbox: Outbox
) -> None:
    invitations = await Invitation.count()

    response = await camille.post(
        f"{NET}/invitations", json={"email": KARIM_EMAIL, "role": "member"}
    )

    assert fields(problem(response, 422)) == ["member"]
    assert await Invitation.count() == invitations
    assert outbox.new() == []


@dataclass(frozen=True)
class Inviter:
    email: str
    network: str
    role: Role
    member: str | None
    answer: int


@pytest.mark.parametrize(
    "inviter",
    [
        Inviter(MALLORY_EMAIL, NET_REF, Role.member, "basalte", 403),
        Inviter(SOPHIE_EMAIL, NET_REF, Role.consultant, None, 403),
        Inviter("helene@raviv.test", "raviv-toulouse", Role.coordinator, None, 404),
    ],
    ids=["member-representative", "consultant", "coordinator-of-another-network"],
)
async def test_only_the_networks_coordinator_may_invite(
    world: None, outbox: Outbox, new_client: Client, inviter: Inviter
) -> None:
    token = await bearer_token(inviter.email)
    account = await grant(inviter.email, inviter.network, inviter.role, inviter.member)
    invitations = await Invitation.count()
    last_id = await last_audit_id()

    response = await new_client(token).post(f"{NET}/invitations", json=INVITE_KARIM)

    problem(response, inviter.answer)
    assert await Invitation.count() == invitations
    assert outbox.new() == []
    [line] = await audit_since(last_id, "access.denied")
    assert line["account"] == account
    assert line["object_ref"] == f"POST {NET}/invitations"


# -- password resets ----------------------------------------------------------------------------


async def ask_reset(http: httpx.AsyncClient, address: str) -> httpx.Response:
    return await http.post("/api/auth/password-reset", json={"email": address})


async def confirm(http: httpx.AsyncClient, token: str, password: str) -> httpx.Response:
    return await http.post(
        "/api/auth/password-reset/confirm", json={"token": token, "new_password": password}
    )


async def test_a_reset_is_mailed_for_a_known_address_only_and_both_get_the_same_answer(
    karim: int, outbox: Outbox, new_client: Client
) -> None:
    known = await ask_reset(new_client(), KARIM_EMAIL)
    unknown = await ask_reset(new_client(), "personne@alize.example")

    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert [m["To"] for m in outbox.new()] == [KARIM_EMAIL]
    link, token = outbox.link_to(KARIM_EMAIL)
    assert link.startswith(f"{get_settings().access.public_url}/reset-password?token=")
    assert await PasswordReset.count() == 1
    assert await PasswordReset.count().where(PasswordReset.secret_hash == secret_hash(token)) == 1
    assert await audit_count("password.reset_requested") == 2


async def test_confirming_a_reset_sets_the_new_password_and_ends_every_session(
    karim: int, outbox: Outbox, new_client: Client
) -> None:
    session = await sign_in(new_client(), KARIM_EMAIL, KARIM_PASSWORD, mode="session")
    cookie = session.cookies["raviv_session"]
    token = (await sign_in(new_client(), KARIM_EMAIL, KARIM_PASSWORD)).json()["token"]
    await ask_reset(new_client(), KARIM_EMAIL)
    _, reset = outbox.link_to(KARIM_EMAIL)

    confirmed = await confirm(new_client(), reset, NEW_PASSWORD)

    assert confirmed.status_code == 204, confirmed.text
    assert (
        await Credential.count().where(
            (Credential.account == karim) & Credential.revoked_at.is_null()
        )
        == 0
    )
    problem(await new_client(token).get("/api/me"), 401)
    by_cookie = new_client()
    by_cookie.headers["Cookie"] = f"raviv_session={cookie}"
    problem(await by_cookie.get("/api/me"), 401)
    assert (await sign_in(new_client(), KARIM_EMAIL, NEW_PASSWORD)).status_code == 200
    problem(await sign_in(new_client(), KARIM_EMAIL, KARIM_PASSWORD), 401)
    assert await audit_count("password.reset") == 1


async def test_a_reset_link_works_once(karim: int, outbox: Outbox, new_client: Client) -> None:
    await ask_reset(new_client(), KARIM_EMAIL)
    _, reset = outbox.link_to(KARIM_EMAIL)
    assert (await confirm(new_client(), reset, NEW_PASSWORD)).status_code == 204
    stored = await Account.select(Account.password_hash).where(Account.id == karim).first()

    again = await confirm(new_client(), reset, "encore un autre mot de passe")

    assert fields(problem(again, 422)) == ["token"]
    assert await Account.select(Account.password_hash).where(Account.id == karim).first() == (
        stored
    )
    assert (await sign_in(new_client(), KARIM_EMAIL, NEW_PASSWORD)).status_code == 200


async def test_using_a_reset_link_kills_every_older_link_of_the_account(
    karim: int, outbox: Outbox, new_client: Client
) -> None:
    await ask_reset(new_client(), KARIM_EMAIL)  # asked by an attacker who reads Karim's old mailbox
    _, stolen = outbox.link_to(KARIM_EMAIL)
    outbox.seen += 1
    await ask_reset(new_client(), KARIM_EMAIL)
    _, fresh = outbox.link_to(KARIM_EMAIL)
    assert (await confirm(new_client(), fresh, NEW_PASSWORD)).status_code == 204

    refused = await confirm(new_client(), stolen, "le mot de passe de l'attaquant")

    assert fields(problem(refused, 422)) == ["token"]
    assert (await sign_in(new_client(), KARIM_EMAIL, NEW_PASSWORD)).status_code == 200
    problem(await sign_in(new_client(), KARIM_EMAIL, "le mot de passe de l'attaquant"), 401)


async def test_changing_ones_password_kills_every_reset_link_of_the_account(
    karim: int, outbox: Outbox, new_client: Client
) -> None:
    await ask_reset(new_client(), KARIM_EMAIL)
    _, stolen = outbox.link_to(KARIM_EMAIL)
    token = (await sign_in(new_client(), KARIM_EMAIL, KARIM_PASSWORD)).json()["token"]
    changed = await new_client(token).post(
        "/api/auth/password",
        json={"current_password": KARIM_PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 204, changed.text

    refused = await confirm(new_client(), stolen, "le mot de passe de l'attaquant")

    assert fields(problem(refused, 422)) == ["token"]
    assert (await sign_in(new_client(), KARIM_EMAIL, NEW_PASSWORD)).status_code == 200
    problem(await sign_in(new_client(), KARIM_EMAIL, "le mot de passe de l'attaquant"), 401)


async def test_an_expired_reset_link_is_refused_and_the_password_stays(
    karim: int, outbox: Outbox, new_client: Client
) -> None:
    await ask_reset(new_client(), KARIM_EMAIL)
    _, reset = outbox.link_to(KARIM_EMAIL)
    await PasswordReset.update(
        {PasswordReset.expires_at: datetime.now(UTC) - timedelta(minutes=1)}, force=True
    ).run()

    refused = await confirm(new_client(), reset, NEW_PASSWORD)

    assert fields(problem(refused, 422)) == ["token"]
    assert (await sign_in(new_client(), KARIM_EMAIL, KARIM_PASSWORD)).status_code == 200
    problem(await sign_in(new_client(), KARIM_EMAIL, NEW_PASSWORD), 401)


async def test_a_refused_reset_link_is_in_the_audit_log(karim: int, new_client: Client) -> None:
    refused = await audit_count("password.reset_refused")

    problem(await confirm(new_client(), "un-lien-inconnu", NEW_PASSWORD), 422)

    assert await audit_count("password.reset_refused") == refused + 1


# -- a real SMTP server -------------------------------------------------------------------------


@dataclass
class Inbox:
    """An aiosmtpd handler keeping every message it is given."""

    received: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, MailSettings]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield (
            inbox,
            MailSettings(
                host="127.0.0.1",
                port=port,
                security="none",
                timeout_s=5,
                mail_from="Réseau Raviv <noreply@raviv.test>",
            ),
        )
    finally:
        controller.stop()


async def test_the_reset_email_reaches_a_real_smtp_server_with_a_working_link(
    karim: int, smtp: tuple[Inbox, MailSettings]
) -> None:
    inbox, settings = smtp
    mail = await service.request_reset(KARIM_EMAIL)
    assert mail is not None

    delivery = await send(Message(to=[mail.to], subject=mail.subject, text=mail.text), settings)

    assert delivery.backend == "smtp"
    assert delivery.refused == ()
    [(sender, recipients, message)] = inbox.received
    assert sender == "noreply@raviv.test"
    assert recipients == [KARIM_EMAIL]
    assert message["Subject"] == mail.subject
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert text == mail.text
    [(_, token)] = set(LINK.findall(text))
    await service.confirm_reset(ResetConfirm(token=token, new_password=NEW_PASSWORD))
    signed = await service.login(KARIM_EMAIL, NEW_PASSWORD)
    assert signed.answer.account.email == KARIM_EMAIL
