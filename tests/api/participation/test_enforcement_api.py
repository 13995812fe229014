"""Enforcement over HTTP, on the example network (both engines): the policy, the cases the end of
the 2025 season opened (basalte and fougere), decisions, answers, closing, and each member's
own view.

Camille coordinates ``exemple``; Fanny represents fougere, Bruno basalte; Sophie is a
consultant.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from raviv.access.tables import AuditEntry
from raviv.network_archive import archive_io
from raviv.participation.enforcement import run_daily
from raviv.participation.tables import CaseAnswer, CaseDecision, EnforcementPolicy
from tests.integration.test_mail import Inbox, smtp_server
from tests.personas import BRUNO, CAMILLE, FANNY, SOPHIE, Clients, persona_clients
from tests.unit.rules.test_example import EXAMPLE


def today() -> dt.date:
    """Today in the example network's time zone (decisions are dated in it)."""
    return dt.datetime.now(ZoneInfo("Europe/Paris")).date()


NET = "/api/networks/exemple"
FOUGERE = NET + "/cases/fougere-2025-09-01"
BASALTE = NET + "/cases/basalte-2025-09-01"


def days_ago(days: int) -> str:
    return (today() - dt.timedelta(days=days)).isoformat()


@pytest.fixture
async def people(db: None) -> AsyncIterator[Clients]:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    clients = await persona_clients("exemple", CAMILLE, FANNY, BRUNO, SOPHIE, domain="exemple.test")
    yield clients
    for client in clients.values():
        await client.aclose()


@pytest.fixture
async def opened(people: Clients) -> Clients:
    """The season 2025-09-01 is over: its cases are open."""
    report = await run_daily("exemple", dt.date(2026, 9, 1))
    assert report.cases_opened == ["basalte-2025-09-01", "fougere-2025-09-01"]
    return people


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


# -- the policy -----------------------------------------------------------------------------------


async def test_a_network_without_a_policy_has_the_defaults(people: Clients) -> None:
    policy = await ok(await people["fanny"].get(NET + "/enforcement/policy"))

    assert policy == {
        "reminders": True,
        "reminder_interval_days": 14,
        "open_cases": True,
        "stated": False,
        "updated_at": None,
    }


async def test_the_coordinator_sets_the_policy_and_it_is_audited(people: Clients) -> None:
    body = {"reminders": True, "reminder_interval_days": 30, "open_cases": False}

    policy = await ok(await people["camille"].put(NET + "/enforcement/policy", json=body))

    assert (policy["reminder_interval_days"], policy["open_cases"], policy["stated"]) == (
        30,
        False,
        True,
    )
    assert await ok(await people["sophie"].get(NET + "/enforcement/policy")) == policy
    [line] = await AuditEntry.select().where(AuditEntry.action == "enforcement_policy.update").run()
    after = json.loads(line["after"]) if isinstance(line["after"], str) else line["after"]
    assert {k: after[k] for k in ("reminder_interval_days", "open_cases", "stated")} == {
        "reminder_interval_days": 30,
        "open_cases": False,
        "stated": True,
    }
    assert "reminders" not in after  # only what changed
    again = await ok(
        await people["camille"].put(NET + "/enforcement/policy", json=body | {"reminders": False})
    )
    assert again["reminders"] is False
    assert await EnforcementPolicy.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"reminders": True, "reminder_interval_days": 0, "open_cases": True},
            "reminder_interval_days",
        ),
        ({"reminders": True, "open_cases": True}, "reminder_interval_days"),
        ({"reminders": "oui", "reminder_interval_days": 7, "open_cases": True}, "reminders"),
        ({"reminders": True, "reminder_interval_days": 7, "open_cases": True, "x": 1}, "x"),
    ],
    ids=["zero-days", "missing", "not-a-boolean", "unknown-field"],
)
async def test_a_bad_policy_is_refused_naming_the_field_and_nothing_is_written(
    people: Clients, body: dict[str, Any], field: str
) -> None:
    refused = await people["camille"].put(NET + "/enforcement/policy", json=body)

    assert refused.status_code == 400, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == [field]
    assert await EnforcementPolicy.count() == 0


async def test_only_a_coordinator_sets_the_policy(people: Clients) -> None:
    body = {"reminders": False, "reminder_interval_days": 7, "open_cases": False}
    for name in ("fanny", "sophie"):
        refused = await people[name].put(NET + "/enforcement/policy", json=body)
        assert refused.status_code == 403
    assert await EnforcementPolicy.count() == 0


