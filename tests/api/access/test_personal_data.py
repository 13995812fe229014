"""Personal data rights: Karim's own data as JSON, erasure of a person, and retention.

Camille coordinates raviv-idf. Karim represents alize and is also its contact record (a Person
with his e-mail address); Mallory represents basalte and has her own contact record. Sophie
reads the network as a consultant. Erasing Karim removes who he is, never what alize did.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from raviv.access import service
from raviv.access.tables import Account, AuditEntry, Credential, Grant, Invitation, PasswordReset
from raviv.guard.roles import Role
from raviv.registry import service as registry
from raviv.registry.schemas import NetworkCreate
from raviv.registry.tables import Person
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
KARIM_PERSON = {
    "ref": "karim-benali",
    "first_name": "Karim",
    "last_name": "Benali",
    "email": KARIM_EMAIL,
    "phone": "06 12 34 56 78",
    "role": "administrateur",
    "consent_contact": True,
}
MALLORY_PERSON = {
    "ref": "mallory-roux",
    "first_name": "Mallory",
    "last_name": "Roux",
    "email": MALLORY_EMAIL,
    "phone": "07 98 76 54 32",
}


def network_today() -> date:
    """Today in the network's time zone (its retention delay counts in its own days)."""
    return datetime.now(ZoneInfo("Europe/Paris")).date()


@pytest.fixture
async def camille(new_client: Client) -> httpx.AsyncClient:
    """Camille's network, with alize (Karim's) and basalte (Mallory's) and their contacts."""
    await registry.create_network(NetworkCreate(**CAMILLE_NETWORK))  # type: ignore[arg-type]
    camille = new_client(await granted_token("camille@raviv.test", NET_REF, Role.coordinator))
    for member, person in ((KARIM_MEMBER, KARIM_PERSON), (MALLORY_MEMBER, MALLORY_PERSON)):
        created = await camille.post(
            f"{NET}/members", json={**member, "joined_on": "2022-09-01", "departement": "93"}
        )
        assert created.status_code == 201, created.text
        added = await camille.post(f"{NET}/members/{member['ref']}/people", json=person)
        assert added.status_code == 201, added.text
    # A change of Karim's contact record: its before/after hold his phone number.
    changed = await camille.patch(f"{NET}/people/karim-benali", json={"phone": "01 48 00 00 00"})
    assert changed.status_code == 200, changed.text
    return camille


@pytest.fixture
async def karim(camille: httpx.AsyncClient, new_client: Client) -> httpx.AsyncClient:
    """Karim, signed in with his password (so he has a session and a sign-in in the log)."""
    await karim_with_password()
    await grant(KARIM_EMAIL, NET_REF, Role.member, "alize")
    signed = await sign_in(new_client(), KARIM_EMAIL, KARIM_PASSWORD)
    assert signed.status_code == 200, signed.text
    return new_client(signed.json()["token"])


@pytest.fixture
async def mallory(camille: httpx.AsyncClient, new_client: Client) -> httpx.AsyncClient:
    mallory = new_client(await granted_token(MALLORY_EMAIL, NET_REF, Role.member, "basalte"))
    assert (await mallory.get(f"{NET}/members/basalte")).status_code == 200
    return mallory


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def person_row(ref: str) -> dict[str, Any] | None:
    return await Person.select().where(Person.ref == ref).first()


async def audit_texts() -> list[str]:
    """The identity-bearing text of every audit line: before, after, object and detail."""
    rows = await AuditEntry.select(
        AuditEntry.before, AuditEntry.after, AuditEntry.object_ref, AuditEntry.detail
    ).run()
    return [json.dumps(row, default=str, ensure_ascii=False).lower() for row in rows]


async def mentions(*needles: str) -> list[str]:
    return [t for t in await audit_texts() if any(n.lower() in t for n in needles)]


# -- the personal-data export -------------------------------------------------------------------


