"""The participation rule over HTTP, on the example network (both engines).

Camille (coordinator of ``exemple``) reads where every member stands, exactly as
`raviv rules evaluate --json` writes it; Fanny represents ``fougere`` and sees her own standing
only, with what is missing; Sophie (consultant) reads everything and writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date

import pytest

from raviv.network_archive import archive_io
from raviv.participation import snapshots
from tests.personas import CAMILLE, FANNY, SOPHIE, Clients, persona_clients
from tests.unit.rules.test_example import EXAMPLE, EXPECTED, assert_matches

NET = "/api/networks/exemple"
MID = {"at": "2026-03-01", "period": "2025-09-01"}


@pytest.fixture
async def people(db: None) -> AsyncIterator[Clients]:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    clients = await persona_clients("exemple", CAMILLE, FANNY, SOPHIE, domain="exemple.test")
    yield clients
    for client in clients.values():
        await client.aclose()


async def test_the_coordinator_reads_exactly_the_expected_evaluation(people: Clients) -> None:
    expected = json.loads(EXPECTED.read_bytes())
    for params, key in (
        (MID, "evaluation_mid_period"),
        ({"at": "2026-09-01", "period": "2025-09-01"}, "evaluation_end_of_period"),
    ):
        answer = await people["camille"].get(NET + "/evaluation", params=params)
        assert answer.status_code == 200, answer.text
        assert_matches(expected[key], answer.json())


async def test_a_representative_sees_only_its_own_member_and_what_it_misses(
    people: Clients,
) -> None:
    listed = await people["fanny"].get(NET + "/evaluation", params=MID)
    assert [m["member"] for m in listed.json()["members"]] == ["fougere"]
    standing = await people["fanny"].get(NET + "/members/fougere/standing", params=MID)
    assert standing.status_code == 200, standing.text
    mine = standing.json()["member"]
    assert mine["status"] == "at_risk"
    hours = next(c for c in mine["criteria"] if c["criterion"] == "hours_given")
    assert (hours["required"], hours["actual"], hours["shortfall"]) == (10, 3, 7)
    assert hours["explanation_fr"] == "3 h sur 10 h"
    other = await people["fanny"].get(NET + "/members/alize/standing", params=MID)
    assert other.status_code == 404


async def test_the_timeline_shows_the_kept_snapshots(people: Clients) -> None:
    await snapshots.take("exemple", at=date(2026, 3, 1))
    shown = await people["sophie"].get(NET + "/members/fougere/timeline")
    assert shown.status_code == 200, shown.text
    point = {"day": "2026-03-01", "period_start": "2025-09-01", "rule_set": "regle-2025"}
    assert shown.json() == [{**point, "status": "at_risk"}]


async def test_no_rule_in_effect_is_a_problem_naming_the_period(people: Clients) -> None:
    answer = await people["camille"].get(
        NET + "/evaluation", params={"at": "2025-03-01", "period": "2024-09-01"}
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["period"]


RULE_2026 = {
    "ref": "regle-2026",
    "effective_from": "2026-09-01",
    "period": "season",
    "grace_days": 30,
    "criteria": [
        {"criterion": "meetings_attended", "min": 4},
        {"criterion": "hours_given", "min": "12.5"},
    ],
}


async def test_a_new_version_of_the_rule_is_added_read_back_exactly_and_audited(
    people: Clients,
) -> None:
    from raviv.access.tables import AuditEntry

    created = await people["camille"].post(NET + "/rule-sets", json=RULE_2026)
    assert created.status_code == 201, created.text
    listed = await people["sophie"].get(NET + "/rule-sets")
    assert [r["ref"] for r in listed.json()] == ["regle-2025", "regle-2026"]
    assert listed.json()[1] == RULE_2026
    assert await AuditEntry.count().where(AuditEntry.action == "rule_set.create") == 1
    again = await people["camille"].post(NET + "/rule-sets", json=RULE_2026 | {"ref": "autre"})
    assert again.status_code == 422  # the same first day as regle-2026
    # The next season is evaluated under it; this one keeps its own.
    next_season = await people["camille"].get(NET + "/evaluation", params={"at": "2026-10-01"})
    assert next_season.json()["rule_set"] == "regle-2026"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"criteria": [{"criterion": "meetings_attended", "min": "1.5"}]}, "criteria[0].min"),
        (
            {"criteria": [{"criterion": "hours_given", "min": "5", "kinds": ["board"]}]},
            "criteria[0].kinds",
        ),
        ({"period": "fortnight"}, "period"),
        ({"grace_days": -1}, "grace_days"),
        ({"tiers": [{"tier": "zorro", "criteria": []}]}, "tiers[0].tier"),
    ],
)
async def test_a_wrong_rule_is_refused_naming_its_field_and_nothing_is_written(
    people: Clients, change: dict[str, object], field: str
) -> None:
    refused = await people["camille"].post(NET + "/rule-sets", json=RULE_2026 | change)
    assert refused.status_code == 422, refused.text
    assert field in [e["field"] for e in refused.json()["errors"]]
    assert len((await people["camille"].get(NET + "/rule-sets")).json()) == 1


async def test_an_exemption_is_recorded_once_and_a_representative_sees_only_its_own(
    people: Clients,
) -> None:
    body = {
        "member": "fougere",
        "criteria": ["hours_given"],
        "period_start": "2025-09-01",
        "reason": "Sinistre dans les locaux",
        "decided_by": "Conseil d'administration",
    }
    created = await people["camille"].post(NET + "/exemptions", json=body)
    assert created.status_code == 201, created.text
    twice = await people["camille"].post(NET + "/exemptions", json=body)
    assert twice.status_code == 409
    unknown = await people["camille"].post(NET + "/exemptions", json=body | {"member": "zorro"})
    assert [e["field"] for e in unknown.json()["errors"]] == ["member"]
    mine = await people["fanny"].get(NET + "/exemptions")
    assert [e["member"] for e in mine.json()] == ["fougere"]
    everyone = await people["sophie"].get(NET + "/exemptions")
    assert sorted(e["member"] for e in everyone.json()) == ["ecume", "fougere"]
    # Her hours are waived: at mid-season she is no longer at risk for them.
    standing = await people["fanny"].get(NET + "/members/fougere/standing", params=MID)
    hours = next(
        c for c in standing.json()["member"]["criteria"] if c["criterion"] == "hours_given"
    )
    assert hours["exempt"] is True
