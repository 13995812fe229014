"""A network's legal identity over HTTP (docs/network.md): Camille states it with ``PATCH
/api/networks/{ref}``, field by field; it is checked (422 naming every field at fault, nothing
changed), audited (before and after), read back by ``GET``, carried by the archive (export,
import into an empty database, export again: the same document), and given to reports as plain
data by ``network_identity``. Sophie (consultant) and Karim (a member's representative) may read
it, not change it; Olivier, who coordinates another network, does not see it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import msgspec
import pytest

from raviv.access.tables import AuditEntry
from raviv.archive import dump_archive, parse_archive
from raviv.guard.roles import Role
from raviv.network_archive import archive_io
from raviv.registry import service
from tests.factories import CAMILLE_NETWORK, KARIM_MEMBER
from tests.personas import CAMILLE, KARIM, SOPHIE, Clients, client_as, granted_token
from tests.personas import persona_clients as clients_of

REF = CAMILLE_NETWORK["ref"]
NET = f"/api/networks/{REF}"
IDENTITY = {
    "legal_name": "Réseau d'arts vivants en Île-de-France (RAVIV)",
    "siret": "526 018 155 00014",
    "rna": "w931234567",
    "legal_form": "Association loi 1901",
    "creation_year": 2009,
    "address_street": "12 rue des Répétitions",
    "address_postcode": "93100",
    "address_city": "Montreuil",
    "general_assemblies_per_year": 1,
    "board_meetings_per_year": 4,
    "fiscal_year_start": "09-01",
    "signatory_name": "Élise Moreau",
    "signatory_role": "Présidente",
}
STORED = IDENTITY | {"siret": "52601815500014", "rna": "W931234567", "legal_form": "association"}
"""The identity as stored and read back: the SIRET's digits, the RNA upper-cased, the form's
short code."""
UNSTATED = {
    "legal_name": "",
    "siret": None,
    "rna": None,
    "legal_form": "",
    "creation_year": None,
    "address_street": "",
    "address_postcode": "",
    "address_city": "",
    "general_assemblies_per_year": None,
    "board_meetings_per_year": None,
    "fiscal_year_start": "01-01",
    "signatory_name": "",
    "signatory_role": "",
}


@pytest.fixture
async def people(client: httpx.AsyncClient) -> AsyncIterator[Clients]:
    assert (await client.post("/api/networks", json=CAMILLE_NETWORK)).status_code == 201
    member = await client.post(f"{NET}/members", json=KARIM_MEMBER | {"joined_on": "2024-01-01"})
    assert member.status_code == 201, member.text
    assert (await client.post("/api/networks", json={"ref": "autre", "name": "Autre"})).is_success
    opened = await clients_of(REF, CAMILLE, KARIM, SOPHIE)
    opened["olivier"] = client_as(
        await granted_token("olivier@autre.example", "autre", Role.coordinator)
    )
    yield opened
    for http in opened.values():
        await http.aclose()


def identity_of(body: dict[str, Any]) -> dict[str, Any]:
    return {field: body[field] for field in UNSTATED}


async def update_lines() -> list[dict[str, Any]]:
    rows = await (
        AuditEntry.select(AuditEntry.object_ref, AuditEntry.before, AuditEntry.after)
        .where(AuditEntry.action == "network.update")
        .order_by(AuditEntry.id)
        .run()
    )
    return [
        {
            key: json.loads(v) if isinstance(v, str) and key != "object_ref" else v
            for key, v in r.items()
        }
        for r in rows
    ]


async def test_a_network_states_no_identity_until_its_coordinator_does(people: Clients) -> None:
    response = await people["camille"].get(NET)
    assert response.status_code == 200, response.text
    assert identity_of(response.json()) == UNSTATED


async def test_camille_states_the_identity_it_is_read_back_and_the_change_is_audited(
    people: Clients,
) -> None:
    response = await people["camille"].patch(NET, json=IDENTITY)

    assert response.status_code == 200, response.text
    assert identity_of(response.json()) == STORED
    for reader in ("camille", "sophie", "karim"):
        read = await people[reader].get(NET)
        assert read.status_code == 200, read.text
        assert identity_of(read.json()) == STORED
    (line,) = await update_lines()
    assert line["object_ref"] == REF
    assert line["after"] == {k: v for k, v in STORED.items() if v != UNSTATED[k]}
    assert line["before"] == {k: UNSTATED[k] for k in line["after"]}


async def test_one_field_changes_alone_and_identifiers_are_cleared_with_null_or_empty(
    people: Clients,
) -> None:
    assert (await people["camille"].patch(NET, json=IDENTITY)).status_code == 200

    moved = await people["camille"].patch(NET, json={"address_city": "Bagnolet"})
    cleared = await people["camille"].patch(NET, json={"siret": None, "rna": "  "})

    assert moved.status_code == 200, moved.text
    assert cleared.status_code == 200, cleared.text
    assert identity_of(cleared.json()) == STORED | {
        "address_city": "Bagnolet",
        "siret": None,
        "rna": None,
    }
    lines = await update_lines()
    assert [line["after"] for line in lines[1:]] == [
        {"address_city": "Bagnolet"},
        {"siret": None, "rna": None},
    ]
    assert lines[2]["before"] == {"siret": "52601815500014", "rna": "W931234567"}


async def test_bad_values_are_refused_naming_every_field_and_nothing_changes(
    people: Clients,
) -> None:
    assert (await people["camille"].patch(NET, json=IDENTITY)).status_code == 200
    before = (await people["camille"].get(NET)).json()
    lines = len(await update_lines())
    bad = {
        "name": "Nouveau nom",  # valid, but refused with the rest
        "siret": "52601815500015",
        "rna": "X12",
        "address_postcode": "931",
        "creation_year": 1650,
        "general_assemblies_per_year": 53,
        "board_meetings_per_year": -1,
        "fiscal_year_start": "02-29",
        "legal_name": "x" * 201,
        "signatory_role": "r" * 101,
    }

    refused = await people["camille"].patch(NET, json=bad)

    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert [e["field"] for e in problem["errors"]] == [
        "legal_name",
        "siret",
        "rna",
        "creation_year",
        "address_postcode",
        "general_assemblies_per_year",
        "board_meetings_per_year",
        "fiscal_year_start",
        "signatory_role",
    ]
    messages = {e["field"]: e["message"] for e in problem["errors"]}
    assert messages["siret"] == "the SIRET fails its check digit"
    assert messages["rna"] == "an RNA number is W followed by 9 digits (e.g. W751234567)"
    assert messages["fiscal_year_start"].startswith("expected MM-DD, a day every year has")
    assert (await people["camille"].get(NET)).json() == before
    assert len(await update_lines()) == lines


async def test_a_wrong_type_is_a_400_naming_the_field(people: Clients) -> None:
    refused = await people["camille"].patch(NET, json={"creation_year": "deux mille neuf"})
    assert refused.status_code == 400, refused.text
    assert "creation_year" in refused.text


@pytest.mark.parametrize(("who", "status"), [("sophie", 403), ("karim", 403), ("olivier", 404)])
async def test_only_the_networks_coordinator_changes_its_identity(
    people: Clients, who: str, status: int
) -> None:
    before = (await people["camille"].get(NET)).json()

    refused = await people[who].patch(NET, json={"signatory_name": "Mallory", "rna": "W751234567"})

    assert refused.status_code == status, refused.text
    assert (await people["camille"].get(NET)).json() == before
    assert await update_lines() == []


async def test_a_site_administrator_may_state_the_identity_when_creating_a_network(
    client: httpx.AsyncClient,
) -> None:
    created = await client.post("/api/networks", json={"ref": "neuf", "name": "Neuf"} | IDENTITY)
    assert created.status_code == 201, created.text
    assert identity_of(created.json()) == STORED
    refused = await client.post(
        "/api/networks", json={"ref": "neuf2", "name": "Neuf", "siret": "123", "rna": "W1"}
    )
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["siret", "rna"]
    assert (await client.get("/api/networks/neuf2")).status_code == 404


async def test_the_identity_travels_in_the_archive_and_comes_back_the_same(
    people: Clients, client: httpx.AsyncClient
) -> None:
    assert (await people["camille"].patch(NET, json=IDENTITY)).status_code == 200
    exported = await people["camille"].get(f"{NET}/archive")
    assert exported.status_code == 200, exported.text
    document = exported.json()
    assert {k: document["network"][k] for k in STORED} == STORED

    await _empty_database()
    await archive_io.import_archive(exported.content)
    again = dump_archive(await archive_io.export_archive(REF))

    assert json.loads(again) == document
    assert again == dump_archive(parse_archive(exported.content))
    assert identity_of(msgspec.to_builtins(await service.get_network(REF))) == STORED


async def test_reports_get_the_identity_as_plain_data(people: Clients) -> None:
    assert (await people["camille"].patch(NET, json=IDENTITY)).status_code == 200

    found = await service.network_identity(REF)

    assert found == {
        "ref": REF,
        "name": CAMILLE_NETWORK["name"],
        "legal_name": IDENTITY["legal_name"],
        "siret": "52601815500014",
        "rna": "W931234567",
        "legal_form": "association",
        "creation_year": 2009,
        "territory": "",
        "timezone": "Europe/Paris",
        "period_kind": "season",
        "parent": None,
        "address": {"street": "12 rue des Répétitions", "postcode": "93100", "city": "Montreuil"},
        "statutes": {"general_assemblies_per_year": 1, "board_meetings_per_year": 4},
        "fiscal_year_start": {"month": 9, "day": 1, "mm_dd": "09-01"},
        "signatory": {"name": "Élise Moreau", "role": "Présidente"},
    }
    assert json.loads(json.dumps(found)) == found


async def test_a_network_without_an_identity_gives_its_name_and_nothing_invented(
    people: Clients,
) -> None:
    found = await service.network_identity(REF)
    assert found["legal_name"] == CAMILLE_NETWORK["name"]
    assert found["statutes"] == {
        "general_assemblies_per_year": None,
        "board_meetings_per_year": None,
    }
    assert found["fiscal_year_start"] == {"month": 1, "day": 1, "mm_dd": "01-01"}
    assert (found["siret"], found["rna"], found["creation_year"]) == (None, None, None)


async def _empty_database() -> None:
    """Every table emptied, children first (inside the test's transaction, rolled back)."""
    from piccolo.conf.apps import Finder
    from piccolo.table import sort_table_classes

    for table in reversed(sort_table_classes(Finder().get_table_classes())):
        await table.delete(force=True).run()
