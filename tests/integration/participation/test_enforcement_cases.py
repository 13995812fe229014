"""Cases opened at a period's end, decisions, and restrictions of network services, from the
database (both engines).

At 2026-09-01 the example's season 2025-09-01 is over: basalte and fougere are
``non_compliant`` (evaluation_end_of_period), the others compliant or exempt.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from raviv.access.tables import AuditEntry
from raviv.errors import ConflictError, InvalidError
from raviv.guard.principal import load_principal
from raviv.guard.roles import CredentialKind
from raviv.network_archive import archive_io
from raviv.participation.enforcement import cases, policy, run_daily, schemas
from raviv.participation.enforcement.restrictions import restriction_for
from raviv.participation.tables import Case, EvaluationSnapshot
from raviv.registry.tables import Member, Network
from tests.personas import CAMILLE, granted_token
from tests.unit.rules.test_example import EXAMPLE, EXPECTED


def today() -> dt.date:
    """Today in the example network's time zone (decisions are dated in it)."""
    return dt.datetime.now(ZoneInfo("Europe/Paris")).date()


END = dt.date(2026, 9, 1)
SEASON = dt.date(2025, 9, 1)


@pytest.fixture
async def exemple(db: None) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())


async def _camille() -> object:
    token = await granted_token(CAMILLE.email("exemple.test"), "exemple", CAMILLE.role)
    principal = await load_principal(token, CredentialKind.token)
    assert principal is not None
    return principal


async def _ids(member: str) -> tuple[int, int]:
    network = await Network.select(Network.id).where(Network.ref == "exemple").first()
    row = await Member.select(Member.id).where(Member.ref == member).first()
    assert network is not None
    assert row is not None
    return int(network["id"]), int(row["id"])


async def test_a_periods_end_opens_one_case_per_non_compliant_member_with_its_evaluation(
    exemple: None,
) -> None:
    report = await run_daily("exemple", END)

    assert report.cases_from == schemas.Period(start=SEASON, end=END)
    assert report.cases_opened == ["basalte-2025-09-01", "fougere-2025-09-01"]
    # The new season's first day: nothing is counted yet, so the evaluator finds every member
    # short of a working group (at_risk); no reminder goes out for that.
    assert {r.outcome for r in report.reminders} == {"not_yet"}
    rows = await Case.select().order_by(Case.ref).run()
    expected = {
        m["member"]: m
        for m in json.loads(EXPECTED.read_bytes())["evaluation_end_of_period"]["members"]
    }
    for row in rows:
        stored = json.loads(row["evaluation"])
        assert stored["status"] == "non_compliant"
        member = stored["member"]
        assert [c["criterion"] for c in stored["criteria"]] == [
            c["criterion"] for c in expected[member]["criteria"]
        ]
        assert [c["met"] for c in stored["criteria"]] == [
            c["met"] for c in expected[member]["criteria"]
        ]
        snapshot = (
            await EvaluationSnapshot.select()
            .where(EvaluationSnapshot.id == row["snapshot"])
            .first()
        )
        assert snapshot is not None
        assert (snapshot["period_start"], snapshot["day"]) == (SEASON, END)
    opened = await AuditEntry.count().where(AuditEntry.action == "case.open")
    assert opened == 2


async def test_running_again_opens_no_case_twice_and_reuses_the_final_snapshot(
    exemple: None,
) -> None:
    await run_daily("exemple", END)

    again = await run_daily("exemple", END)
    later = await run_daily("exemple", END + dt.timedelta(days=10))

    assert again.cases_opened == later.cases_opened == []
    assert await Case.count() == 2
    finals = await EvaluationSnapshot.count().where(EvaluationSnapshot.period_start == SEASON)
    assert finals == 1  # the period's final snapshot is taken once


async def test_no_case_is_opened_when_the_policy_says_so(exemple: None) -> None:
    await policy.set_policy(
        "exemple",
        schemas.PolicyUpdate(reminders=True, reminder_interval_days=14, open_cases=False),
    )

    report = await run_daily("exemple", END)

    assert report.cases_opened == []
    assert await Case.count() == 0


async def test_during_the_period_no_case_is_opened(exemple: None) -> None:
    report = await run_daily("exemple", dt.date(2026, 3, 1))

    assert report.cases_from is None  # the network's first season under its rule: none ended
    assert await Case.count() == 0