# -- cases ----------------------------------------------------------------------------------------


async def test_the_coordinator_lists_open_cases_and_reads_the_evaluation_behind_one(
    opened: Clients,
) -> None:
    listed = await ok(await opened["camille"].get(NET + "/cases", params={"status": "open"}))

    assert [(c["ref"], c["member"], c["status"]) for c in listed] == [
        ("basalte-2025-09-01", "basalte", "open"),
        ("fougere-2025-09-01", "fougere", "open"),
    ]
    assert listed[0]["period"] == {"start": "2025-09-01", "end": "2026-09-01"}
    assert await ok(await opened["camille"].get(NET + "/cases", params={"status": "closed"})) == []
    case = await ok(await opened["camille"].get(FOUGERE))
    assert (case["snapshot_day"], case["rule_set"]) == ("2026-09-01", "regle-2025")
    evaluation = case["evaluation"]
    assert evaluation["status"] == "non_compliant"
    hours = next(c for c in evaluation["criteria"] if c["criterion"] == "hours_given")
    assert (hours["required"], hours["met"]) == (10, False)
    assert (case["decisions"], case["answers"], case["restriction"]) == ([], [], None)


async def test_a_representative_sees_only_its_own_members_cases(opened: Clients) -> None:
    mine = await ok(await opened["fanny"].get(NET + "/cases"))

    assert [c["ref"] for c in mine] == ["fougere-2025-09-01"]
    assert (await opened["fanny"].get(FOUGERE)).status_code == 200
    assert (await opened["fanny"].get(BASALTE)).status_code == 404
    assert (await opened["bruno"].get(FOUGERE)).status_code == 404
    assert (await opened["sophie"].get(NET + "/cases")).status_code == 403
    assert (await opened["camille"].get(NET + "/cases/zorro-2025-09-01")).status_code == 404


async def test_decisions_supersede_one_another_and_are_never_edited(opened: Clients) -> None:
    camille = opened["camille"]
    warning = {"kind": "warning", "note": "Avertissement : 3 h sur 10", "decided_on": days_ago(20)}
    restriction = {
        "kind": "restriction",
        "note": "Plus de prêt de salle ni de matériel",
        "decided_on": days_ago(10),
        "ends_on": (today() + dt.timedelta(days=30)).isoformat(),
    }

    await ok(await camille.post(FOUGERE + "/decisions", json=warning), 201)
    case = await ok(await camille.post(FOUGERE + "/decisions", json=restriction), 201)

    assert [(d["number"], d["kind"], d["superseded_by"]) for d in case["decisions"]] == [
        (1, "warning", 2),
        (2, "restriction", None),
    ]
    assert case["decisions"][1]["starts_on"] == days_ago(10)
    assert case["decisions"][1]["decided_by"] == "Camille"
    assert case["restriction"] == {
        "case": "fougere-2025-09-01",
        "since": days_ago(10),
        "ends_on": restriction["ends_on"],
        "decided_on": days_ago(10),
        "note": "Plus de prêt de salle ni de matériel",
    }
    summary = await ok(await camille.get(NET + "/cases", params={"member": "fougere"}))
    assert (summary[0]["decision"], summary[0]["restriction"]["since"]) == (
        "restriction",
        days_ago(10),
    )
    earlier = await camille.post(
        FOUGERE + "/decisions", json=warning | {"decided_on": days_ago(15)}
    )
    assert earlier.status_code == 422
    assert earlier.json()["errors"][0]["field"] == "decided_on"
    lines = (
        await AuditEntry.select(AuditEntry.after).where(AuditEntry.action == "case.decision").run()
    )
    assert len(lines) == 2
    assert (await camille.patch(FOUGERE + "/decisions", json=warning)).status_code == 405


async def test_only_a_coordinator_decides(opened: Clients) -> None:
    body = {"kind": "warning", "note": "Avertissement"}
    assert (await opened["fanny"].post(FOUGERE + "/decisions", json=body)).status_code == 403
    assert (await opened["sophie"].post(FOUGERE + "/decisions", json=body)).status_code == 403
    assert await CaseDecision.count() == 0


