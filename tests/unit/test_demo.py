"""The demo network generator: a consistent, calibrated `raviv-network/1` document, no database.

Camille opens the demo network to see what raviv does with a real network's season; Sophie, the
DLA consultant, reads its reports. Both need it to be believable and self-consistent.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raviv.demo import (
    FORM_TARGETS,
    DemoMemberFactory,
    generate_network,
    giving_shares,
)
from raviv.demo import _unique_demo as unique_organisation
from raviv.lib.identity import rna_problem
from raviv.lib.siret import siret_problem

EXAMPLE = json.loads(
    (Path(__file__).resolve().parents[1] / "data/reseau-exemple.json").read_text(encoding="utf-8")
)
REF = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
DECIMAL = re.compile(r"^\d+(\.\d+)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    return generate_network()


@pytest.fixture(scope="module")
def large() -> dict[str, Any]:
    return generate_network(members=2000, seed=7)


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _member_on(member: dict[str, Any], day: date) -> bool:
    """Memberships are half-open: a member is one from `from` up to the day before `to`."""
    return any(
        _day(span["from"]) <= day and (span["to"] is None or day < _day(span["to"]))
        for span in member["memberships"]
    )


def check_consistency(document: dict[str, Any]) -> None:
    """Every ref unique where it is defined, and every ref used points to something defined."""
    members = {m["ref"]: m for m in document["members"]}
    groups = {g["ref"] for g in document["working_groups"]}
    assert len(members) == len(document["members"])
    assert len(groups) == len(document["working_groups"])
    for kind in ("meetings", "contributions", "rule_sets"):
        refs = [item["ref"] for item in document[kind]]
        assert len(set(refs)) == len(refs), kind
    people = [p["ref"] for m in document["members"] for p in m["people"]]
    assert len(set(people)) == len(people)
    names = [m["name"] for m in document["members"]]
    assert len(set(names)) == len(names)
    for ref in [*members, *groups, *people, document["network"]["ref"]]:
        assert REF.match(ref), ref

    for group in document["working_groups"]:
        for enrolment in group["enrolments"]:
            member = members[enrolment["member"]]
            assert _member_on(member, _day(enrolment["from"])), enrolment
            assert enrolment["to"] is None or enrolment["from"] < enrolment["to"]

    for meeting in document["meetings"]:
        assert (meeting["group"] is not None) == (meeting["kind"] == "working_group")
        assert meeting["group"] is None or meeting["group"] in groups
        attendees = [row["member"] for row in meeting["attendance"]]
        assert len(set(attendees)) == len(attendees), meeting["ref"]
        for ref in attendees:
            assert _member_on(members[ref], _day(meeting["date"])), (meeting["ref"], ref)

    for entry in document["contributions"]:
        giver, receiver = entry["giver"], entry["receiver"]
        assert giver != receiver, entry["ref"]
        for party in (giver, receiver):
            assert len(party) == 1
            if "member" in party:
                assert _member_on(members[party["member"]], _day(entry["date"])), entry["ref"]
            elif "group" in party:
                assert party["group"] in groups
            else:
                assert party == {"network": True}

    for exemption in document["exemptions"]:
        assert exemption["member"] in members


def test_the_archive_reader_accepts_the_demo_network(demo: dict[str, Any]) -> None:
    from raviv.archive.validate import parse_archive

    archive = parse_archive(demo)
    assert len(archive.members) == len(demo["members"])


def test_the_same_seed_gives_the_same_document_and_another_seed_another() -> None:
    first = json.dumps(generate_network(seed=11), ensure_ascii=False)
    assert json.dumps(generate_network(seed=11), ensure_ascii=False) == first
    assert json.dumps(generate_network(seed=12), ensure_ascii=False) != first


def test_generating_another_network_in_between_does_not_change_a_seeds_document() -> None:
    first = generate_network(seed=3, members=25)
    generate_network(seed=4, members=60)
    assert generate_network(seed=3, members=25) == first


def test_refs_are_unique_and_every_cross_reference_exists(
    demo: dict[str, Any], large: dict[str, Any]
) -> None:
    check_consistency(demo)
    check_consistency(large)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    members=st.integers(2, 80),
    season_start=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
)
def test_any_seed_size_and_season_start_give_a_consistent_network(
    seed: int, members: int, season_start: date
) -> None:
    document = generate_network(seed=seed, members=members, season_start=season_start)
    check_consistency(document)
    assert len(document["members"]) == members


@pytest.mark.parametrize("members", [2, 40, 317])
def test_the_network_has_the_number_of_members_asked_for(members: int) -> None:
    assert len(generate_network(members=members)["members"]) == members


def test_all_sirets_present_are_valid_and_distinct(large: dict[str, Any]) -> None:
    sirets = [m["siret"] for m in large["members"] if m["siret"] is not None]
    assert [s for s in sirets if siret_problem(s) is not None] == []
    assert len(set(sirets)) == len(sirets)


def test_about_four_members_in_five_have_a_siret_and_every_employer_has_one(
    large: dict[str, Any],
) -> None:
    members = large["members"]
    assert 0.74 <= sum(m["siret"] is not None for m in members) / len(members) <= 0.86
    assert 0.64 <= sum(m["employer"] for m in members) / len(members) <= 0.76
    assert all(m["siret"] is not None for m in members if m["employer"])
    assert all(m["siret"] is None for m in members if m["legal_form"] == "collectif")


def test_at_2000_members_the_share_giving_each_form_is_the_context_documents(
    large: dict[str, Any],
) -> None:
    shares = giving_shares(large)
    for form, target in FORM_TARGETS.items():
        assert abs(shares[form] - target) <= 0.03, (form, shares[form])


@pytest.mark.parametrize("seed", [2026, 1, 99, 12345])
def test_at_40_members_the_share_giving_each_form_is_close_to_the_context_documents(
    seed: int,
) -> None:
    shares = giving_shares(generate_network(seed=seed, members=40))
    for form, target in FORM_TARGETS.items():
        assert abs(shares[form] - target) <= 0.12, (form, shares[form])


def test_the_shares_documented_in_docs_demo_are_the_ones_measured(large: dict[str, Any]) -> None:
    page = (Path(__file__).resolve().parents[2] / "docs/demo.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| [\d.]+ % \| ([\d.]+) % \| ([\d.]+) % \|$", page, re.M)
    small = giving_shares(generate_network())
    measured = giving_shares(large)  # the quotas make the shares the same for every seed
    assert {form for form, _, _ in rows} == set(FORM_TARGETS)
    for form, at_40, at_2000 in rows:
        assert (at_40, at_2000) == (f"{small[form]:.1%}"[:-1], f"{measured[form]:.1%}"[:-1])


def test_shared_employment_is_given_by_employers_only(large: dict[str, Any]) -> None:
    employers = {m["ref"] for m in large["members"] if m["employer"]}
    staff_givers = {
        e["giver"]["member"]
        for e in large["contributions"]
        if e["form"] == "shared_staff" and "member" in e["giver"]
    }
    assert staff_givers <= employers


def test_entries_are_dated_inside_the_givers_membership_and_the_season(
    demo: dict[str, Any], large: dict[str, Any]
) -> None:
    for document in (demo, large):
        members = {m["ref"]: m for m in document["members"]}
        for entry in document["contributions"]:
            day = _day(entry["date"])
            assert date(2025, 9, 1) <= day < date(2026, 9, 1)
            if "member" in entry["giver"]:
                assert _member_on(members[entry["giver"]["member"]], day), entry


def test_the_documents_keys_are_the_normative_examples_plus_the_listed_extensions(
    demo: dict[str, Any],
) -> None:
    def keys(items: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
        """Keys every item has, and keys some item has."""
        return set.intersection(*(set(i) for i in items)), set.union(*(set(i) for i in items))

    assert list(demo) == list(EXAMPLE)
    identity = {
        "legal_name",
        "siret",
        "rna",
        "legal_form",
        "creation_year",
        "address_street",
        "address_postcode",
        "address_city",
        "general_assemblies_per_year",
        "board_meetings_per_year",
        "signatory_name",
        "signatory_role",
    }
    assert set(demo["network"]) == set(EXAMPLE["network"]) | {"territory"} | identity
    extensions = {"members": {"commune", "headcount_fte", "people"}}
    kinds = ("members", "working_groups", "meetings", "contributions", "rule_sets", "exemptions")
    for kind in kinds:
        required, allowed = keys(EXAMPLE[kind])
        extra = extensions.get(kind, set())
        for item in demo[kind]:
            assert required | extra <= set(item) <= allowed | extra, (kind, item)
    nested = [
        ("rates", EXAMPLE["network"]["rates"], demo["network"]["rates"]),
        (
            "memberships",
            [s for m in EXAMPLE["members"] for s in m["memberships"]],
            [s for m in demo["members"] for s in m["memberships"]],
        ),
        (
            "enrolments",
            [e for g in EXAMPLE["working_groups"] for e in g["enrolments"]],
            [e for g in demo["working_groups"] for e in g["enrolments"]],
        ),
        (
            "attendance",
            [r for m in EXAMPLE["meetings"] for r in m["attendance"]],
            [r for m in demo["meetings"] for r in m["attendance"]],
        ),
        ("criteria", EXAMPLE["rule_sets"][0]["criteria"], demo["rule_sets"][0]["criteria"]),
    ]
    for kind, example_items, items in nested:
        required, allowed = keys(example_items)
        for item in items:
            assert required <= set(item) <= allowed, (kind, item)
    for member in demo["members"]:
        assert 1 <= len(member["people"]) <= 2
        for person in member["people"]:
            assert set(person) == {"ref", "first_name", "last_name", "email", "phone", "role"}
            assert person["email"].endswith(".example")


def test_values_have_the_examples_types_decimals_as_strings_and_iso_dates(
    demo: dict[str, Any],
) -> None:
    for rate in demo["network"]["rates"]:
        assert re.match(r"^\d+\.\d{2}$", rate["eur_per_unit"])
        assert ISO_DATE.match(rate["effective_from"])
    for member in demo["members"]:
        assert DECIMAL.match(member["headcount_fte"])
        assert isinstance(member["employer"], bool)
        assert member["departement"] in {"75", "77", "78", "91", "92", "93", "94", "95"}
    for meeting in demo["meetings"]:
        assert DECIMAL.match(meeting["duration_hours"])
        assert ISO_DATE.match(meeting["date"])
        for row in meeting["attendance"]:
            assert row.get("excused") is True or row["people"] >= 1
    for entry in demo["contributions"]:
        assert DECIMAL.match(entry["quantity"])
        assert Decimal(entry["quantity"]) > 0
        assert ISO_DATE.match(entry["date"])


def test_the_hourly_rate_is_the_smic_times_the_employer_charge_coefficient(
    demo: dict[str, Any],
) -> None:
    rates = {rate["form"]: rate for rate in demo["network"]["rates"]}
    assert set(rates) == {r["form"] for r in EXAMPLE["network"]["rates"]}
    for form in ("time", "meeting", "knowledge", "coproduction", "shared_staff"):
        assert rates[form]["eur_per_unit"] == "15.03"
    assert "12,02" in rates["time"]["method"]
    assert "1,25" in rates["time"]["method"]
    assert "jour" in rates["equipment"]["method"]
    assert "heure" in rates["premises"]["method"]


def test_the_network_is_a_french_performing_arts_network_in_ile_de_france(
    demo: dict[str, Any],
) -> None:
    network = demo["network"]
    assert network["name"] == "Réseau démo des arts vivants"
    assert (network["territory"], network["period"], network["timezone"]) == (
        "Île-de-France",
        "season",
        "Europe/Paris",
    )
    prefixes = ("Compagnie ", "Cie ", "Ensemble ", "Théâtre ", "Collectif ", "Atelier ")
    assert all(m["name"].startswith(prefixes) for m in demo["members"])


def test_memberships_mostly_predate_the_season_some_join_mid_season_and_a_few_leave(
    large: dict[str, Any],
) -> None:
    start = date(2025, 9, 1)
    members = large["members"]
    before = sum(_day(m["memberships"][0]["from"]) < start for m in members)
    joined = sum(_day(m["memberships"][0]["from"]) > start for m in members)
    left = [m for m in members if m["memberships"][0]["to"] is not None]
    assert before / len(members) >= 0.85
    assert 0.08 <= joined / len(members) <= 0.12
    assert 0.04 <= len(left) / len(members) <= 0.06
    rejoined = [m for m in left if len(m["memberships"]) == 2]
    assert 0 < len(rejoined) < len(left)
    for member in rejoined:
        assert member["memberships"][0]["to"] < member["memberships"][1]["from"]


def test_the_general_assembly_is_the_one_mandatory_meeting_and_groups_meet_through_the_season(
    demo: dict[str, Any],
) -> None:
    mandatory = [m for m in demo["meetings"] if m["mandatory"]]
    assert [m["kind"] for m in mandatory] == ["general_assembly"]
    assert any(m["kind"] == "board" for m in demo["meetings"])
    assert 4 <= len(demo["working_groups"]) <= 6
    held = Counter(m["group"] for m in demo["meetings"] if m["kind"] == "working_group")
    assert set(held) == {g["ref"] for g in demo["working_groups"]}
    assert min(held.values()) >= 5
    assert any(row.get("excused") for row in mandatory[0]["attendance"])


def test_some_members_exchange_both_ways_and_a_few_only_receive(demo: dict[str, Any]) -> None:
    validated = [e for e in demo["contributions"] if e["status"] == "validated"]
    pairs = {
        (e["giver"]["member"], e["receiver"]["member"])
        for e in validated
        if "member" in e["giver"] and "member" in e["receiver"]
    }
    assert any((b, a) in pairs for a, b in pairs)
    givers = {e["giver"]["member"] for e in demo["contributions"] if "member" in e["giver"]}
    receivers = {e["receiver"]["member"] for e in validated if "member" in e["receiver"]}
    consumers = receivers - givers
    assert 1 <= len(consumers) <= 0.1 * len(demo["members"])


def test_most_entries_are_validated_some_are_pending_and_a_few_rejected_with_a_reason(
    large: dict[str, Any],
) -> None:
    statuses = Counter(e["status"] for e in large["contributions"])
    total = sum(statuses.values())
    assert set(statuses) == {"validated", "submitted", "rejected"}
    assert statuses["validated"] / total >= 0.8
    assert 0.02 <= statuses["rejected"] / total <= 0.08
    assert all(e.get("note") for e in large["contributions"] if e["status"] == "rejected")


def test_the_rule_set_and_exemptions_follow_the_example(demo: dict[str, Any]) -> None:
    (rule_set,) = demo["rule_sets"]
    assert rule_set["criteria"] == EXAMPLE["rule_sets"][0]["criteria"]
    assert (rule_set["period"], rule_set["grace_days"]) == ("season", 30)
    assert 1 <= len(demo["exemptions"]) <= 2
    assert all(e["reason"] for e in demo["exemptions"])


def test_2000_members_are_generated_in_well_under_ten_seconds() -> None:
    started = time.perf_counter()
    document = generate_network(members=2000, seed=5)
    assert time.perf_counter() - started < 10
    assert len(document["members"]) == 2000


@pytest.mark.parametrize(
    ("arguments", "message"),
    [({"members": 1}, "at least 2"), ({"ref": "Démo réseau"}, "slug")],
)
def test_impossible_requests_are_refused(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_network(**arguments)


def test_organisation_names_stay_unique_up_to_the_100000_members_the_cli_accepts() -> None:
    # Issue 14, finding 14: collectives are only named after words (1,881 cores), so about
    # 14,500 members in, no new name could be drawn and `raviv demo --members 20000` crashed.
    DemoMemberFactory.seed_random(2026)
    names: set[str] = set()
    sirets: set[str] = set()
    drawn = [unique_organisation(names, sirets).name for _ in range(100_000)]
    assert len(set(drawn)) == 100_000


def test_the_demo_network_states_a_valid_identity_drawn_apart_from_the_rest(
    demo: dict[str, Any],
) -> None:
    network = demo["network"]
    assert siret_problem(network["siret"]) is None
    assert rna_problem(network["rna"]) is None
    assert network["rna"].startswith("W93")
    assert (network["legal_form"], network["address_city"]) == ("association", "Montreuil")
    assert (network["general_assemblies_per_year"], network["board_meetings_per_year"]) == (1, 4)
    assert "fiscal_year_start" not in network  # the calendar year, the default
    other = generate_network(seed=7, members=3)["network"]
    assert (other["siret"], other["rna"]) != (network["siret"], network["rna"])
    assert generate_network(members=3)["network"]["siret"] == network["siret"]
