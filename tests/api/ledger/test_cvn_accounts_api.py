"""A network's CVN accounts over HTTP (docs/scoring.md, CVN accounts), on the example network:
ANC 2018-06's default mapping until Camille books forms to accounts of the network's own
(``PUT …/cvn-accounts``); checked (422 naming every field, nothing changed), audited (before and
after), carried by the archive, and followed by the network's CVN in ``…/reciprocity`` (the
JSON of ``raviv reciprocity``) and the federation roll-up. Sophie and Karim read the mapping but
cannot change it; Olivier, who coordinates another network, does not see it.
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pandas as pd
import pytest

from raviv.access.tables import AuditEntry
from raviv.archive import dump_archive
from raviv.guard.roles import Role
from raviv.ledger import cvn_accounts
from raviv.network_archive import archive_io
from raviv.valuation import mapping_json
from tests.api.scoring.test_reciprocity_api import EXAMPLE, EXPECTED, SEASON, imported
from tests.personas import CAMILLE, Clients, Persona, client_as, granted_token, persona_clients

NET = "/api/networks/exemple"
CVN = NET + "/cvn-accounts"
FANNY = Persona("fanny", Role.member, member="fougere")
SOPHIE = Persona("sophie", Role.consultant)
KNOWLEDGE_AS_VOLUNTEERING = [{"form": "knowledge", "use": "864", "resource": "875"}]


@pytest.fixture
async def people(client: httpx.AsyncClient) -> AsyncIterator[Clients]:
    await imported(client, EXAMPLE)
    assert (await client.post("/api/networks", json={"ref": "autre", "name": "Autre"})).is_success
    opened = await persona_clients("exemple", CAMILLE, FANNY, SOPHIE)
    opened["olivier"] = client_as(
        await granted_token("olivier@autre.example", "autre", Role.coordinator)
    )
    yield opened
    for http in opened.values():
        await http.aclose()


async def cvn_of(http: httpx.AsyncClient, network: str = "exemple") -> dict[str, str]:
    response = await http.get(f"/api/networks/{network}/reciprocity", params=SEASON)
    assert response.status_code == 200, response.text
    cvn: dict[str, str] = response.json()["network"]["cvn"]
    return cvn


async def audit_lines() -> list[dict[str, Any]]:
    rows = await (
        AuditEntry.select(AuditEntry.object_ref, AuditEntry.before, AuditEntry.after)
        .where(AuditEntry.action == "cvn_accounts.update")
        .order_by(AuditEntry.id)
        .run()
    )
    return [
        {k: json.loads(v) if k != "object_ref" and isinstance(v, str) else v for k, v in r.items()}
        for r in rows
    ]


async def test_a_network_books_to_the_default_accounts_until_it_says_otherwise(
    people: Clients,
) -> None:
    for reader in ("camille", "sophie", "fanny"):
        response = await people[reader].get(CVN)
        assert response.status_code == 200, response.text
        assert response.json() == mapping_json()
    assert await cvn_accounts.mapping_in_force("exemple") == mapping_json()
    assert await cvn_of(people["camille"]) == EXPECTED["network"]["cvn"]


async def test_an_override_moves_the_networks_cvn_and_is_audited(people: Clients) -> None:
    response = await people["camille"].put(CVN, json={"overrides": KNOWLEDGE_AS_VOLUNTEERING})

    assert response.status_code == 200, response.text
    mapping = response.json()
    assert mapping["overridden"] == ["knowledge"]
    knowledge = next(line for line in mapping["accounts"] if line["form"] == "knowledge")
    assert knowledge == {
        "form": "knowledge",
        "use": "864",
        "use_label": "Personnel bénévole",
        "resource": "875",
        "resource_label": "Bénévolat",
        "overridden": True,
        "default": {"use": "862", "resource": "871"},
    }
    assert (await people["sophie"].get(CVN)).json() == mapping
    # c5, knowledge given to the group bureaux (60.00), now counts with the volunteer hours
    assert await cvn_of(people["camille"]) == {"864": "780.00"}
    (line,) = await audit_lines()
    assert line == {
        "object_ref": "exemple",
        "before": {"overrides": []},
        "after": {"overrides": KNOWLEDGE_AS_VOLUNTEERING},
    }

    reset = await people["camille"].put(CVN, json={"overrides": []})

    assert reset.status_code == 200, reset.text
    assert reset.json() == mapping_json()
    assert await cvn_of(people["camille"]) == EXPECTED["network"]["cvn"]
    assert [line["after"] for line in await audit_lines()] == [
        {"overrides": KNOWLEDGE_AS_VOLUNTEERING},
        {"overrides": []},
    ]


async def test_stating_the_same_overrides_again_changes_and_logs_nothing(
    people: Clients,
) -> None:
    body = {"overrides": [{"form": "premises", "use": "8611", "resource": "871"}]}
    assert (await people["camille"].put(CVN, json=body)).status_code == 200
    again = await people["camille"].put(CVN, json=body)
    changed = await people["camille"].put(
        CVN, json={"overrides": [{"form": "premises", "use": "861", "resource": "870"}]}
    )
    assert again.status_code == changed.status_code == 200
    assert [line["after"] for line in await audit_lines()] == [
        body,
        {"overrides": [{"form": "premises", "use": "861", "resource": "870"}]},
    ]
    assert (await audit_lines())[1]["before"] == body


async def test_bad_overrides_are_refused_naming_every_field_and_nothing_changes(
    people: Clients,
) -> None:
    before = (await people["camille"].get(CVN)).json()

    refused = await people["camille"].put(
        CVN,
        json={
            "overrides": [
                {"form": "premises", "use": "8613", "resource": "871"},
                {"form": "money", "use": "864", "resource": "875"},
                {"form": "time", "use": "864", "resource": "870"},
                {"form": "time", "use": "871", "resource": "864"},
            ]
        },
    )

    assert refused.status_code == 422, refused.text
    errors = [(e["field"], e["message"]) for e in refused.json()["errors"]]
    assert errors == [
        ("overrides[0].use", "a use account is one of 860, 861, 8611, 8612, 862, 864"),
        ("overrides[1].form", "money is not in kind: it has no CVN account"),
        ("overrides[3].use", "a use account is one of 860, 861, 8611, 8612, 862, 864"),
        ("overrides[3].resource", "a resource account is one of 870, 871, 875"),
        ("overrides[3].form", "overrides[2] is for the same form"),
    ]
    assert (await people["camille"].get(CVN)).json() == before
    assert await audit_lines() == []
    unknown = await people["camille"].put(
        CVN, json={"overrides": [{"form": "sunshine", "use": "864", "resource": "875"}]}
    )
    assert unknown.status_code == 400, unknown.text


@pytest.mark.parametrize(("who", "status"), [("sophie", 403), ("fanny", 403), ("olivier", 404)])
async def test_only_the_networks_coordinator_changes_its_accounts(
    people: Clients, who: str, status: int
) -> None:
    refused = await people[who].put(CVN, json={"overrides": KNOWLEDGE_AS_VOLUNTEERING})

    assert refused.status_code == status, refused.text
    assert (await people["camille"].get(CVN)).json() == mapping_json()
    assert await audit_lines() == []
    assert (await people["olivier"].get(CVN)).status_code == 404


async def test_the_overrides_travel_in_the_archive_and_come_back_the_same(
    people: Clients,
) -> None:
    overrides = [
        {"form": "equipment", "use": "8612", "resource": "871"},
        {"form": "premises", "use": "8611", "resource": "871"},
        {"form": "knowledge", "use": "864", "resource": "875"},
    ]
    assert (await people["camille"].put(CVN, json={"overrides": overrides})).status_code == 200
    exported = await people["camille"].get(NET + "/archive")
    assert exported.status_code == 200, exported.text
    document = exported.json()
    # written in the order of the forms
    assert document["network"]["cvn_accounts"] == [overrides[2], overrides[0], overrides[1]]
    assert {k: v for k, v in document.items() if k != "network"} == {
        k: v for k, v in EXAMPLE.items() if k != "network"
    }

    await _empty_database()
    await archive_io.import_archive(exported.content)

    assert dump_archive(await archive_io.export_archive("exemple")) == exported.content
    mapping = await cvn_accounts.mapping_in_force("exemple")
    assert mapping["overridden"] == ["knowledge", "equipment", "premises"]


async def test_the_federation_roll_up_follows_each_networks_mapping(
    client: httpx.AsyncClient,
) -> None:
    created = await client.post("/api/networks", json={"ref": "fede", "name": "Fédération"})
    assert created.status_code == 201, created.text
    sibling = copy.deepcopy(EXAMPLE)
    sibling["network"] |= {"ref": "voisin", "name": "Réseau voisin", "parent": "fede"}
    sibling["network"]["cvn_accounts"] = [{"form": "knowledge", "use": "860", "resource": "870"}]
    await imported(client, sibling)

    rollup = await client.get("/api/networks/fede/reciprocity/federation", params=SEASON)
    workbook = await client.get("/api/networks/fede/reciprocity/federation.xlsx", params=SEASON)

    assert rollup.status_code == 200, rollup.text
    assert rollup.json()["networks"][0]["cvn"] == {"860": "60.00", "864": "720.00"}
    table = pd.read_excel(io.BytesIO(workbook.content))
    assert [c for c in table.columns if c.startswith("cvn_")] == [
        "cvn_860_eur",
        "cvn_861_eur",
        "cvn_862_eur",
        "cvn_864_eur",
    ]
    assert Decimal(str(table.loc[0, "cvn_860_eur"])) == Decimal("60")
    assert Decimal(str(table.loc[0, "cvn_862_eur"])) == Decimal("0")


async def _empty_database() -> None:
    """Every table emptied, children first (inside the test's transaction, rolled back)."""
    from piccolo.conf.apps import Finder
    from piccolo.table import sort_table_classes

    for table in reversed(sort_table_classes(Finder().get_table_classes())):
        await table.delete(force=True).run()


async def test_the_longest_valuation_methods_the_api_takes_travel_in_the_archive(
    people: Clients,
) -> None:
    """The rates' and the policy's methods take up to 2,000 characters through the API; the
    archive that exports them must say so (its published schema) and import them back (found by
    schemathesis on PostgreSQL: a 2,000-character policy method exported against a schema that
    allowed 500)."""
    import jsonschema

    from raviv.archive.json_schema import archive_json_schema

    method = "Valeur locative constatée. " * 74 + "Fin."  # 2,002 characters, cut to 2,000
    method = method[:2000]
    policy = {"charge_coefficient": "1.4", "method": method}
    rate = {"form": "premises", "eur_per_unit": "13.00", "effective_from": "2026-01-01"}
    camille = people["camille"]
    assert (await camille.put(NET + "/rates/policy", json=policy)).status_code == 200
    made = await camille.post(NET + "/rates", json={**rate, "method": method})
    assert made.status_code == 201, made.text

    exported = await camille.get(NET + "/archive")
    assert exported.status_code == 200, exported.text
    document = exported.json()
    errors = [
        f"{list(e.absolute_path)}: {e.message[:80]}"
        for e in jsonschema.Draft202012Validator(archive_json_schema()).iter_errors(document)
    ]
    await _empty_database()
    await archive_io.import_archive(exported.content)

    assert errors == []
    assert document["network"]["valuation_policy"]["method"] == method
    assert dump_archive(await archive_io.export_archive("exemple")) == exported.content
