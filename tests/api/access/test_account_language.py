"""An account's language: French until its owner chooses English (``PATCH /api/me``), read by
``GET /api/me`` and by the web pages through :func:`raviv.access.service.account_language`.

Karim reads raviv in English; Mallory cannot change his choice, having only her own account to
change; a language raviv is not written in is refused, naming the field, and changes nothing.
"""

from __future__ import annotations

import json

import pytest

from raviv.access import service
from raviv.access.tables import Account, AuditEntry
from tests.api.access.conftest import Client
from tests.personas import KARIM_EMAIL, MALLORY_EMAIL, bearer_token, karim_with_password, sign_in

pytestmark = pytest.mark.usefixtures("db")


async def test_a_new_account_reads_raviv_in_french(new_client: Client) -> None:
    karim = new_client(await bearer_token(KARIM_EMAIL))

    me = await karim.get("/api/me")

    assert me.status_code == 200, me.text
    assert me.json()["language"] == "fr"
    assert await service.account_language(me.json()["id"]) == "fr"


async def test_an_account_chooses_english_for_itself_and_the_change_is_audited(
    new_client: Client,
) -> None:
    karim = new_client(await bearer_token(KARIM_EMAIL))
    account = (await karim.get("/api/me")).json()["id"]

    changed = await karim.patch("/api/me", json={"language": "en"})

    assert changed.status_code == 200, changed.text
    assert changed.json()["language"] == "en"
    assert (await karim.get("/api/me")).json()["language"] == "en"
    assert await service.account_language(account) == "en"
    line = await AuditEntry.select().where(AuditEntry.action == "account.update").first()
    assert line is not None
    assert line["object_ref"] == KARIM_EMAIL
    assert line["account"] == account
    before, after = (
        json.loads(v) if isinstance(v, str) else v for v in (line["before"], line["after"])
    )
    assert (before, after) == ({"language": "fr"}, {"language": "en"})


async def test_choosing_the_language_already_held_changes_nothing_and_logs_nothing(
    new_client: Client,
) -> None:
    karim = new_client(await bearer_token(KARIM_EMAIL))

    same = await karim.patch("/api/me", json={"language": "fr"})
    empty = await karim.patch("/api/me", json={})

    assert (same.status_code, empty.status_code) == (200, 200)
    assert empty.json()["language"] == "fr"
    assert await AuditEntry.count().where(AuditEntry.action == "account.update") == 0


@pytest.mark.parametrize("language", ["de", "FR", "", "français", "en "])
async def test_a_language_raviv_is_not_written_in_is_a_422_naming_the_field(
    new_client: Client, language: str
) -> None:
    karim = new_client(await bearer_token(KARIM_EMAIL))

    refused = await karim.patch("/api/me", json={"language": language})

    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in refused.json()["errors"]] == ["language"]
    assert {row["language"] for row in await Account.select(Account.language)} == {"fr"}


async def test_a_language_of_another_type_or_an_unknown_field_is_refused(
    new_client: Client,
) -> None:
    karim = new_client(await bearer_token(KARIM_EMAIL))

    for body, field in (({"language": 1}, "language"), ({"email": "x@y.example"}, "email")):
        refused = await karim.patch("/api/me", json=body)
        assert refused.status_code == 400, refused.text
        assert field in refused.text


async def test_each_account_changes_only_its_own_language(new_client: Client) -> None:
    karim = new_client(await bearer_token(KARIM_EMAIL))
    mallory = new_client(await bearer_token(MALLORY_EMAIL))

    assert (await mallory.patch("/api/me", json={"language": "en"})).status_code == 200

    assert (await karim.get("/api/me")).json()["language"] == "fr"
    assert (await mallory.get("/api/me")).json()["language"] == "en"


async def test_signing_in_answers_the_accounts_language(new_client: Client) -> None:
    account = await karim_with_password()
    await Account.update({Account.language: "en"}).where(Account.id == account).run()

    signed = await sign_in(new_client())

    assert signed.status_code == 200, signed.text
    assert signed.json()["account"]["language"] == "en"


async def test_an_unknown_account_reads_french() -> None:
    assert await service.account_language(987654321) == "fr"
