"""The DLA report's figures read from the database (both engines): the example network gives
the expected answers (tests/data/reseau-exemple.expected.json) in the context and, read back
with openpyxl, as numbers in the workbook; the same input gives the same context twice;
pseudonyms are stable across periods and differ between networks; the demo network's context
names no person; bad input is refused naming the field."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from raviv.errors import InvalidError, NotFoundError
from raviv.network_archive import archive_io
from raviv.participation import snapshots
from raviv.vocabulary import Form
from reports import gather, workbook
from reports.context import DlaContext, plain
from reports.dla import dla_context

DATA = Path(__file__).resolve().parents[2] / "data"
EXAMPLE = json.loads((DATA / "reseau-exemple.json").read_text("utf-8"))
EXPECTED = json.loads((DATA / "reseau-exemple.expected.json").read_text("utf-8"))
SEASON = dt.date(2025, 9, 1)
AFTER = dt.date(2026, 10, 1)  # the report's date: the season is over


async def example(ref: str = "exemple", fiscal_year_start: str = "09-01") -> None:
    """The example network (under ``ref``); its fiscal year follows its seasons unless told."""
    document = copy.deepcopy(EXAMPLE)
    document["network"]["ref"] = ref
    document["network"]["fiscal_year_start"] = fiscal_year_start
    await archive_io.import_archive(document)


async def season(ref: str = "exemple", **options: Any) -> DlaContext:
    return await dla_context(ref, SEASON, generated_on=AFTER, **options)


def ratio(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.0001"))


async def test_the_example_network_gives_the_expected_answers(db: None) -> None:
    await example()
    ctx = await season()
    expected = EXPECTED["reciprocity_period"]
    network = expected["network"]
    r = ctx.reciprocity
    assert r.valued_total_eur == Decimal("1078.00") == Decimal(network["valued_total_eur"])
    assert r.participation_rate == Decimal("0.8333") == ratio(network["participation_rate"])
    assert r.mutuality == Decimal("0.6667") == ratio(network["mutuality"])
    assert (r.weighted_mutuality, r.gini, r.top20_share) == (
        ratio(network["weighted_mutuality"]),
        ratio(network["gini"]),
        ratio(network["top20_share"]),
    )
    balances = {b.member: b for b in ctx.workbook.balances}
    for member in expected["members"]:
        found = balances[member["member"]]
        assert found.given_eur == Decimal(member["given_eur"]), member
        assert found.received_eur == Decimal(member["received_eur"]), member
        index = member["balance_index"]
        assert found.balance_index == (None if index is None else ratio(index)), member
    assert [b.member for b in r.top_givers] == ["alize", "basalte", "cedre", "dune", "fougere"]
    rows = {row.key: row for row in ctx.comparison.rows} if ctx.comparison else {}
    assert rows["network_cvn_eur"].now == Decimal("780.00")
    assert rows["valued_total_eur"].now == Decimal("1078.00")

    # the CVN of the fiscal year, the season here (the network's fiscal year starts on 1 Sept)
    v = ctx.valorisation
    assert (v.fiscal_year.label, v.fiscal_year.start, v.fiscal_year.end) == (
        "2025-2026",
        SEASON,
        dt.date(2026, 9, 1),
    )
    uses = {line.account: line.value_eur for line in v.uses}
    assert uses == {account: Decimal(value) for account, value in network["cvn"].items()}
    assert uses["864"] == Decimal("720.00")
    assert {line.account: line.value_eur for line in v.resources} == {
        "871": Decimal("60.00"),
        "875": Decimal("720.00"),
    }
    assert v.uses_total_eur == v.resources_total_eur == Decimal("780.00")
    assert {line.label for line in v.uses} == {"Prestations", "Personnel bénévole"}


async def test_the_example_statuses_and_brakes_are_the_expected_evaluations(db: None) -> None:
    await example()
    ctx = await season()
    at_end = ctx.participation.status_at_end
    assert at_end is not None
    assert at_end.at == dt.date(2026, 9, 1)
    statuses = {m["member"]: m["status"] for m in EXPECTED["evaluation_end_of_period"]["members"]}
    counts = {count.key: count.count for count in at_end.counts}
    for status in set(statuses.values()):
        assert counts[status] == list(statuses.values()).count(status), status
    assert sum(counts.values()) == at_end.evaluated == 6
    assert {row.member: row.status_at_end for row in ctx.workbook.members} == statuses
    hours = {s.criterion: s for s in ctx.participation.criteria_at_end}["hours_given"]
    assert (hours.evaluated, hours.met, hours.exempt) == (5, 3, 0)  # basalte, fougere short
    brakes = {b.key: b.value for b in ctx.brakes}
    assert brakes["time"] == Decimal("0.4000")
    assert brakes["involvement"] == Decimal("0.1667")  # 1 − 0.8333
    assert brakes["reciprocity"] == Decimal("0.4400")  # 1 − 0.56
    assert brakes["local_anchoring"] == Decimal("1.0000")  # no exchange inside a département


async def test_the_example_membership_and_governance(db: None) -> None:
    """Dune joined on 2026-01-01; the general assembly of 2025-11-20: five members then, three
    present."""
    await example()
    ctx = await season()
    m = ctx.membership
    assert (m.at_start, m.at_end, m.arrivals, m.departures) == (5, 6, 1, 0)
    assert m.at_end == m.at_start + m.arrivals - m.departures
    assert {c.key: c.at_end for c in m.by_departement} == {
        "75": 1,
        "77": 1,
        "92": 1,
        "93": 2,
        "94": 1,
    }

    ag = ctx.governance.general_assemblies
    assert (ag.held, ag.required, ag.required_source) == (1, None, None)  # statutes not stated
    line = ag.meetings[0]
    assert (line.expected, line.present, line.excused, line.attendance_rate) == (
        5,
        3,
        1,
        Decimal("0.6000"),
    )
    assert ctx.governance.board.held == 0


async def test_the_example_participation_mutualisation_and_valuation(db: None) -> None:
    """5 meetings, 37 person-hours (m1 8, AG 9, m3 6, m4 8, m5 6); mutualisation beside the
    national shares; the valuation's two tables."""
    await example()
    ctx = await season()
    p = ctx.participation
    assert (p.meetings_held, p.attendances, p.person_hours) == (5, 15, Decimal("37.00"))
    assert {a.key: a.meetings for a in p.groups} == {"bureaux": 2, "petr": 2}
    assert p.volunteer_fte == (p.volunteer_hours / Decimal(1607)).quantize(Decimal("0.01"))
    assert p.fte_hours == Decimal(1607)
    assert (p.exemptions, p.exemptions_all) == (1, 1)  # ecume, "Congé de création"

    # mutualisation beside the national shares of the context document
    forms = {f.form: f for f in ctx.mutualisation.forms}
    assert forms["meeting"].share == Decimal("0.8333")  # 5 of the 6 active members
    assert forms["knowledge"].national_share == Decimal("0.68")
    assert forms["shared_staff"].national_share == Decimal("0.135")
    assert "Opale" in ctx.mutualisation.national_source

    # the valuation: uses and resources of equal totals, the method and rates stated
    v = ctx.valorisation
    assert v.uses_total_eur == v.resources_total_eur
    assert {line.account for line in v.resources} <= {"870", "871", "875"}
    assert v.method.charge_coefficient == Decimal("1.25")
    assert {rate.form for rate in v.method.rates} >= {"time", "equipment", "premises"}
    assert all(note.doc.startswith("docs/") for note in ctx.method_notes)