@pytest.mark.usefixtures("mallory")
async def test_karim_downloads_his_own_personal_data_and_nobody_elses(
    karim: httpx.AsyncClient,
) -> None:
    await karim.post("/api/me/tokens", json={"name": "tableur"})

    response = await karim.get("/api/me/personal-data")

    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    data = response.json()
    assert data["account"]["email"] == KARIM_EMAIL
    assert data["account"]["display_name"] == "Karim Benali"
    assert [(r["network"], r["role"], r["member"]) for r in data["roles"]] == [
        (NET_REF, "member", "alize")
    ]
    assert sorted(c["name"] for c in data["sessions_and_tokens"]) == ["sign-in", "tableur"]
    [record] = data["contact_records"]
    assert (record["network"], record["member"], record["ref"]) == (
        NET_REF,
        "alize",
        "karim-benali",
    )
    assert (record["first_name"], record["last_name"], record["email"]) == (
        "Karim",
        "Benali",
        KARIM_EMAIL,
    )
    actions = [line["action"] for line in data["activity"]]
    assert "login.ok" in actions
    assert "token.create" in actions
    # No secret in the document, whatever its name.
    text = response.text
    account = await service.account_id_by_email(KARIM_EMAIL)
    hashes = await Credential.select(Credential.secret_hash).where(Credential.account == account)
    stored = await Account.select(Account.password_hash).where(Account.id == account).first()
    assert stored is not None
    assert hashes
    for secret in [h["secret_hash"] for h in hashes] + [stored["password_hash"]]:
        assert secret not in text
    assert "secret_hash" not in text
    assert "password_hash" not in text
    assert "$argon2" not in text
    # Nobody else's data.
    for other in ("mallory", "roux", "basalte", MALLORY_PERSON["phone"], "camille"):
        assert other not in text.lower(), other


async def test_asking_for_ones_personal_data_is_itself_in_the_audit_log(
    karim: httpx.AsyncClient,
) -> None:
    before = await AuditEntry.count().where(AuditEntry.action == "personal_data.export")

    assert (await karim.get("/api/me/personal-data")).status_code == 200

    assert await AuditEntry.count().where(AuditEntry.action == "personal_data.export") == (
        before + 1
    )


# -- erasure ------------------------------------------------------------------------------------


async def test_erasing_karim_blanks_his_identity_everywhere_and_keeps_what_alize_did(
    camille: httpx.AsyncClient, karim: httpx.AsyncClient, new_client: Client
) -> None:
    assert (await karim.get("/api/me/personal-data")).status_code == 200
    summary = (await camille.get(f"{NET}/summary")).json()
    alize = (await camille.get(f"{NET}/members/alize")).json()
    person = await person_row("karim-benali")
    assert person is not None
    needles = ("Karim", "Benali", KARIM_EMAIL, str(KARIM_PERSON["phone"]), "01 48 00 00 00")
    assert await mentions(*needles)  # the log did hold his identity
    erasures = await AuditEntry.count().where(AuditEntry.action == "person.erase")

    response = await camille.post(f"{NET}/people/karim-benali/erase")

    assert response.status_code == 201, response.text
    new_ref = f"efface-{person['id']}"
    assert response.json() == {"person": new_ref}
    erased = await Person.select().where(Person.id == person["id"]).first()
    assert erased is not None
    assert erased["ref"] == new_ref
    assert (erased["first_name"], erased["last_name"], erased["email"], erased["phone"]) == (
        "",
        "",
        None,
        "",
    )
    assert erased["erased_at"] is not None
    assert erased["member"] == person["member"]  # still one of alize's contacts, unnamed
    problem(await camille.get(f"{NET}/people/karim-benali"), 404)
    assert (await camille.get(f"{NET}/people/{new_ref}")).json()["first_name"] == ""
    assert await mentions(str(KARIM_PERSON["phone"]), "01 48 00 00 00") == []
    assert await AuditEntry.count().where(AuditEntry.object_ref == "karim-benali") == 0
    assert await AuditEntry.count().where(AuditEntry.action == "person.erase") == erasures + 1
    # His account is his own: it stays until he asks, then it is anonymised.
    assert (await karim.get("/api/me")).status_code == 200
    erased_account = await karim.post("/api/me/erase", json={"password": KARIM_PASSWORD})
    assert erased_account.status_code == 200, erased_account.text
    assert await mentions(*needles) == []
    assert await service.account_id_by_email(KARIM_EMAIL) is None
    account = await Account.select().where(Account.display_name == "Karim Benali").first()
    assert account is None
    problem(await sign_in(new_client(), KARIM_EMAIL, KARIM_PASSWORD), 401)
    problem(await karim.get("/api/me"), 401)
    # What alize is and did stays.
    assert (await camille.get(f"{NET}/summary")).json() == summary
    assert (await camille.get(f"{NET}/members/alize")).json() == alize
    assert (await person_row("mallory-roux")) is not None


