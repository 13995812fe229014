"""The pure parts of the DLA report's figures: pseudonyms, the fiscal year, members' moves over a
period, and the share and rounding rules (docs/reports.md, "Figures")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports import build, pseudonyms
from reports.inputs import FiscalYearData, MemberInfo, Span

D = dt.date


def member(*spans: tuple[dt.date, dt.date | None, str], ref: str = "m") -> MemberInfo:
    return MemberInfo(
        ref=ref,
        name=ref,
        departement="93",
        disciplines=("danse",),
        employer=False,
        headcount_fte=None,
        tier="member",
        memberships=tuple(Span(start=s, end=e, status=status) for s, e, status in spans),
    )


def test_a_code_depends_on_the_secret_and_the_ref_only() -> None:
    one, two = pseudonyms.new_secret(), pseudonyms.new_secret()
    assert one != two
    assert len(one) == 64
    assert pseudonyms.code(one, "alize") == pseudonyms.code(one, "alize")
    assert pseudonyms.code(one, "alize") != pseudonyms.code(two, "alize")
    assert pseudonyms.code(one, "alize") != pseudonyms.code(one, "basalte")
    code = pseudonyms.code(one, "alize")
    assert code.startswith("M-")
    assert len(code) == 10
    assert set(code[2:]) <= set(pseudonyms.ALPHABET)
    # the same member keeps its code whoever else is listed (never its rank)
    assert (
        pseudonyms.codes(one, ["alize"])["alize"]
        == pseudonyms.codes(one, ["zz", "alize", "a"])["alize"]
    )


def test_colliding_codes_are_lengthened() -> None:
    secret, refs = "00" * 32, [f"m{i}" for i in range(300)]
    short = [pseudonyms.code(secret, ref, 2) for ref in refs]  # 10 bits: collisions, surely
    assert len(set(short)) < len(refs)
    found = pseudonyms.codes(secret, refs, characters=2)
    assert len(set(found.values())) == len(refs)
    assert {len(value) for value in found.values()} == {4, 6}


@pytest.mark.parametrize(
    ("mm_dd", "last_day", "year", "expected"),
    [
        ("01-01", D(2026, 8, 31), None, (D(2026, 1, 1), D(2027, 1, 1), "2026")),
        ("01-01", D(2026, 8, 31), 2025, (D(2025, 1, 1), D(2026, 1, 1), "2025")),
        ("09-01", D(2026, 8, 31), None, (D(2025, 9, 1), D(2026, 9, 1), "2025-2026")),
        ("09-01", D(2026, 9, 1), None, (D(2026, 9, 1), D(2027, 9, 1), "2026-2027")),
        ("09-01", D(2026, 8, 31), 2026, (D(2025, 9, 1), D(2026, 9, 1), "2025-2026")),
        ("07-01", D(2025, 12, 31), None, (D(2025, 7, 1), D(2026, 7, 1), "2025-2026")),
    ],
)
def test_the_fiscal_year(
    mm_dd: str, last_day: dt.date, year: int | None, expected: tuple[dt.date, dt.date, str]
) -> None:
    start, (first, following), label = build.fiscal_year_span(mm_dd, last_day, year)
    assert (first, following, label) == expected
    assert start == mm_dd


def test_moves_over_a_period() -> None:
    start, end = D(2025, 9, 1), D(2026, 9, 1)
    # joined on the first day: an arrival, not a member on the eve
    joined = build.moves(member((start, None, "active")), start, end)
    assert (joined.at_start, joined.at_end, joined.arrivals, joined.departures) == (
        False,
        True,
        1,
        0,
    )
    # a suspension splits a membership: neither an arrival nor a departure
    suspended = build.moves(
        member(
            (D(2020, 1, 1), D(2026, 1, 1), "active"),
            (D(2026, 1, 1), None, "suspended"),
        ),
        start,
        end,
    )
    assert (suspended.arrivals, suspended.departures, suspended.suspended_at_end) == (0, 0, True)
    # left, came back a month later: one departure, one arrival
    back = build.moves(
        member((D(2020, 1, 1), D(2025, 11, 1), "active"), (D(2025, 12, 1), None, "active")),
        start,
        end,
    )
    assert (back.at_start, back.at_end, back.arrivals, back.departures) == (True, True, 1, 1)
    # leaving on the day after the period's last: still a member on its last day
    later = build.moves(member((D(2020, 1, 1), end, "active")), start, end)
    assert (later.at_end, later.departures) == (True, 0)


DAYS = st.dates(min_value=D(2024, 6, 1), max_value=D(2027, 6, 1))


@given(st.lists(st.tuples(DAYS, st.integers(1, 400), st.booleans()), max_size=4))
def test_members_at_the_end_are_those_at_the_start_plus_arrivals_less_departures(
    raw: list[tuple[dt.date, int, bool]],
) -> None:
    spans: list[tuple[dt.date, dt.date | None, str]] = []
    day = D(2024, 1, 1)
    for first, length, suspended in sorted(raw):
        begin = max(first, day)
        spans.append(
            (begin, begin + dt.timedelta(days=length), "suspended" if suspended else "active")
        )
        day = begin + dt.timedelta(days=length)
    if spans and raw[0][2]:
        spans[-1] = (spans[-1][0], None, spans[-1][2])
    moved = build.moves(member(*spans), D(2025, 9, 1), D(2026, 9, 1))
    assert int(moved.at_end) == int(moved.at_start) + moved.arrivals - moved.departures


def test_shares_are_rounded_half_up_to_four_decimals() -> None:
    assert build.ratio(5, 6) == Decimal("0.8333")
    assert build.ratio(1, 8) == Decimal("0.1250")
    assert build.ratio(1, 0) is None
    assert build.written_ratio(0.7714) == Decimal("0.7714")
    assert build.written_ratio(1) == Decimal("1.0000")
    assert build.fte(Decimal(1607)) == Decimal("1.00")
    assert build.fte(Decimal(54)) == Decimal("0.03")


def _fiscal_year(
    uses: dict[str, str], by_form: dict[str, str], overrides: dict[str, str] | None = None
) -> FiscalYearData:
    from raviv.valuation import CvnAccounts, mapping_json
    from raviv.vocabulary import Form

    mapping = mapping_json(
        {Form(form): CvnAccounts(use, "871") for form, use in (overrides or {}).items()}
    )
    return FiscalYearData(
        label="2026",
        start=dt.date(2026, 1, 1),
        end=dt.date(2027, 1, 1),
        first_day_mm_dd="01-01",
        uses={account: Decimal(value) for account, value in uses.items()},
        resources={"871": sum((Decimal(v) for v in uses.values()), Decimal("0.00"))},
        by_form={form: Decimal(value) for form, value in by_form.items()},
        mapping=mapping,
        rates=(),
        charge_coefficient=Decimal("1.25"),
        coefficient_stated=False,
        method=None,
    )


def test_861_is_detailed_in_8611_premises_and_8612_equipment_under_the_default_mapping() -> None:
    year = _fiscal_year(
        {"861": "350.00", "862": "60.00"},
        {"premises": "300.00", "equipment": "50.00", "knowledge": "60.00"},
    )
    uses = build.valorisation_section(year, "fr").uses
    line = next(u for u in uses if u.account == "861")
    assert [(p.account, p.value_eur) for p in line.parts] == [
        ("8611", Decimal("300.00")),
        ("8612", Decimal("50.00")),
    ]
    assert "locaux" in line.parts[0].label
    assert next(u for u in uses if u.account == "862").parts == ()
    # the parts are a detail of 861: the total counts 861 once
    assert build.valorisation_section(year, "fr").uses_total_eur == Decimal("410.00")


def test_a_network_booking_premises_to_8611_itself_gets_no_detail_of_861() -> None:
    year = _fiscal_year(
        {"8611": "300.00", "861": "50.00"},
        {"premises": "300.00", "equipment": "50.00"},
        overrides={"premises": "8611"},
    )
    uses = build.valorisation_section(year, "fr").uses
    assert [u.account for u in uses] == ["861", "8611"]
    assert all(u.parts == () for u in uses)