async def test_the_fiscal_year_is_the_networks_whatever_the_rules_period(db: None) -> None:
    """A network keeping calendar-year accounts: the season's report values its CVN over the
    calendar year it ends in (2026: meetings m3 to m5, c5, c9, c10), or over the one asked for;
    the mapping in force is printed, the network's own accounts marked."""
    await example(fiscal_year_start="01-01")
    from raviv.ledger import cvn_accounts, rate_schemas

    await cvn_accounts.set_overrides(
        "exemple",
        rate_schemas.CvnAccountsUpdate(
            overrides=[rate_schemas.CvnOverride(form=Form.knowledge, use="862", resource="870")]
        ),
    )
    ctx = await season()
    v = ctx.valorisation
    assert (v.fiscal_year.label, v.fiscal_year.start) == ("2026", dt.date(2026, 1, 1))
    assert {line.account: line.value_eur for line in v.uses} == {
        "862": Decimal("60.00"),
        "864": Decimal("375.00"),
    }
    assert {line.account: line.value_eur for line in v.resources} == {
        "870": Decimal("60.00"),
        "875": Decimal("375.00"),
    }
    mapping = {line.form: line for line in v.mapping}
    assert mapping["knowledge"].overridden
    assert mapping["knowledge"].resource == "870"
    assert not mapping["time"].overridden
    assert mapping["money"].use is None
    earlier = await season(fiscal_year=2025)
    assert earlier.valorisation.fiscal_year.label == "2025"
    # c1 90.00, m1 120.00, the AG 135.00: the season's 780.00 less 2026's 435.00
    assert earlier.valorisation.uses_total_eur == Decimal("345.00")