async def test_karim_erases_his_own_account_and_loses_every_role_token_and_reset_link(
    camille: httpx.AsyncClient, karim: httpx.AsyncClient, new_client: Client
) -> None:
    await registry.create_network(NetworkCreate(ref="raviv-toulouse", name="Raviv Toulouse"))
    account = await service.account_id_by_email(KARIM_EMAIL)
    assert account is not None
    await service.grant_role(account, "raviv-toulouse", Role.coordinator)
    reset = await new_client().post("/api/auth/password-reset", json={"email": KARIM_EMAIL})
    assert reset.status_code == 202, reset.text

    response = await karim.post("/api/me/erase", json={"password": KARIM_PASSWORD})

    assert response.status_code == 200, response.text
    assert response.json() == {"account": f"efface-{account}"}
    row = await Account.select().where(Account.id == account).first()
    assert row is not None
    assert (row["email"], row["display_name"], row["password_hash"], row["active"]) == (
        f"efface-{account}@invalid",
        "",
        None,
        False,
    )
    assert await Grant.count().where((Grant.account == account) & Grant.revoked_at.is_null()) == 0
    assert (
        await Credential.count().where(
            (Credential.account == account) & Credential.revoked_at.is_null()
        )
        == 0
    )
    assert (
        await PasswordReset.count().where(
            (PasswordReset.account == account) & PasswordReset.used_at.is_null()
        )
        == 0
    )
    problem(await karim.get("/api/me"), 401)
    problem(await sign_in(new_client(), KARIM_EMAIL, KARIM_PASSWORD), 401)
    line = await AuditEntry.select().where(AuditEntry.action == "account.erase").first()
    assert line is not None
    assert (line["account"], line["object_ref"]) == (account, f"efface-{account}")
    # His contact record is the coordinator's to erase, and is still there.
    assert await person_row("karim-benali") is not None


async def test_a_wrong_password_leaves_the_account_and_the_refusal_is_logged(
    camille: httpx.AsyncClient, karim: httpx.AsyncClient
) -> None:
    accounts = await Account.select().order_by(Account.id).run()

    response = await karim.post("/api/me/erase", json={"password": "pas le mien du tout"})

    assert [e["field"] for e in problem(response, 403)["errors"]] == ["password"]
    assert await Account.select().order_by(Account.id).run() == accounts
    assert (await karim.get("/api/me")).status_code == 200
    assert await AuditEntry.count().where(AuditEntry.action == "account.erase_refused") == 1
    assert await AuditEntry.count().where(AuditEntry.action == "account.erase") == 0