async def test_the_members_representative_answers_on_its_own_case_only(opened: Clients) -> None:
    answer = {"text": "Nous étions en création jusqu'en juin ; nous reprenons en septembre."}

    case = await ok(await opened["fanny"].post(FOUGERE + "/answers", json=answer), 201)

    [written] = case["answers"]
    assert (written["text"], written["by_representative"], written["written_by"]) == (
        answer["text"],
        True,
        "Fanny",
    )
    assert (await opened["bruno"].post(FOUGERE + "/answers", json=answer)).status_code == 404
    assert (await opened["sophie"].post(FOUGERE + "/answers", json=answer)).status_code == 403
    recorded = await ok(
        await opened["camille"].post(
            BASALTE + "/answers", json={"text": "Réponse reçue par courrier le 5 septembre."}
        ),
        201,
    )
    assert recorded["answers"][0]["by_representative"] is False
    assert await CaseAnswer.count() == 2
    assert await AuditEntry.count().where(AuditEntry.action == "case.answer") == 2
    empty = await opened["fanny"].post(FOUGERE + "/answers", json={"text": ""})
    assert empty.status_code == 400
    assert empty.json()["errors"][0]["field"] == "text"


async def test_a_closed_case_takes_no_new_decision_but_its_restriction_may_be_lifted(
    opened: Clients,
) -> None:
    camille = opened["camille"]
    await ok(
        await camille.post(
            FOUGERE + "/decisions",
            json={"kind": "restriction", "note": "Jusqu'à nouvel ordre", "decided_on": days_ago(5)},
        ),
        201,
    )

    closed = await ok(
        await camille.post(FOUGERE + "/close", json={"note": "Réponse entendue, suivi au CA"}),
        201,
    )

    assert (closed["status"], closed["close_note"]) == ("closed", "Réponse entendue, suivi au CA")
    assert closed["restriction"] is not None  # closing does not lift it
    listed = await ok(await camille.get(NET + "/cases", params={"status": "closed"}))
    assert [c["ref"] for c in listed] == ["fougere-2025-09-01"]
    warning = await camille.post(FOUGERE + "/decisions", json={"kind": "warning", "note": "x"})
    assert warning.status_code == 409
    again = await camille.post(FOUGERE + "/close", json={"note": "encore"})
    assert again.status_code == 409
    lifted = await ok(
        await camille.post(FOUGERE + "/decisions", json={"kind": "lift", "note": "Levée"}), 201
    )
    assert lifted["restriction"] is None
    assert (await opened["fanny"].post(FOUGERE + "/close", json={"note": "x"})).status_code == 403


# -- the member's own view -------------------------------------------------------------------------


async def test_a_representative_sees_its_own_reminders_cases_and_restriction(
    people: Clients,
) -> None:
    with smtp_server() as (inbox, settings):
        await run_daily("exemple", dt.date(2026, 3, 1), mail_settings=settings)
    assert isinstance(inbox, Inbox)
    assert len(inbox.received) == 1
    await run_daily("exemple", dt.date(2026, 9, 1))
    await ok(
        await people["camille"].post(
            FOUGERE + "/decisions",
            json={"kind": "restriction", "note": "Services suspendus", "decided_on": days_ago(1)},
        ),
        201,
    )

    view = await ok(await people["fanny"].get(NET + "/members/fougere/enforcement"))

    assert view["member"] == "fougere"
    assert view["restriction"]["case"] == "fougere-2025-09-01"
    [reminder] = view["reminders"]
    assert (reminder["day"], reminder["status"], reminder["recipients"]) == (
        "2026-03-01",
        "sent",
        ["fanny@exemple.test"],
    )
    assert "3 h sur 10 h" in reminder["text"]
    assert [c["ref"] for c in view["cases"]] == ["fougere-2025-09-01"]
    mine = await ok(await people["fanny"].get(NET + "/reminders"))
    assert [r["member"] for r in mine["items"]] == ["fougere"]
    assert (await people["bruno"].get(NET + "/members/fougere/enforcement")).status_code == 404
    bruno = await ok(await people["bruno"].get(NET + "/reminders"))
    assert bruno["items"] == []
    assert (await people["sophie"].get(NET + "/reminders")).status_code == 403
    every = await ok(await people["camille"].get(NET + "/reminders", params={"status": "sent"}))
    assert every["total"] == 1
    basalte = await ok(await people["bruno"].get(NET + "/members/basalte/enforcement"))
    assert (basalte["restriction"], basalte["reminders"]) == (None, [])