async def test_the_example_workbook_holds_the_figures_as_numbers(db: None) -> None:
    await example()
    book = load_workbook(io.BytesIO(workbook.workbook_bytes(await season())))
    summary = {row[0]: row[1] for row in book["Synthèse"].iter_rows(min_row=2, values_only=True)}
    assert summary["CVN de l'exercice 2025-2026 (emplois)"] == 780
    assert summary["Total valorisé"] == 1078
    assert summary["Taux de participation"] == pytest.approx(0.8333)
    assert summary["Mutualité du réseau"] == pytest.approx(0.6667)
    for key in ("Total valorisé", "Taux de participation", "Mutualité du réseau"):
        assert isinstance(summary[key], int | float), key
    sheet = book["Synthèse"]
    formats = {row[0].value: row[1].number_format for row in sheet.iter_rows(min_row=2)}
    assert formats["Total valorisé"] == '#,##0.00\\ "€"'
    assert formats["Taux de participation"] == "0.0%"
    balances = {
        row[0]: row for row in book["Équilibre par membre"].iter_rows(min_row=2, values_only=True)
    }
    assert balances["alize"][2] == 310
    assert balances["alize"][4] == pytest.approx(0.7714)
    assert book["Synthèse"].freeze_panes == "A2"
    assert book["Synthèse"].column_dimensions["A"].width > 30
    cvn = {row[0]: row[2] for row in book["CVN emplois 2025-2026"].iter_rows(values_only=True)}
    assert (cvn["864"], cvn["862"], cvn["Total"]) == (720, 60, 780)
    assert isinstance(cvn["864"], int | float)


async def test_the_same_input_gives_the_same_context_twice(db: None) -> None:
    await example()
    first, second = await season(), await season()
    assert first == second
    assert json.dumps(plain(first), sort_keys=True) == json.dumps(plain(second), sort_keys=True)
    made = workbook.workbook_bytes(first)
    await asyncio.sleep(1.1)  # the next second: nothing in the file is dated by the clock
    assert workbook.workbook_bytes(second) == made


async def test_a_snapshot_kept_is_read_and_the_method_note_says_which_months(db: None) -> None:
    await example()
    await snapshots.take("exemple", at=dt.date(2026, 1, 1), period_start=SEASON)
    ctx = await season()
    months = {m.month: m.source for m in ctx.participation.status_by_month}
    assert len(months) == 12
    assert months["2025-12"] == "snapshot"
    assert {source for month, source in months.items() if month != "2025-12"} == {"computed"}
    note = {n.key: n.text for n in ctx.method_notes}["months"]
    assert "2025-12" in note.split("conservés")[1].split(".")[0]