async def test_a_site_administrator_erases_an_account_by_its_address_and_not_an_unknown_one(
    camille: httpx.AsyncClient, karim: httpx.AsyncClient, new_client: Client
) -> None:
    admin = new_client(await bearer_token("admin@raviv.test", site_admin=True))
    account = await service.account_id_by_email(KARIM_EMAIL)

    unknown = await admin.post("/api/accounts/erase", json={"email": "personne@alize.example"})
    response = await admin.post("/api/accounts/erase", json={"email": "Karim@Alize.example"})

    assert [e["field"] for e in problem(unknown, 404)["errors"]] == ["email"]
    assert response.status_code == 200, response.text
    assert response.json() == {"account": f"efface-{account}"}
    problem(await karim.get("/api/me"), 401)
    assert await AuditEntry.count().where(AuditEntry.object_ref == KARIM_EMAIL) == 0
    line = await AuditEntry.select().where(AuditEntry.action == "account.erase").first()
    assert line is not None
    assert line["detail"] == "by a site administrator"
    assert line["account"] == await service.account_id_by_email("admin@raviv.test")


@pytest.mark.parametrize("who", ["member-representative", "consultant"])
async def test_only_a_coordinator_may_erase_a_person(
    camille: httpx.AsyncClient, karim: httpx.AsyncClient, new_client: Client, who: str
) -> None:
    caller = (
        karim
        if who == "member-representative"
        else new_client(await granted_token("sophie@dla.example", NET_REF, Role.consultant))
    )
    before = await person_row("karim-benali")
    accounts = await Account.select().order_by(Account.id).run()
    denied = await AuditEntry.count().where(AuditEntry.action == "access.denied")

    response = await caller.post(f"{NET}/people/karim-benali/erase")

    problem(response, 403)
    assert await person_row("karim-benali") == before
    assert await Account.select().order_by(Account.id).run() == accounts
    assert await AuditEntry.count().where(AuditEntry.action == "person.erase") == 0
    assert await AuditEntry.count().where(AuditEntry.action == "access.denied") == denied + 1


async def test_erasing_an_invited_person_also_blanks_the_invitation_that_named_them(
    camille: httpx.AsyncClient, new_client: Client
) -> None:
    invited = await camille.post(
        f"{NET}/invitations", json={"email": KARIM_EMAIL, "role": "member", "member": "alize"}
    )
    assert invited.status_code == 201, invited.text

    assert (await camille.post(f"{NET}/people/karim-benali/erase")).status_code == 201

    assert await mentions(KARIM_EMAIL) == []
    assert await Invitation.count().where(Invitation.email == KARIM_EMAIL) == 0


async def test_erasing_both_blanks_the_sign_in_lines_even_when_the_contact_record_has_capitals(
    camille: httpx.AsyncClient, new_client: Client
) -> None:
    changed = await camille.patch(
        f"{NET}/people/karim-benali", json={"email": "Karim@Alize.example"}
    )
    assert changed.status_code == 200, changed.text
    karim = await service.create_account(KARIM_EMAIL, password=KARIM_PASSWORD)
    await service.grant_role(karim, NET_REF, Role.member, member_ref=KARIM_MEMBER["ref"])
    assert (await sign_in(new_client(), KARIM_EMAIL, KARIM_PASSWORD)).status_code == 200

    signed = await sign_in(new_client(), KARIM_EMAIL, KARIM_PASSWORD)
    assert (await camille.post(f"{NET}/people/karim-benali/erase")).status_code == 201

    response = await new_client(signed.json()["token"]).post(
        "/api/me/erase", json={"password": KARIM_PASSWORD}
    )

    assert response.status_code == 200, response.text
    assert await mentions(KARIM_EMAIL) == []


async def test_a_coordinator_cannot_anonymise_an_account_outside_her_network_through_erasure(
    camille: httpx.AsyncClient, new_client: Client
) -> None:
    admin = new_client(await bearer_token("admin@raviv.test", site_admin=True))
    added = await camille.post(
        f"{NET}/members/alize/people", json={"ref": "leurre", "email": "admin@raviv.test"}
    )
    assert added.status_code == 201, added.text

    response = await camille.post(f"{NET}/people/leurre/erase")

    assert response.status_code == 201, response.text
    assert (await admin.get("/api/me")).status_code == 200
    assert await service.account_id_by_email("admin@raviv.test") is not None


