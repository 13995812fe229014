"""Trying a version of the rule before adding it (POST …/rule-sets/preview), on the example
network (both engines): every member's status under the version tried beside the rule in
effect, computed by the evaluator the evaluation uses, and nothing written."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from raviv.network_archive import archive_io
from tests.personas import CAMILLE, FANNY, SOPHIE, Clients, persona_clients
from tests.unit.rules.test_example import EXAMPLE

NET = "/api/networks/exemple"
MID = {"at": "2026-03-01"}
RULE: dict[str, Any] = {
    "ref": "essai",
    "effective_from": "2026-09-01",
    "period": "season",
    "grace_days": 30,
    "criteria": [
        {"criterion": "meetings_attended", "min": 3},
        {"criterion": "hours_given", "min": "10"},
        {"criterion": "mandatory_meetings"},
        {"criterion": "groups_enrolled", "min": 1},
    ],
}


@pytest.fixture
async def people(db: None) -> AsyncIterator[Clients]:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    clients = await persona_clients("exemple", CAMILLE, FANNY, SOPHIE, domain="exemple.test")
    yield clients
    for client in clients.values():
        await client.aclose()


async def test_the_same_rule_changes_nobody_and_matches_the_evaluation(people: Clients) -> None:
    tried = await people["camille"].post(NET + "/rule-sets/preview", json=RULE, params=MID)
    assert tried.status_code == 200, tried.text
    evaluation = await people["camille"].get(NET + "/evaluation", params=MID)
    statuses = {m["member"]: m["status"] for m in evaluation.json()["members"]}
    body = tried.json()
    assert body["changes"] == 0
    assert body["current_rule_set"] == "regle-2025"
    assert {m["member"]: m["preview"] for m in body["members"]} == statuses
    assert {m["member"]: m["current"] for m in body["members"]} == statuses


async def test_a_higher_threshold_shows_who_falls_behind_and_writes_nothing(
    people: Clients,
) -> None:
    easier = RULE | {"criteria": [{"criterion": "hours_given", "min": "1"}]}
    harder = RULE | {"criteria": [{"criterion": "hours_given", "min": "500"}]}
    low = (await people["camille"].post(NET + "/rule-sets/preview", json=easier, params=MID)).json()
    high = (
        await people["camille"].post(NET + "/rule-sets/preview", json=harder, params=MID)
    ).json()
    assert high["changes"] > 0
    assert all(m["preview"] in {"at_risk", "exempt", "grace"} for m in high["members"])
    assert any(m["preview"] == "compliant" for m in low["members"])
    listed = await people["camille"].get(NET + "/rule-sets")
    assert [r["ref"] for r in listed.json()] == ["regle-2025"]


async def test_a_wrong_version_is_refused_naming_its_field(people: Clients) -> None:
    wrong = RULE | {"criteria": [{"criterion": "meetings_attended", "min": "1.5"}]}
    refused = await people["camille"].post(NET + "/rule-sets/preview", json=wrong)
    assert refused.status_code == 422, refused.text
    assert "criteria[0].min" in [e["field"] for e in refused.json()["errors"]]


async def test_only_a_coordinator_tries_a_version(people: Clients) -> None:
    for name in ("fanny", "sophie"):
        refused = await people[name].post(NET + "/rule-sets/preview", json=RULE)
        assert refused.status_code == 403, (name, refused.text)