async def test_pseudonyms_are_stable_across_periods_and_differ_between_networks(db: None) -> None:
    await example("exemple")
    await example("autre")
    now = await gather.gather("exemple", SEASON, generated_on=AFTER, pseudonymise=True)
    before = await gather.gather(
        "exemple", dt.date(2024, 9, 1), generated_on=AFTER, pseudonymise=True
    )
    other = await gather.gather("autre", SEASON, generated_on=AFTER, pseudonymise=True)
    assert now.codes is not None
    assert before.codes is not None
    assert other.codes is not None
    refs = {member["ref"] for member in EXAMPLE["members"]}
    assert set(now.codes) == refs
    assert now.codes == before.codes  # the same member, the same code, period after period
    assert all(now.codes[ref] != other.codes[ref] for ref in refs)  # another network's secret
    assert all(code.startswith("M-") and len(code) == 10 for code in now.codes.values())

    one = await season("exemple", pseudonymise=True)
    assert one == await season("exemple", pseudonymise=True)
    assert {row.member for row in one.workbook.members} == set(now.codes.values())
    assert one.reciprocity.top_givers[0].member == now.codes["alize"]  # 310.00, the largest
    assert one.reciprocity.top_givers[0].name == now.codes["alize"]
    text = json.dumps(plain(one), ensure_ascii=False)
    for member in EXAMPLE["members"]:
        assert member["name"] not in text
        assert f'"{member["ref"]}"' not in text
    listed = [row.member for row in one.workbook.members]
    assert listed == sorted(listed)  # by code: an order by name would betray the names


async def test_the_demo_networks_context_names_no_person(db: None, tmp_path: Path) -> None:
    from raviv.access.demo import create_demo_accounts
    from raviv.demo import generate_network

    document = generate_network(seed=2026, members=40, ref="demo")
    await archive_io.import_archive(document)
    await create_demo_accounts("demo", tmp_path / "logins.txt")
    from raviv.access.tables import Account
    from raviv.registry.tables import Person

    people = await Person.select(Person.first_name, Person.last_name, Person.email).run()
    signatory = document["network"].get("signatory_name")
    assert signatory  # the demo's network names one (a person: not in the DLA report)
    accounts = await Account.select().run()
    assert len(people) > 40
    for options in ({}, {"pseudonymise": True}):
        ctx = await season("demo", **options)
        text = json.dumps(plain(ctx), ensure_ascii=False)
        text += json.dumps(plain(ctx), ensure_ascii=True)
        for person in people:
            assert f"{person['first_name']} {person['last_name']}" not in text
            assert person["email"] is None or person["email"] not in text
        for account in accounts:
            assert account["email"] not in text
            name = account.get("name") or account.get("display_name")
            assert not name or name not in text
        assert "@" not in text
        assert signatory not in text


async def test_a_baseline_period_is_set_beside_the_reported_one(db: None) -> None:
    await example()
    ctx = await dla_context(
        "exemple", SEASON, generated_on=AFTER, baseline=dt.date(2024, 9, 1), compare=False
    )
    assert ctx.comparison is not None
    assert ctx.comparison.previous is None
    assert ctx.comparison.baseline is not None
    assert ctx.comparison.baseline.start == dt.date(2024, 9, 1)
    rows = {row.key: row for row in ctx.comparison.rows}
    assert rows["members_at_end"].baseline == 5
    assert rows["members_at_end"].baseline_change == 1
    assert rows["participation_rate"].baseline == Decimal("0.0000")
    assert rows["participation_rate"].baseline_change == Decimal("0.8333")
    no_compare = await season(compare=False)
    assert no_compare.comparison is None
    assert no_compare.meta.compared is False


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"period_start": dt.date(2025, 9, 2)}, "period"),  # not the first day of a season
        ({"period_start": dt.date(2027, 9, 1)}, "period"),  # not begun on the report's day
        ({"baseline": dt.date(2025, 9, 1)}, "baseline"),  # not before the period
        ({"baseline": dt.date(2024, 9, 3)}, "baseline"),
        ({"lang": "de"}, "lang"),
        ({"fiscal_year": 1800}, "fiscal_year"),
    ],
)
async def test_bad_input_is_refused_naming_the_field(
    db: None, options: dict[str, Any], field: str
) -> None:
    await example()
    options = dict(options)
    start = options.pop("period_start", SEASON)
    with pytest.raises(InvalidError) as refused:
        await dla_context("exemple", start, generated_on=AFTER, **options)
    assert [problem.field for problem in refused.value.errors] == [field]


async def test_an_unknown_network_is_not_found(db: None) -> None:
    with pytest.raises(NotFoundError):
        await dla_context("nowhere", SEASON, generated_on=AFTER)