async def test_erasing_a_contact_leaves_an_account_with_the_same_email_untouched(
    camille: httpx.AsyncClient, karim: httpx.AsyncClient, new_client: Client
) -> None:
    sophie = new_client(await granted_token(SOPHIE_EMAIL, NET_REF, Role.consultant))
    account_before = await Account.select().where(Account.email == SOPHIE_EMAIL).first()
    planted = await karim.post(
        f"{NET}/members/alize/people", json={"ref": "leurre", "email": SOPHIE_EMAIL}
    )
    assert planted.status_code == 201, planted.text

    response = await camille.post(f"{NET}/people/leurre/erase")

    assert response.status_code == 201, response.text
    assert await Account.select().where(Account.email == SOPHIE_EMAIL).first() == account_before
    me = await sophie.get("/api/me")
    assert me.status_code == 200, me.text
    assert [(g["network"], g["role"]) for g in me.json()["grants"]] == [(NET_REF, "consultant")]
    assert (await sophie.get(f"{NET}/summary")).status_code == 200
    erased = await Person.select(Person.email).where(Person.ref.like("efface-%")).run()
    assert erased == [{"email": None}]


async def test_erasing_a_planted_contact_leaves_the_reminders_and_invitations_of_the_address(
    camille: httpx.AsyncClient, karim: httpx.AsyncClient
) -> None:
    # Reminders and invitations go to accounts, not to contact records: a contact carrying an
    # account's address (anyone may type it) erases nothing of that account's history.
    from raviv.participation.tables import Reminder

    await granted_token(SOPHIE_EMAIL, NET_REF, Role.consultant)  # her account
    reminder = await remind("basalte", [MALLORY_EMAIL], "Rappel basalte")
    invited = await camille.post(
        f"{NET}/invitations", json={"email": SOPHIE_EMAIL, "role": "consultant"}
    )
    assert invited.status_code == 201, invited.text
    planted = [
        await karim.post(f"{NET}/members/alize/people", json={"ref": ref, "email": email})
        for ref, email in (("leurre-m", MALLORY_EMAIL), ("leurre-s", SOPHIE_EMAIL))
    ]
    assert [p.status_code for p in planted] == [201, 201]

    for ref in ("leurre-m", "leurre-s"):
        assert (await camille.post(f"{NET}/people/{ref}/erase")).status_code == 201

    row = await Reminder.select(Reminder.recipients).where(Reminder.id == reminder).first()
    assert row is not None
    assert json.loads(row["recipients"]) == [MALLORY_EMAIL]
    assert await Invitation.count().where(Invitation.email == SOPHIE_EMAIL) == 1


# -- retention ----------------------------------------------------------------------------------


async def test_people_of_a_member_that_left_long_ago_are_listed_for_erasure(
    camille: httpx.AsyncClient,
) -> None:
    keep = get_settings().access.retention_days
    assert keep == 1095
    today = network_today()
    long_ago = today - timedelta(days=keep + 30)
    recently = today - timedelta(days=30)
    for ref, left_on in (("dune", long_ago), ("cedre", recently)):
        created = await camille.post(
            f"{NET}/members",
            json={"ref": ref, "name": f"Compagnie {ref}", "joined_on": "2015-01-10"},
        )
        assert created.status_code == 201, created.text
        left = await camille.post(
            f"{NET}/members/{ref}/memberships/leave", json={"on": left_on.isoformat()}
        )
        assert left.status_code == 201, left.text
        person = await camille.post(
            f"{NET}/members/{ref}/people",
            json={"ref": f"contact-{ref}", "first_name": "Denise", "email": f"d@{ref}.example"},
        )
        assert person.status_code == 201, person.text

    response = await camille.get(f"{NET}/retention")

    assert response.status_code == 200, response.text
    assert response.json() == [
        {
            "person": "contact-dune",
            "member": "dune",
            "member_left_on": long_ago.isoformat(),
            "erase_after": (long_ago + timedelta(days=keep)).isoformat(),
        }
    ]


