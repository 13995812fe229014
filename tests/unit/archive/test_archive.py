"""The network archive: reading checks everything and names every problem; writing gives the
document back. Camille imports her network's archive; Hélène's federation is its parent."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raviv.archive import (
    FORMAT,
    ArchiveInvalid,
    ArchiveProblem,
    dump_archive,
    parse_archive,
)
from raviv.archive.json_schema import archive_json_schema

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "tests/data/reseau-exemple.json"
SCHEMA = ROOT / "docs/raviv-network-1.schema.json"


def example() -> dict[str, Any]:
    """A fresh copy of the normative example, as JSON data, to corrupt."""
    data: dict[str, Any] = json.loads(EXAMPLE.read_bytes())
    return data


def problems(document: object) -> list[ArchiveProblem]:
    with pytest.raises(ArchiveInvalid) as raised:
        parse_archive(document)  # type: ignore[arg-type]
    return raised.value.problems


def reasons(document: object) -> dict[str, str]:
    """path → reason of every problem (one problem per path in these tests)."""
    return {p.path: p.reason for p in problems(document)}


# -- the example ----------------------------------------------------------------------------------


def test_the_example_network_is_read_whole() -> None:
    archive = parse_archive(EXAMPLE.read_bytes())

    assert archive.format == FORMAT
    assert archive.network.ref == "exemple"
    assert len(archive.network.rates) == 7
    assert len(archive.members) == 6
    assert len(archive.working_groups) == 2
    assert len(archive.meetings) == 5
    assert len(archive.contributions) == 12
    assert len(archive.rule_sets) == 1
    assert len(archive.exemptions) == 1


def test_the_example_is_read_with_its_types() -> None:
    archive = parse_archive(EXAMPLE.read_text(encoding="utf-8"))

    assert archive.network.rates[0].eur_per_unit == Decimal("15.00")
    assert archive.members[0].memberships[0].from_ == date(2020, 1, 10)
    assert archive.members[3].siret is None
    assert archive.meetings[1].attendance[2].excused
    assert archive.contributions[7].giver.network
    assert archive.rule_sets[0].criteria[0].min == 3
    assert archive.rule_sets[0].criteria[1].min == Decimal("10")
    assert archive.exemptions[0].criteria == "all"


def test_dumping_the_parsed_example_gives_back_the_example() -> None:
    dumped = dump_archive(parse_archive(EXAMPLE.read_bytes()))

    assert json.loads(dumped) == json.loads(EXAMPLE.read_bytes())


def test_the_dump_is_canonical_utf8_json_with_decimals_as_written() -> None:
    dumped = dump_archive(parse_archive(EXAMPLE.read_bytes()))
    text = dumped.decode("utf-8")

    assert "Réseau Exemple" in text  # not escaped
    assert '\n  "network": {\n    "ref": "exemple"' in text  # 2-space indent
    assert '"eur_per_unit": "15.00"' in text
    assert list(json.loads(dumped)) == list(example())  # keys in the example's order
    assert dump_archive(parse_archive(dumped)) == dumped


def test_the_archive_may_be_given_as_bytes_text_or_decoded_data() -> None:
    raw = EXAMPLE.read_bytes()

    assert parse_archive(raw) == parse_archive(raw.decode()) == parse_archive(example())


def test_a_byte_order_mark_is_tolerated() -> None:
    assert parse_archive(b"\xef\xbb\xbf" + EXAMPLE.read_bytes()).network.ref == "exemple"


# -- every problem, in one pass -------------------------------------------------------------------


def test_camille_sees_every_problem_of_her_archive_at_once() -> None:
    document = example()
    document["working_groups"][0]["enrolments"][1]["member"] = "zephyr"
    document["members"][4]["siret"] = "39099603100015"
    document["meetings"][2]["date"] = "2026-02-30"
    document["members"].append({**document["members"][0], "name": "Compagnie Alizé (bis)"})

    found = problems(document)

    assert found == [
        ArchiveProblem("members[4].siret", "39099603100015", "the SIRET fails its check digit"),
        ArchiveProblem("members[6].ref", "alize", "another member (members[0]) has this ref"),
        ArchiveProblem(
            "working_groups[0].enrolments[1].member", "zephyr", "no member has this ref"
        ),
        ArchiveProblem("meetings[2].date", "2026-02-30", "no such day in the calendar"),
    ]


def test_values_of_the_wrong_type_are_named_and_hide_nothing_else() -> None:
    document = example()
    document["members"][0]["employer"] = "oui"
    document["members"][2]["name"] = 3
    document["contributions"][1]["quantity"] = True
    document["contributions"][2]["receiver"]["member"] = "zephyr"

    assert reasons(document) == {
        "members[0].employer": "expected true or false",
        "members[2].name": "expected a string",
        "contributions[1].quantity": 'expected a decimal number written like "12.50"',
        "contributions[2].receiver.member": "no member has this ref",
    }


def test_a_member_with_a_bad_date_is_still_known_to_what_refers_to_it() -> None:
    document = example()
    document["members"][0]["memberships"][0]["from"] = "10/01/2020"

    assert reasons(document) == {
        "members[0].memberships[0].from": "expected a date written YYYY-MM-DD"
    }


def test_a_missing_field_is_named() -> None:
    document = example()
    del document["meetings"][0]["mandatory"]
    del document["network"]["rates"][1]["eur_per_unit"]

    found = problems(document)

    assert found == [
        ArchiveProblem("network.rates[1].eur_per_unit", "", "missing (required)"),
        ArchiveProblem("meetings[0].mandatory", "", "missing (required)"),
    ]


def test_problems_are_listed_in_document_order() -> None:
    document = example()
    document["exemptions"][0]["member"] = "zephyr"
    document["members"][10 - 5]["siret"] = "1"
    document["members"][1]["siret"] = "2"
    document["format"] = "raviv-network/2"

    paths = [p.path for p in problems(document)]

    assert paths == ["format", "members[1].siret", "members[5].siret", "exemptions[0].member"]


def test_the_error_message_summarises_the_problems() -> None:
    document = example()
    document["members"][0]["siret"] = "1"

    with pytest.raises(ArchiveInvalid) as raised:
        parse_archive(document)

    assert str(raised.value).startswith(
        "invalid archive, 1 problem(s): members[0].siret: a SIRET has"
    )


# -- the document as a whole ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"format": "raviv-network/1",', "not valid JSON: Expecting property name"),
        (b'{"format": NaN}', "NaN is not a JSON number"),
        (b"\xff\xfe{}", "the archive is not UTF-8 text"),
        (b"[]", "expected an object"),
        ("", "not valid JSON: Expecting value"),
    ],
)
def test_what_is_not_a_json_object_is_one_problem_about_the_document(
    raw: bytes | str, reason: str
) -> None:
    (problem,) = problems(raw)

    assert problem.path == ""
    assert reason in problem.reason


@pytest.mark.parametrize("tag", ["raviv-network/2", "raviv-network", 1, None])
def test_the_format_tag_must_be_raviv_network_1(tag: object) -> None:
    document = example()
    document["format"] = tag

    assert list(reasons(document)) == ["format"]


def test_an_archive_without_a_format_tag_is_refused() -> None:
    document = example()
    del document["format"]

    assert reasons(document) == {"format": "missing (required)"}


def test_fields_the_format_does_not_know_are_accepted_and_ignored() -> None:
    document = example()
    document["generator"] = {"name": "another tool", "version": 2}
    document["members"][0]["instagram"] = "@alize"
    document["contributions"][0]["giver"]["via"] = "website"

    archive = parse_archive(document)

    assert json.loads(dump_archive(archive)) == example()


# -- refs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "noun"),
    [
        ("members", "member"),
        ("working_groups", "working group"),
        ("meetings", "meeting"),
        ("contributions", "contribution"),
        ("rule_sets", "rule set"),
    ],
)
def test_a_ref_is_unique_among_objects_of_its_kind(section: str, noun: str) -> None:
    document = example()
    duplicate = copy.deepcopy(document[section][-1])
    duplicate["ref"] = document[section][0]["ref"]
    if section == "rule_sets":
        duplicate["effective_from"] = "2026-09-01"
    document[section].append(duplicate)
    last = len(document[section]) - 1

    assert reasons(document) == {
        f"{section}[{last}].ref": f"another {noun} ({section}[0]) has this ref"
    }


def test_objects_of_different_kinds_may_share_a_ref() -> None:
    document = example()
    document["working_groups"][0]["ref"] = "alize"
    for meeting in document["meetings"]:
        if meeting["group"] == "petr":
            meeting["group"] = "alize"

    assert parse_archive(document).working_groups[0].ref == "alize"


def test_a_network_has_one_rate_per_form_category_and_effective_from() -> None:
    document = example()
    document["network"]["rates"].append(
        {"form": "time", "eur_per_unit": "18.00", "effective_from": "2024-01-01"}
    )
    document["network"]["rates"].append(
        {"form": "time", "eur_per_unit": "18.00", "effective_from": "2026-01-01"}
    )
    rented = {"form": "equipment", "eur_per_unit": "40.00", "effective_from": "2026-01-01"}
    document["network"]["rates"].append({**rented, "category": "son"})  # priced apart: fine
    document["network"]["rates"].append({**rented, "category": "son"})

    assert reasons(document) == {
        "network.rates[7].effective_from": "network.rates[0] is a rate of the same form and "
        "category from the same day",
        "network.rates[10].effective_from": "network.rates[9] is a rate of the same form and "
        "category from the same day",
    }


def _set(document: dict[str, Any], path: str, value: object) -> None:
    """Set the value at a path such as ``meetings[0].attendance[1].member``."""
    *parents, last = path.replace("[", ".").replace("]", "").split(".")
    node: Any = document
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value


@pytest.mark.parametrize(
    ("path", "noun"),
    [
        ("working_groups[0].enrolments[0].member", "member"),
        ("meetings[0].group", "working group"),
        ("meetings[1].attendance[3].member", "member"),
        ("contributions[0].giver.member", "member"),
        ("contributions[1].receiver.member", "member"),
        ("exemptions[0].member", "member"),
    ],
)
def test_a_ref_to_nothing_is_named_wherever_it_is_used(path: str, noun: str) -> None:
    document = example()
    _set(document, path, "zephyr")

    assert reasons(document) == {path: f"no {noun} has this ref"}


def test_a_contribution_to_an_unknown_group_or_project_is_refused() -> None:
    document = example()
    document["contributions"][4]["receiver"] = {"group": "zephyr"}
    document["contributions"][0]["receiver"] = {"project": "festival"}

    assert reasons(document) == {
        "contributions[0].receiver.project": "no shared project has this ref",
        "contributions[4].receiver.group": "no working group has this ref",
    }


def test_a_shared_project_names_known_members() -> None:
    document = example()
    document["shared_projects"] = [
        {
            "ref": "festival",
            "name": "Festival d'été",
            "lead": "zephyr",
            "partners": ["basalte", "ghost"],
            "from": "2026-06-01",
            "to": None,
        }
    ]

    assert reasons(document) == {
        "shared_projects[0].lead": "no member has this ref",
        "shared_projects[0].partners[1]": "no member has this ref",
    }


def test_the_parent_network_may_be_outside_the_archive() -> None:
    document = example()
    document["network"]["parent"] = "federation-helene"

    assert parse_archive(document).network.parent == "federation-helene"


@pytest.mark.parametrize("ref", ["Alize", "-alize", "alize-", "ali_ze", "a" * 65, "", "é"])
def test_a_ref_is_lower_case_letters_digits_and_dashes(ref: str) -> None:
    document = example()
    document["contributions"][0]["ref"] = ref

    assert reasons(document) == {
        "contributions[0].ref": "a ref is 1 to 64 lower-case letters, digits or dashes, "
        "not starting or ending with a dash"
    }


@pytest.mark.parametrize("ref", ["a", "7", "a" * 64, "ag-2025"])
def test_refs_of_one_to_64_characters_are_accepted(ref: str) -> None:
    document = example()
    document["contributions"][0]["ref"] = ref

    assert parse_archive(document).contributions[0].ref == ref


# -- members --------------------------------------------------------------------------------------


def test_an_invalid_siret_is_refused_with_its_reason() -> None:
    document = example()
    document["members"][0]["siret"] = "5260181550001"

    assert reasons(document) == {"members[0].siret": "a SIRET has exactly 14 digits"}


def test_a_siret_may_be_written_with_spaces_or_be_null() -> None:
    document = example()
    document["members"][0]["siret"] = "526 018 155 00014"
    document["members"][1]["siret"] = None

    archive = parse_archive(document)

    assert (archive.members[0].siret, archive.members[1].siret) == ("526 018 155 00014", None)


def test_a_membership_cannot_end_before_it_begins() -> None:
    document = example()
    document["members"][0]["memberships"] = [{"from": "2020-01-10", "to": "2019-12-31"}]

    assert reasons(document) == {
        "members[0].memberships[0].to": "ends before it begins (2020-01-10)"
    }


def test_membership_periods_of_one_member_cannot_overlap() -> None:
    document = example()
    document["members"][0]["memberships"] = [
        {"from": "2022-01-01", "to": None},
        {"from": "2020-01-10", "to": "2022-06-01"},
    ]

    assert reasons(document) == {
        "members[0].memberships[0].from": "overlaps members[0].memberships[1]"
    }


def test_a_member_may_leave_and_rejoin_the_day_it_left() -> None:
    document = example()
    document["members"][0]["memberships"] = [
        {"from": "2020-01-10", "to": "2022-01-01", "status": "active"},
        {"from": "2022-01-01", "to": "2023-01-01", "status": "suspended", "reason": "CA"},
        {"from": "2024-01-01", "to": None},
    ]

    memberships = parse_archive(document).members[0].memberships

    assert [m.status for m in memberships] == ["active", "suspended", "active"]


def test_member_extensions_are_read_and_written_back() -> None:
    document = example()
    alize = document["members"][0]
    del alize["discipline"]
    alize.update(
        disciplines=["théâtre", "danse"],
        commune="Montreuil",
        headcount_fte="2.50",
        budget_bracket="50-200k",
        people=[
            {
                "ref": "karim-martin",
                "first_name": "Karim",
                "last_name": "Martin",
                "email": "karim.martin@alize.example",
                "phone": "06 12 34 56 78",
                "role": "représentant",
                "consent_contact": True,
            }
        ],
        dues=[{"period_start": "2025-09-01", "amount_eur": "50.00", "paid_on": "2025-10-02"}],
    )
    alize["memberships"][0].update(status="suspended", reason="cotisation impayée")

    archive = parse_archive(document)

    assert archive.members[0].people[0].first_name == "Karim"
    assert archive.members[0].headcount_fte == Decimal("2.50")
    assert json.loads(dump_archive(archive)) == document


def test_member_extensions_are_checked() -> None:
    document = example()
    document["members"][0]["people"] = [
        {"ref": "karim", "first_name": "Karim", "last_name": "Martin", "email": "karim"},
    ]
    document["members"][1]["people"] = [{"ref": "karim", "first_name": "K", "last_name": "N"}]
    document["members"][1]["dues"] = [
        {"period_start": "2025-09-01", "amount_eur": "-5"},
        {"period_start": "2025-09-01", "amount_eur": "50"},
    ]
    document["members"][2]["headcount_fte"] = "-1"
    document["members"][3]["memberships"][0]["status"] = "expelled"

    assert reasons(document) == {
        "members[0].people[0].email": "not an e-mail address",
        "members[1].people[0].ref": "another person (members[0].people[0]) has this ref",
        "members[1].dues[0].amount_eur": "must be 0 or more",
        "members[1].dues[1].period_start": "members[1].dues[0] is for the same period",
        "members[2].headcount_fte": "must be 0 or more",
        "members[3].memberships[0].status": "expected one of active, suspended",
    }


def test_declared_tiers_are_the_only_tiers_used() -> None:
    document = example()
    document["network"]["tiers"] = [
        {"code": "member", "label": "Adhérent"},
        {"code": "board", "label": "Membre du CA"},
    ]
    document["members"][0]["tier"] = "honorary"
    document["rule_sets"][0]["tiers"] = [
        {"tier": "board", "criteria": [{"criterion": "mandatory_meetings"}]},
        {"tier": "associate", "criteria": []},
    ]

    assert reasons(document) == {
        "members[0].tier": "not one of the network's tiers",
        "rule_sets[0].tiers[1].tier": "not one of the network's tiers",
    }


def test_network_extensions_are_read_and_written_back() -> None:
    document = example()
    document["network"].update(
        territory="Île-de-France",
        parent="federation-helene",
        tiers=[{"code": "member", "label": "Adhérent"}],
    )
    document["shared_projects"] = [
        {
            "ref": "festival",
            "name": "Festival d'été",
            "lead": "alize",
            "partners": ["basalte", "cedre"],
            "from": "2026-06-01",
            "to": "2026-09-01",
        }
    ]
    document["contributions"][0]["receiver"] = {"project": "festival"}

    archive = parse_archive(document)

    assert archive.shared_projects[0].partners == ["basalte", "cedre"]
    assert json.loads(dump_archive(archive)) == document


NETWORK_IDENTITY = {
    "legal_name": "Réseau Exemple des arts vivants",
    "siret": "526 018 155 00014",
    "rna": "W751234567",
    "legal_form": "association",
    "creation_year": 2012,
    "address_street": "3 place de la Fontaine",
    "address_postcode": "75011",
    "address_city": "Paris",
    "general_assemblies_per_year": 1,
    "board_meetings_per_year": 3,
    "fiscal_year_start": "09-01",
    "signatory_name": "Élise Moreau",
    "signatory_role": "Présidente",
}


def test_the_networks_identity_is_read_and_written_back() -> None:
    document = example()
    document["network"].update(NETWORK_IDENTITY)

    archive = parse_archive(document)

    assert (archive.network.rna, archive.network.board_meetings_per_year) == ("W751234567", 3)
    assert json.loads(dump_archive(archive)) == document


def test_an_identity_left_unstated_is_left_out_of_the_document() -> None:
    document = example()
    document["network"].update(
        legal_name="", siret=None, rna=None, creation_year=None, fiscal_year_start="01-01"
    )

    assert json.loads(dump_archive(parse_archive(document))) == example()


def test_a_bad_identity_is_named_field_by_field() -> None:
    document = example()
    document["network"].update(
        siret="52601815500015",
        rna="W7512",
        creation_year=1700,
        address_postcode="7501",
        general_assemblies_per_year=53,
        board_meetings_per_year=-1,
        fiscal_year_start="02-30",
        legal_name="x" * 201,
    )

    assert reasons(document) == {
        "network.siret": "the SIRET fails its check digit",
        "network.rna": "an RNA number is W followed by 9 digits (e.g. W751234567)",
        "network.creation_year": "a year from 1800 on is expected",
        "network.address_postcode": "a postcode is 5 digits (or empty)",
        "network.general_assemblies_per_year": "a whole number from 0 to 52 is expected",
        "network.board_meetings_per_year": "a whole number from 0 to 52 is expected",
        "network.fiscal_year_start": "expected MM-DD, a day every year has (01-01: the "
        "calendar year)",
        "network.legal_name": "at most 200 characters",
    }


def test_a_creation_year_after_this_year_is_refused() -> None:
    document = example()
    document["network"]["creation_year"] = datetime.now(UTC).year + 1

    assert list(reasons(document)) == ["network.creation_year"]


@pytest.mark.parametrize("code", ["930", "2C", "9", "Seine"])
def test_a_departement_is_a_french_departement_code(code: str) -> None:
    document = example()
    document["members"][0]["departement"] = code

    assert reasons(document) == {
        "members[0].departement": "a département code is two digits, 2A, 2B or 97x (or empty)"
    }


def test_the_network_time_zone_must_exist() -> None:
    document = example()
    document["network"]["timezone"] = "Europe/Montreuil"

    assert reasons(document) == {
        "network.timezone": "expected an IANA time zone, e.g. Europe/Paris"
    }


# -- groups, meetings, attendance -----------------------------------------------------------------


def test_an_enrolment_cannot_overlap_another_of_the_same_member_in_the_group() -> None:
    document = example()
    document["working_groups"][0]["enrolments"].append(
        {"member": "alize", "from": "2025-01-01", "to": "2025-06-01"}
    )

    assert reasons(document) == {
        "working_groups[0].enrolments[3].from": "overlaps working_groups[0].enrolments[0]"
    }


def test_an_enrolment_cannot_end_before_it_begins() -> None:
    document = example()
    document["working_groups"][1]["enrolments"][0]["to"] = "2023-05-31"

    assert reasons(document) == {
        "working_groups[1].enrolments[0].to": "ends before it begins (2023-06-01)"
    }


@pytest.mark.parametrize(
    ("line", "path", "reason"),
    [
        ({"member": "ecume", "people": 0}, "people", "at least 1 person (or excused: true)"),
        ({"member": "ecume", "people": -2}, "people", "at least 1 person (or excused: true)"),
        ({"member": "ecume", "people": "2"}, "people", "expected a whole number or null"),
        (
            {"member": "ecume"},
            "people",
            "missing: the people present (1 or more), or excused: true",
        ),
        (
            {"member": "ecume", "people": 1, "excused": True},
            "people",
            "give the people present or excused: true, not both",
        ),
        (
            {"member": "alize", "people": 1},
            "member",
            "already in this meeting's attendance (meetings[0].attendance[0])",
        ),
    ],
)
def test_attendance_counts_one_person_or_more_unless_excused(
    line: dict[str, Any], path: str, reason: str
) -> None:
    document = example()
    document["meetings"][0]["attendance"].append(line)

    assert reasons(document) == {f"meetings[0].attendance[3].{path}": reason}


def test_an_excused_member_has_no_people_present() -> None:
    document = example()
    document["meetings"][0]["attendance"].append({"member": "ecume", "excused": True})

    assert parse_archive(document).meetings[0].attendance[3].people is None


@pytest.mark.parametrize("duration", ["0", "-1", 0])
def test_a_meeting_lasts_more_than_zero_hours(duration: object) -> None:
    document = example()
    document["meetings"][0]["duration_hours"] = duration

    assert reasons(document) == {"meetings[0].duration_hours": "must be more than 0"}


# -- contributions --------------------------------------------------------------------------------


@pytest.mark.parametrize("quantity", ["0", "-3", "0.00", -1])
def test_a_contribution_gives_a_positive_quantity(quantity: object) -> None:
    document = example()
    document["contributions"][0]["quantity"] = quantity

    assert reasons(document) == {"contributions[0].quantity": "must be more than 0"}


@pytest.mark.parametrize("quantity", ["1e3", "NaN", "1,5", "", " 2", "Infinity", [], {"n": 1}])
def test_a_quantity_is_a_decimal_number_as_written_in_the_example(quantity: object) -> None:
    document = example()
    document["contributions"][0]["quantity"] = quantity

    assert reasons(document) == {
        "contributions[0].quantity": 'expected a decimal number written like "12.50"'
    }


def test_decimals_may_be_json_numbers() -> None:
    document = example()
    document["contributions"][0]["quantity"] = 6
    document["network"]["rates"][0]["eur_per_unit"] = 15.5

    archive = parse_archive(json.dumps(document))

    assert archive.contributions[0].quantity == Decimal("6")
    assert archive.network.rates[0].eur_per_unit == Decimal("15.5")
    assert json.loads(dump_archive(archive))["network"]["rates"][0]["eur_per_unit"] == "15.5"


def test_a_rate_may_be_zero_but_not_negative() -> None:
    document = example()
    document["network"]["rates"][0]["eur_per_unit"] = "0"
    document["network"]["rates"][1]["eur_per_unit"] = "-15.00"

    assert reasons(document) == {"network.rates[1].eur_per_unit": "must be 0 or more"}


def test_a_member_cannot_give_to_itself() -> None:
    document = example()
    document["contributions"][1]["receiver"] = {"member": "alize"}

    assert reasons(document) == {
        "contributions[1].receiver.member": "a member cannot give to itself"
    }


def test_the_network_gives_only_to_members() -> None:
    document = example()
    document["contributions"][7]["receiver"] = {"network": True}
    document["contributions"][0]["giver"] = {"network": True}
    document["contributions"][0]["receiver"] = {"group": "petr"}

    assert reasons(document) == {
        "contributions[0].receiver.group": "the network gives only to members",
        "contributions[7].receiver.network": "the network cannot give to itself",
    }


@pytest.mark.parametrize(
    ("side", "party"),
    [
        ("giver", {}),
        ("giver", {"member": "alize", "network": True}),
        ("giver", {"group": "petr"}),
        ("receiver", {"member": "basalte", "group": "petr"}),
        ("receiver", {"network": False}),
    ],
)
def test_a_contribution_has_exactly_one_giver_and_one_receiver(
    side: str, party: dict[str, Any]
) -> None:
    document = example()
    document["contributions"][1][side] = party

    assert list(reasons(document)) == [f"contributions[1].{side}"]


def test_a_reversal_cancels_an_existing_original_entry() -> None:
    document = example()
    document["contributions"].append(
        {**document["contributions"][0], "ref": "c13", "reverses": "c1", "note": "Erreur"}
    )

    assert parse_archive(document).contributions[12].reverses == "c1"


@pytest.mark.parametrize(
    ("reverses", "reason"),
    [
        ("c99", "no contribution has this ref"),
        ("c13", "an entry cannot reverse itself"),
        ("c14", "contributions[13] is itself a reversal: reverse the original entry"),
    ],
)
def test_a_reversal_must_point_to_an_original_entry(reverses: str, reason: str) -> None:
    document = example()
    entry = document["contributions"][0]
    document["contributions"] += [
        {**entry, "ref": "c13", "reverses": reverses},
        {**entry, "ref": "c14", "reverses": "c1"},
    ]

    assert reasons(document) == {"contributions[12].reverses": reason}


def test_an_entry_is_reversed_once() -> None:
    document = example()
    entry = document["contributions"][0]
    document["contributions"] += [
        {**entry, "ref": "c13", "reverses": "c1"},
        {**entry, "ref": "c14", "reverses": "c1"},
    ]

    assert reasons(document) == {
        "contributions[13].reverses": "already reversed by contributions[12]"
    }


def test_only_an_entry_between_members_can_be_confirmed() -> None:
    document = example()
    document["contributions"][1]["status"] = "confirmed"
    document["contributions"][0]["status"] = "confirmed"

    assert reasons(document) == {
        "contributions[0].status": "only an entry between two members can be confirmed "
        "(by the receiving member)"
    }


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            "contributions[0].form",
            "gift",
            "one of time, meeting, knowledge, equipment, premises, coproduction, shared_staff, "
            "money",
        ),
        (
            "contributions[0].status",
            "approved",
            "one of submitted, validated, rejected, confirmed",
        ),
        (
            "meetings[0].kind",
            "party",
            "one of general_assembly, board, working_group, project, seminar, training",
        ),
        ("network.period", "semester", "one of calendar_year, season, rolling_12_months"),
        ("rule_sets[0].period", "month", "one of calendar_year, season, rolling_12_months"),
        (
            "network.rates[0].form",
            "hours",
            "one of time, meeting, knowledge, equipment, "
            "premises, coproduction, shared_staff, money",
        ),
    ],
)
def test_forms_kinds_statuses_and_periods_are_from_their_lists(
    path: str, value: str, expected: str
) -> None:
    document = example()
    _set(document, path, value)

    assert reasons(document) == {path: f"expected {expected}"}


@pytest.mark.parametrize(
    ("form", "unit"),
    [
        ("time", "hours"),
        ("meeting", "hours"),
        ("meeting", "person-hours"),
        ("knowledge", "hours"),
        ("coproduction", "hours"),
        ("shared_staff", "hours"),
        ("equipment", "item-days"),
        ("premises", "room-hours"),
        ("premises", "m²-days"),
        ("money", "euros"),
    ],
)
def test_a_unit_that_suits_the_form_is_accepted(form: str, unit: str) -> None:
    document = example()
    document["contributions"][0].update(form=form, unit=unit)

    assert parse_archive(document).contributions[0].unit == unit


@pytest.mark.parametrize(
    ("form", "unit", "reason"),
    [
        ("time", "item-days", "time is counted in hours"),
        ("equipment", "hours", "equipment is counted in item-days"),
        ("premises", "euros", "premises is counted in room-hours or m²-days"),
        ("money", "hours", "money is counted in euros"),
    ],
)
def test_a_unit_that_does_not_suit_the_form_is_refused(form: str, unit: str, reason: str) -> None:
    document = example()
    document["contributions"][0].update(form=form, unit=unit)
    document["network"]["rates"][0]["unit"] = "item-days"

    assert reasons(document) == {
        "network.rates[0].unit": "time is counted in hours",
        "contributions[0].unit": reason,
    }


def test_an_unknown_unit_is_refused() -> None:
    document = example()
    document["contributions"][0]["unit"] = "heures"

    assert list(reasons(document)) == ["contributions[0].unit"]


# -- rule sets and exemptions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criterion", "reason"),
    [
        ({"criterion": "hours_given"}, "missing: hours_given needs a threshold (min)"),
        (
            {"criterion": "meetings_attended", "min": "2.5"},
            "meetings_attended counts: expected a whole number",
        ),
        ({"criterion": "balance_index", "min": "1.5"}, "a balance index lies between -1 and 1"),
        ({"criterion": "value_given", "min": -10}, "expected 0 or more"),
        ({"criterion": "dues_paid", "min": 1}, "dues_paid takes no threshold"),
    ],
)
def test_a_criterion_has_the_threshold_it_needs(criterion: dict[str, Any], reason: str) -> None:
    document = example()
    document["rule_sets"][0]["criteria"].append(criterion)

    assert reasons(document) == {"rule_sets[0].criteria[4].min": reason}


def test_criterion_filters_belong_to_their_criteria() -> None:
    document = example()
    document["rule_sets"][0]["criteria"] += [
        {"criterion": "meetings_attended", "min": 1, "mandatory_only": True},
        {"criterion": "meetings_attended", "min": 2, "kinds": ["board", "general_assembly"]},
        {"criterion": "balance_index", "min": "-0.5", "min_volume_eur": "500"},
        {"criterion": "hours_given", "min": "4", "kinds": ["seminar"]},
    ]

    assert reasons(document) == {
        "rule_sets[0].criteria[7].kinds": "only meetings_attended takes this filter"
    }


def test_two_rule_sets_cannot_take_effect_the_same_day() -> None:
    document = example()
    document["rule_sets"].append({**document["rule_sets"][0], "ref": "regle-bis"})

    assert reasons(document) == {
        "rule_sets[1].effective_from": "rule_sets[0] takes effect the same day"
    }


def test_an_exemption_waives_all_or_listed_criteria_with_a_reason() -> None:
    document = example()
    document["exemptions"] += [
        {
            "member": "dune",
            "criteria": ["hours_given", "dues_paid"],
            "period_start": "2025-09-01",
            "reason": "Première saison",
        },
        {"member": "fougere", "criteria": [], "period_start": "2025-09-01", "reason": "x"},
        {"member": "fougere", "criteria": ["naps"], "period_start": "2025-09-01", "reason": "x"},
        {"member": "basalte", "criteria": "all", "period_start": "2025-09-01", "reason": ""},
    ]

    assert reasons(document) == {
        "exemptions[2].criteria": 'expected "all" or at least one criterion',
        "exemptions[3].criteria[0]": 'expected "all" or a list of one of meetings_attended, '
        "hours_given, groups_enrolled, mandatory_meetings, dues_paid, forms_given, "
        "value_given, balance_index",
        "exemptions[4].reason": "an exemption states its reason",
    }


# -- the JSON Schema ------------------------------------------------------------------------------


def _schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_bytes())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_the_example_is_valid_against_the_published_json_schema() -> None:
    assert list(_schema_validator().iter_errors(example())) == []


def test_the_published_json_schema_is_generated_from_the_structs() -> None:
    assert json.loads(SCHEMA.read_bytes()) == archive_json_schema()


def test_every_field_of_the_json_schema_is_described() -> None:
    definitions = archive_json_schema()["$defs"]
    undocumented = [
        f"{name}.{field}"
        for name, definition in definitions.items()
        for field, spec in definition.get("properties", {}).items()
        if not spec.get("description")
    ]

    assert undocumented == []
    assert all(definition.get("description") for definition in definitions.values())


def test_the_json_schema_accepts_compatible_extensions() -> None:
    document = example()
    document["generator"] = "another tool"
    document["members"][0]["instagram"] = "@alize"

    assert list(_schema_validator().iter_errors(document)) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("format", "raviv-network/2"),
        ("members[0].ref", "Alizé"),
        ("members[1].employer", "oui"),
        ("meetings[0].date", "2025-02-30"),
        ("meetings[1].attendance[0]", {"member": "alize"}),
        ("contributions[0].quantity", "-1"),
        ("contributions[0].form", "gift"),
        ("contributions[1].giver", {"member": "alize", "network": True}),
        ("contributions[1].receiver", {}),
        ("network.rates[0].eur_per_unit", "15,00"),
    ],
)
def test_a_corrupted_copy_is_invalid_against_the_json_schema(path: str, value: object) -> None:
    document = example()
    _set(document, path, value)

    assert list(_schema_validator().iter_errors(document)) != []


def test_a_missing_section_is_invalid_against_the_json_schema() -> None:
    document = example()
    del document["meetings"]

    assert list(_schema_validator().iter_errors(document)) != []


def test_the_archive_guide_names_every_field_of_the_format() -> None:
    guide = (ROOT / "docs/archive.md").read_text(encoding="utf-8")
    fields = {
        field
        for definition in archive_json_schema()["$defs"].values()
        for field in definition.get("properties", {})
    }

    assert sorted(field for field in fields if f"`{field}`" not in guide) == []


# -- nothing escapes but ArchiveInvalid -----------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["2025-09-01", "alize", "time", "15.00", "validated", "all"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values)
def test_arbitrary_json_data_is_an_archive_invalid_and_nothing_else(value: object) -> None:
    for raw in (value, json.dumps(value), json.dumps(value).encode()):
        with pytest.raises(ArchiveInvalid):
            parse_archive(raw)  # type: ignore[arg-type]


@settings(max_examples=100)
@given(raw=st.binary(max_size=64) | st.text(max_size=64))
def test_arbitrary_text_is_an_archive_invalid_and_nothing_else(raw: bytes | str) -> None:
    with pytest.raises(ArchiveInvalid):
        parse_archive(raw)


def _leaf_paths(node: object, path: str = "") -> list[str]:
    if isinstance(node, dict):
        return [path] + [p for k, v in node.items() for p in _leaf_paths(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [path] + [p for i, v in enumerate(node) for p in _leaf_paths(v, f"{path}[{i}]")]
    return [path]


EXAMPLE_PATHS = [p.lstrip(".") for p in _leaf_paths(example()) if p]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(corruptions=st.lists(st.tuples(st.sampled_from(EXAMPLE_PATHS), json_values), max_size=3))
def test_a_corrupted_example_is_read_or_refused_with_problems_and_nothing_else(
    corruptions: list[tuple[str, object]],
) -> None:
    document = example()
    for path, value in corruptions:
        try:
            _set(document, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier corruption removed the place
    try:
        archive = parse_archive(document)
    except ArchiveInvalid as invalid:
        found = invalid.problems
    else:
        assert parse_archive(dump_archive(archive)) == archive
        return
    assert found
    assert all(isinstance(p.value, str) and p.reason for p in found)


def test_a_json_number_in_exponent_form_is_kept_in_plain_digits_and_reads_back_the_same() -> None:
    document = example()
    document["network"]["rates"][0]["eur_per_unit"] = 3.602879701896395e16
    archive = parse_archive(document)
    assert str(archive.network.rates[0].eur_per_unit) == "36028797018963950"
    assert parse_archive(dump_archive(archive)) == archive


def test_a_tiny_decimal_is_written_in_plain_digits_and_reads_back_the_same() -> None:
    document = example()
    document["network"]["rates"][0]["eur_per_unit"] = 5.682511922454173e-211
    archive = parse_archive(document)
    assert parse_archive(dump_archive(archive)) == archive
    assert b"E-" not in dump_archive(archive)


# -- the accepted dates and text (raviv.lib.bounds) ------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "network.rates[0].effective_from",
        "members[0].memberships[0].from",
        "members[0].memberships[0].to",
        "working_groups[0].enrolments[0].from",
        "meetings[0].date",
        "contributions[0].date",
        "rule_sets[0].effective_from",
        "exemptions[0].period_start",
    ],
)
@pytest.mark.parametrize("day", ["0001-09-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_a_date_out_of_the_accepted_range_is_named_by_its_path(path: str, day: str) -> None:
    document = example()
    _set(document, path, day)

    found = reasons(document)

    assert path in found, found
    assert "from 1900-01-01 to 2200-12-31" in found[path]
    assert day in found[path]


def test_the_first_and_last_accepted_days_are_read() -> None:
    document = example()
    _set(document, "meetings[0].date", "1900-01-01")
    _set(document, "members[0].memberships[0].to", "2200-12-31")

    archive = parse_archive(document)

    assert archive.meetings[0].date == date(1900, 1, 1)


@pytest.mark.parametrize(
    "path",
    [
        "network.name",
        "network.rates[0].method",
        "members[0].name",
        "members[0].discipline",
        "working_groups[0].name",
        "meetings[0].title",
    ],
)
@pytest.mark.parametrize("character", ["\x00", "\x1b", "\n", "\t", "\x85"])
def test_a_control_character_in_a_one_line_text_is_named_by_its_path(
    path: str, character: str
) -> None:
    document = example()
    _set(document, path, f"Compagnie{character}Alizé")

    found = reasons(document)

    assert path in found, found
    assert f"U+{ord(character):04X}" in found[path]


@pytest.mark.parametrize("path", ["contributions[0].note", "exemptions[0].reason"])
def test_a_multiline_text_keeps_its_lines_and_tabs_but_not_nul(path: str) -> None:
    document = example()
    _set(document, path, "Ligne 1\r\n\tLigne 2")
    parse_archive(document)

    _set(document, path, "Ligne 1\x00")
    found = reasons(document)

    assert "U+0000" in found[path]
    assert "line breaks are allowed" in found[path]


def test_a_refused_control_character_is_shown_escaped() -> None:
    document = example()
    _set(document, "members[0].name", "Alizé\x00\x1b")

    [refused] = [p for p in problems(document) if p.path == "members[0].name"]

    assert refused.value == "Alizé\\u0000\\u001b"