async def test_rolling_periods_open_no_new_case_while_a_case_covers_part_of_the_period(
    db: None,
) -> None:
    document = json.loads(EXAMPLE.read_bytes())
    document["rule_sets"][0]["period"] = "rolling_12_months"
    document["exemptions"] = []
    await archive_io.import_archive(document)

    first = await run_daily("exemple", dt.date(2026, 9, 1))
    second = await run_daily("exemple", dt.date(2026, 9, 2))

    assert first.cases_from == schemas.Period(start=SEASON, end=END)
    assert first.cases_opened  # every day ends a rolling period
    assert second.cases_opened == []
    assert await Case.count() == len(first.cases_opened)


async def test_a_restriction_runs_from_its_first_day_to_its_end(exemple: None) -> None:
    camille = await _camille()
    await run_daily("exemple", END)
    nid, fougere = await _ids("fougere")
    now = today()
    start, end = now - dt.timedelta(days=30), now - dt.timedelta(days=10)

    await cases.decide(
        "exemple",
        "fougere-2025-09-01",
        schemas.DecisionCreate(
            kind=schemas.DecisionKind.restriction,
            note="Restriction des services mutualisés pendant 20 jours",
            decided_on=start,
            ends_on=end,
        ),
        camille,  # type: ignore[arg-type]
    )

    assert await restriction_for(nid, fougere, start - dt.timedelta(days=1)) is None
    restriction = await restriction_for(nid, fougere, start)
    assert restriction is not None
    assert (restriction.case, restriction.since, restriction.ends_on) == (
        "fougere-2025-09-01",
        start,
        end,
    )
    assert await restriction_for(nid, fougere, end - dt.timedelta(days=1)) is not None
    assert await restriction_for(nid, fougere, end) is None
    _, basalte = await _ids("basalte")
    assert await restriction_for(nid, basalte, start) is None


async def test_a_restriction_until_lifted_ends_on_the_day_it_is_lifted(exemple: None) -> None:
    camille = await _camille()
    await run_daily("exemple", END)
    nid, fougere = await _ids("fougere")
    now = today()
    ref = "fougere-2025-09-01"
    await cases.decide(
        "exemple",
        ref,
        schemas.DecisionCreate(
            kind=schemas.DecisionKind.restriction,
            note="Jusqu'à nouvel ordre",
            decided_on=now - dt.timedelta(days=20),
        ),
        camille,  # type: ignore[arg-type]
    )
    # A warning later does not end it: only a lift or a new restriction does.
    await cases.decide(
        "exemple",
        ref,
        schemas.DecisionCreate(
            kind=schemas.DecisionKind.warning,
            note="Avertissement",
            decided_on=now - dt.timedelta(days=10),
        ),
        camille,  # type: ignore[arg-type]
    )
    assert await restriction_for(nid, fougere, now - dt.timedelta(days=1)) is not None

    case = await cases.decide(
        "exemple",
        ref,
        schemas.DecisionCreate(kind=schemas.DecisionKind.lift, note="Levée", decided_on=now),
        camille,  # type: ignore[arg-type]
    )

    assert await restriction_for(nid, fougere, now - dt.timedelta(days=1)) is not None
    assert await restriction_for(nid, fougere, now) is None
    assert [d.kind for d in case.decisions] == ["restriction", "warning", "lift"]
    assert [d.superseded_by for d in case.decisions] == [2, 3, None]
    with pytest.raises(ConflictError):  # nothing left to lift
        await cases.decide(
            "exemple",
            ref,
            schemas.DecisionCreate(kind=schemas.DecisionKind.lift, note="Encore"),
            camille,  # type: ignore[arg-type]
        )


def _days_ago(days: int) -> str:
    return (today() - dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "warning", "ends_on": _days_ago(1)}, "ends_on"),
        (
            {"kind": "restriction", "decided_on": _days_ago(9), "ends_on": _days_ago(9)},
            "ends_on",
        ),
        (
            {"kind": "restriction", "decided_on": _days_ago(9), "starts_on": _days_ago(10)},
            "starts_on",
        ),
        ({"kind": "warning", "decided_on": _days_ago(-1)}, "decided_on"),
    ],
    ids=["end-of-a-warning", "ends-when-it-starts", "starts-before-decided", "in-the-future"],
)
async def test_an_impossible_decision_is_refused_naming_its_field_and_writes_nothing(
    exemple: None, changes: dict[str, str], field: str
) -> None:
    import msgspec

    camille = await _camille()
    await run_daily("exemple", END)
    data = msgspec.convert({"note": "Note", **changes}, schemas.DecisionCreate)

    with pytest.raises(InvalidError) as refused:
        await cases.decide("exemple", "fougere-2025-09-01", data, camille)  # type: ignore[arg-type]

    assert [e.field for e in refused.value.errors] == [field]
    assert await AuditEntry.count().where(AuditEntry.action == "case.decision") == 0