async def test_a_member_that_left_long_ago_and_rejoined_keeps_its_people(
    camille: httpx.AsyncClient,
) -> None:
    long_ago = network_today() - timedelta(days=get_settings().access.retention_days + 30)
    member = f"{NET}/members/dune"
    for call in (
        camille.post(f"{NET}/members", json={"ref": "dune", "name": "Collectif Dune"}),
        camille.post(f"{member}/memberships/join", json={"on": "2015-01-10"}),
        camille.post(f"{member}/memberships/leave", json={"on": long_ago.isoformat()}),
        camille.post(f"{member}/memberships/join", json={"on": network_today().isoformat()}),
        camille.post(f"{member}/people", json={"ref": "contact-dune", "first_name": "Denise"}),
    ):
        response = await call
        assert response.status_code == 201, response.text

    response = await camille.get(f"{NET}/retention")

    assert response.status_code == 200, response.text
    assert response.json() == []


async def remind(member_ref: str, recipients: list[str], subject: str, days_ago: int = 0) -> int:
    """A reminder as the enforcement run leaves it once sent (raviv.participation.enforcement)."""
    from raviv.participation.tables import Reminder
    from raviv.registry.tables import Member

    member = await Member.select(Member.id, Member.network).where(Member.ref == member_ref).first()
    assert member is not None
    today = network_today() - timedelta(days=days_ago)  # one reminder per member and day
    row = Reminder(
        network=member["network"],
        member=member["id"],
        day=today,
        period_start=today.replace(day=1),
        period_end=today + timedelta(days=40),
        status="sent",
        recipients=json.dumps(recipients),
        subject=subject,
        body=f"{subject}: il manque des heures.",
        claimed_at=datetime.now(ZoneInfo("UTC")),
        sent_at=datetime.now(ZoneInfo("UTC")),
    )
    await row.save().run()
    return int(row.id)


async def test_reminders_to_karim_are_in_his_export_and_lose_his_address_with_his_account(
    camille: httpx.AsyncClient, karim: httpx.AsyncClient
) -> None:
    from raviv.participation.tables import Reminder

    # His address as his contact record spelt it.
    to_karim = await remind("alize", [KARIM_EMAIL.upper()], "Rappel alize")
    to_both = await remind("alize", [MALLORY_EMAIL, KARIM_EMAIL], "Rappel commun", days_ago=14)
    to_mallory = await remind("basalte", [MALLORY_EMAIL], "Rappel basalte")

    export = (await karim.get("/api/me/personal-data")).json()

    assert [r["subject"] for r in export["reminders_received"]] == [
        "Rappel alize",
        "Rappel commun",
    ]
    assert export["reminders_received"][0]["member"] == "alize"
    assert "recipients" not in export["reminders_received"][0]  # nobody else's address
    assert MALLORY_EMAIL not in json.dumps(export)

    account = await service.account_id_by_email(KARIM_EMAIL)
    erased = await karim.post("/api/me/erase", json={"password": KARIM_PASSWORD})
    assert erased.status_code == 200, erased.text

    placeholder = f"efface-{account}@invalid"
    stored = {
        row["id"]: json.loads(row["recipients"])
        for row in await Reminder.select(Reminder.id, Reminder.recipients).run()
    }
    assert stored == {
        to_karim: [placeholder],
        to_both: [MALLORY_EMAIL, placeholder],
        to_mallory: [MALLORY_EMAIL],
    }


async def test_a_representative_with_no_contact_record_finds_her_reminders_in_her_export(
    camille: httpx.AsyncClient, new_client: Client
) -> None:
    # Reminders go to the accounts representing a member, whether or not a contact record
    # carries the same address.
    fanny = new_client(
        await granted_token("fanny@basalte.example", NET_REF, Role.member, "basalte")
    )
    await remind("basalte", ["fanny@basalte.example"], "Rappel basalte")

    export = (await fanny.get("/api/me/personal-data")).json()

    assert export["contact_records"] == []
    assert [r["subject"] for r in export["reminders_received"]] == ["Rappel basalte"]
