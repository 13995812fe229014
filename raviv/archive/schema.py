"""The network archive, format ``raviv-network/1``: one JSON document holding a whole network.

Every object is a frozen msgspec Struct. Fields present in the normative example
(``tests/data/reseau-exemple.json``) are required; the extensions are optional and left out of
an export when empty, so an archive without them is written back as it was read. Fields the
format does not know are accepted and ignored (a newer writer may add some).

The ``description`` of each field is the documentation of the format: the published JSON Schema
(``docs/raviv-network-1.schema.json``) is generated from these Structs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from raviv.lib.identity import (
    CALENDAR_YEAR_START,
    FIRST_CREATION_YEAR,
    FISCAL_YEAR_START_PATTERN,
    MAX_MEETINGS_PER_YEAR,
    POSTCODE_PATTERN,
)
from raviv.vocabulary import (
    ContributionStatus,
    CriterionName,
    Form,
    MeetingKind,
    MembershipStatus,
    PeriodKind,
    ResourceAccount,
    Unit,
    UseAccount,
)

FORMAT = "raviv-network/1"

REF_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
TIER_PATTERN = r"^[a-z][a-z0-9_-]{0,31}$"
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
NON_NEGATIVE_PATTERN = r"^[0-9]+(\.[0-9]+)?$"
POSITIVE_PATTERN = r"^(?=.*[1-9])[0-9]+(\.[0-9]+)?$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
DEPARTEMENT_PATTERN = r"^(|[0-9]{2}|2A|2B|97[0-9])$"


# -- value types ----------------------------------------------------------------------------------
# Decimals are written as strings ("15.00") and kept exactly as written; JSON numbers are accepted
# too. msgspec cannot constrain a Decimal, so the bounds sit in `extra` for the validator.

Ref = Annotated[
    str,
    Meta(
        pattern=REF_PATTERN,
        description="Network-unique identifier: lower-case letters, digits and dashes.",
        examples=["alize"],
        extra={
            "reason": "a ref is 1 to 64 lower-case letters, digits or dashes, "
            "not starting or ending with a dash"
        },
    ),
]
TierCode = Annotated[
    str,
    Meta(
        pattern=TIER_PATTERN,
        examples=["member"],
        extra={
            "reason": "a tier code is a lower-case letter then up to 31 letters, digits, "
            "dashes or underscores"
        },
    ),
]
Name = Annotated[
    str, Meta(min_length=1, max_length=200, extra={"reason": "expected 1 to 200 characters"})
]
Text32 = Annotated[str, Meta(max_length=32, extra={"reason": "at most 32 characters"})]
Text64 = Annotated[str, Meta(max_length=64, extra={"reason": "at most 64 characters"})]
Text100 = Annotated[str, Meta(max_length=100, extra={"reason": "at most 100 characters"})]
Text200 = Annotated[str, Meta(max_length=200, extra={"reason": "at most 200 characters"})]
PerYear = Annotated[
    int,
    Meta(
        ge=0,
        le=MAX_MEETINGS_PER_YEAR,
        extra={"reason": f"a whole number from 0 to {MAX_MEETINGS_PER_YEAR} is expected"},
    ),
]
Reason = Annotated[str, Meta(max_length=500, extra={"reason": "at most 500 characters"})]
#: A valuation method: as long as the API takes (raviv.ledger.rate_schemas.Method).
Method = Annotated[str, Meta(max_length=2000, extra={"reason": "at most 2000 characters"})]
Category = Annotated[str, Meta(max_length=64, extra={"reason": "at most 64 characters"})]
Url = Annotated[
    str,
    Meta(
        max_length=500,
        pattern=r"^(|https?://\S+)$",
        extra={"reason": "an http:// or https:// address of at most 500 characters"},
    ),
]
Email = Annotated[
    str,
    Meta(pattern=EMAIL_PATTERN, max_length=254, extra={"reason": "not an e-mail address"}),
]
Departement = Annotated[
    str,
    Meta(
        pattern=DEPARTEMENT_PATTERN,
        extra={"reason": "a département code is two digits, 2A, 2B or 97x (or empty)"},
    ),
]
AnyDecimal = Annotated[Decimal, Meta(extra_json_schema={"pattern": DECIMAL_PATTERN})]
NonNegative = Annotated[
    Decimal,
    Meta(extra={"ge": 0}, extra_json_schema={"pattern": NON_NEGATIVE_PATTERN, "minimum": 0}),
]
Positive = Annotated[
    Decimal,
    Meta(extra={"gt": 0}, extra_json_schema={"pattern": POSITIVE_PATTERN, "exclusiveMinimum": 0}),
]


class _Object(msgspec.Struct, kw_only=True, frozen=True, omit_defaults=True):
    """Base of every archive object: keyword-only, immutable, empty extensions left out."""


# -- network --------------------------------------------------------------------------------------


class Rate(_Object, kw_only=True, frozen=True):
    """A dated valuation rate of one form: value_eur = quantity × eur_per_unit, using the rate in
    effect on the entry's date."""

    form: Annotated[Form, Meta(description="The form this rate values.")]
    eur_per_unit: Annotated[NonNegative, Meta(description="Euros per unit of the form.")]
    effective_from: Annotated[dt.date, Meta(description="First day the rate applies.")]
    method: Annotated[
        str, Meta(description="How the rate was chosen (stated in reports, ANC 2018-06).")
    ] = ""
    unit: Annotated[
        Unit | None, Meta(description="Extension: the unit priced; must suit the form.")
    ] = None
    category: Annotated[
        Category,
        Meta(
            description="Extension: the category of entries this rate values (an equipment or "
            "premises category priced apart); empty for the form's general rate."
        ),
    ] = ""


class ValuationPolicy(_Object, kw_only=True, frozen=True):
    """How the network values an hour it has no rate for: the SMIC brut horaire of the day times
    its employer-charge coefficient."""

    charge_coefficient: Annotated[
        AnyDecimal,
        Meta(description="Employer-charge coefficient, from 1 to 3, at most 3 decimals."),
    ]
    method: Annotated[Method, Meta(description="The method as reports state it (ANC 2018-06).")] = (
        ""
    )


class CvnAccounts(_Object, kw_only=True, frozen=True):
    """Extension: the CVN accounts the network books one form to, instead of ANC 2018-06's
    default for it (docs/scoring.md)."""

    form: Annotated[Form, Meta(description="The form (never money: it is not in kind).")]
    use: Annotated[UseAccount, Meta(description="Use account (86x).")]
    resource: Annotated[ResourceAccount, Meta(description="Resource account (87x).")]


class Tier(_Object, kw_only=True, frozen=True):
    """Extension: a membership tier the network uses; its rule may ask different things of each."""

    code: Annotated[TierCode, Meta(description="Code used by members and rule sets.")]
    label: Annotated[Text100, Meta(description="Label shown to people, e.g. 'Membre du CA'.")]


class Network(_Object, kw_only=True, frozen=True):
    """The network itself: its settings and dated valuation rates."""

    ref: Annotated[Ref, Meta(description="Identifier of the network.")]
    name: Annotated[Name, Meta(description="Full name of the network.")]
    period: Annotated[PeriodKind, Meta(description="How the network cuts time into periods.")]
    timezone: Annotated[
        str,
        Meta(description="IANA time zone of every date in the archive.", examples=["Europe/Paris"]),
    ]
    rates: Annotated[
        list[Rate],
        Meta(description="Valuation rates; one per form, category and effective_from."),
    ]
    territory: Annotated[Text100, Meta(description="Extension: territory covered, free text.")] = ""
    parent: Annotated[
        Ref | None,
        Meta(description="Extension: ref of the federation this network belongs to (external)."),
    ] = None
    tiers: Annotated[
        list[Tier],
        Meta(description="Extension: the tiers in use; when given, every tier used must be one."),
    ] = []
    valuation_policy: Annotated[
        ValuationPolicy | None,
        Meta(
            description="Extension: the employer-charge coefficient of the default hourly rate "
            "(SMIC × 1.25 when absent)."
        ),
    ] = None
    cvn_accounts: Annotated[
        list[CvnAccounts],
        Meta(
            description="Extension: the forms the network books to other CVN accounts than "
            "ANC 2018-06's default, one entry per form; absent: the default mapping."
        ),
    ] = []
    # Its legal identity (docs/network.md): every field optional, empty when not stated.
    legal_name: Annotated[Text200, Meta(description="Extension: legal name, if not its name.")] = ""
    siret: Annotated[
        str | None, Meta(description="Extension: SIRET (14 digits, spaces allowed), or null.")
    ] = None
    rna: Annotated[
        str | None,
        Meta(
            description="Extension: RNA number, W followed by 9 digits, or null.",
            examples=["W751234567"],
        ),
    ] = None
    legal_form: Annotated[Text64, Meta(description="Extension: association, scic…")] = ""
    creation_year: Annotated[
        Annotated[
            int,
            Meta(
                ge=FIRST_CREATION_YEAR,
                extra={"reason": f"a year from {FIRST_CREATION_YEAR} on is expected"},
            ),
        ]
        | None,
        Meta(description="Extension: the year it was founded (not after this year)."),
    ] = None
    address_street: Annotated[Text200, Meta(description="Extension: head office, street.")] = ""
    address_postcode: Annotated[
        Annotated[
            str,
            Meta(pattern=POSTCODE_PATTERN, extra={"reason": "a postcode is 5 digits (or empty)"}),
        ],
        Meta(description="Extension: head office, postcode (5 digits)."),
    ] = ""
    address_city: Annotated[Text100, Meta(description="Extension: head office, city.")] = ""
    general_assemblies_per_year: Annotated[
        PerYear | None,
        Meta(description="Extension: general assemblies its statutes require a year (0-52)."),
    ] = None
    board_meetings_per_year: Annotated[
        PerYear | None,
        Meta(description="Extension: board meetings its statutes require a year (0-52)."),
    ] = None
    fiscal_year_start: Annotated[
        Annotated[
            str,
            Meta(
                pattern=FISCAL_YEAR_START_PATTERN,
                extra={"reason": "expected MM-DD, a day every year has (01-01: the calendar year)"},
            ),
        ],
        Meta(
            description="Extension: first day of its fiscal year, MM-DD; absent: 01-01, the "
            "calendar year.",
            examples=["09-01"],
        ),
    ] = CALENDAR_YEAR_START
    signatory_name: Annotated[
        Text200,
        Meta(
            description="Extension: who signs its attestations (personal data), e.g. its president."
        ),
    ] = ""
    signatory_role: Annotated[Text100, Meta(description="Extension: the signatory's role.")] = ""


# -- members --------------------------------------------------------------------------------------


class Membership(_Object, kw_only=True, frozen=True):
    """One membership period, half-open: from its first day up to (not including) `to`."""

    from_: Annotated[dt.date, Meta(description="First day of membership.")] = msgspec.field(
        name="from"
    )
    to: Annotated[
        dt.date | None, Meta(description="Day after the last day of membership; null while open.")
    ]
    status: Annotated[
        MembershipStatus, Meta(description="Extension: standing during the period.")
    ] = MembershipStatus.active
    reason: Annotated[Reason, Meta(description="Extension: why the period began.")] = ""
    end_reason: Annotated[Reason, Meta(description="Extension: why the period ended.")] = ""


class Person(_Object, kw_only=True, frozen=True):
    """Extension: a contact person of a member organisation (personal data: GDPR applies)."""

    ref: Annotated[Ref, Meta(description="Identifier, unique among all people of the network.")]
    first_name: Annotated[Text100, Meta(description="First name.")]
    last_name: Annotated[Text100, Meta(description="Last name.")]
    email: Annotated[Email | None, Meta(description="E-mail address.")] = None
    phone: Annotated[Text32, Meta(description="Phone number, as written.")] = ""
    role: Annotated[Text100, Meta(description="Role in the organisation.")] = ""
    consent_contact: Annotated[bool, Meta(description="Agrees to be contacted by the network.")] = (
        False
    )
    consent_directory: Annotated[
        bool, Meta(description="Agrees to appear in the network's directory.")
    ] = False


class Due(_Object, kw_only=True, frozen=True):
    """Extension: dues (cotisation) of a member for one period."""

    period_start: Annotated[dt.date, Meta(description="First day of the period the dues are for.")]
    amount_eur: Annotated[NonNegative, Meta(description="Amount owed, in euros.")]
    paid_on: Annotated[dt.date | None, Meta(description="Day paid; absent while unpaid.")] = None
    means: Annotated[Text32, Meta(description="transfer, cheque, cash, card…")] = ""


class Member(_Object, kw_only=True, frozen=True):
    """A member organisation (structure adhérente) — never a person."""

    ref: Annotated[Ref, Meta(description="Identifier of the member.")]
    name: Annotated[Name, Meta(description="Name of the organisation.")]
    siret: Annotated[
        str | None, Meta(description="SIRET (14 digits, spaces allowed), or null if none.")
    ]
    legal_form: Annotated[Text64, Meta(description="association, scop, collectif…")]
    discipline: Annotated[
        Text64, Meta(description="Main artistic discipline (or use `disciplines`).")
    ] = ""
    departement: Annotated[Departement, Meta(description="Département code, e.g. '93'.")]
    employer: Annotated[bool, Meta(description="Does the organisation employ staff?")]
    tier: Annotated[TierCode, Meta(description="Membership tier, e.g. 'member'.")]
    memberships: Annotated[
        list[Membership], Meta(description="Membership periods; they never overlap.")
    ]
    disciplines: Annotated[
        list[Text64], Meta(description="Extension: several disciplines, instead of `discipline`.")
    ] = []
    commune: Annotated[Text100, Meta(description="Extension: commune of the head office.")] = ""
    headcount_fte: Annotated[
        NonNegative | None, Meta(description="Extension: staff in full-time equivalents.")
    ] = None
    budget_bracket: Annotated[
        Text32, Meta(description="Extension: annual budget bracket, e.g. '50-200k'.")
    ] = ""
    people: Annotated[list[Person], Meta(description="Extension: contact people.")] = []
    dues: Annotated[list[Due], Meta(description="Extension: dues, one per period.")] = []


# -- working groups and shared projects -----------------------------------------------------------


class Enrolment(_Object, kw_only=True, frozen=True):
    """A member's enrolment in a working group, half-open like memberships."""

    member: Annotated[Ref, Meta(description="The member enrolled.")]
    from_: Annotated[dt.date, Meta(description="First day of the enrolment.")] = msgspec.field(
        name="from"
    )
    to: Annotated[dt.date | None, Meta(description="Day after the last day; null while open.")]


class WorkingGroup(_Object, kw_only=True, frozen=True):
    """A standing working group (groupe de travail, commission)."""

    ref: Annotated[Ref, Meta(description="Identifier of the group.")]
    name: Annotated[Name, Meta(description="Name of the group.")]
    enrolments: Annotated[list[Enrolment], Meta(description="Who is (or was) enrolled, when.")]


class SharedProject(_Object, kw_only=True, frozen=True):
    """Extension: a time-bounded joint project (projet mutualisé, co-réalisation)."""

    ref: Annotated[Ref, Meta(description="Identifier of the project.")]
    name: Annotated[Name, Meta(description="Name of the project.")]
    lead: Annotated[Ref, Meta(description="The member leading the project.")]
    partners: Annotated[list[Ref], Meta(description="The other members taking part.")]
    from_: Annotated[dt.date, Meta(description="First day of the project.")] = msgspec.field(
        name="from"
    )
    to: Annotated[dt.date | None, Meta(description="Day after the last day; null while open.")]


# -- meetings -------------------------------------------------------------------------------------


class Attendance(_Object, kw_only=True, frozen=True):
    """Who came to a meeting from one member: `people` present, or `excused: true`."""

    member: Annotated[Ref, Meta(description="The member.")]
    people: Annotated[
        Annotated[int, Meta(ge=1, extra={"reason": "at least 1 person (or excused: true)"})] | None,
        Meta(description="How many people came from the member (1 or more)."),
    ] = None
    excused: Annotated[bool, Meta(description="The member sent apologies.")] = False
    reason: Annotated[Reason, Meta(description="Extension: why the member was excused.")] = ""


_PRESENT_OR_EXCUSED = {
    "oneOf": [
        {"required": ["people"], "properties": {"people": {"type": "integer"}}},
        {"required": ["excused"], "properties": {"excused": {"const": True}}},
    ]
}


class Meeting(_Object, kw_only=True, frozen=True):
    """A dated working time with its attendance; attendance yields `meeting` hours."""

    ref: Annotated[Ref, Meta(description="Identifier of the meeting.")]
    title: Annotated[Name, Meta(description="Title of the meeting.")]
    kind: Annotated[MeetingKind, Meta(description="What kind of meeting it is.")]
    group: Annotated[Ref | None, Meta(description="The working group it belongs to, if any.")]
    mandatory: Annotated[bool, Meta(description="Must every member attend (or be excused)?")]
    date: Annotated[dt.date, Meta(description="Day of the meeting.")]
    duration_hours: Annotated[Positive, Meta(description="Duration in hours.")]
    attendance: Annotated[
        list[Annotated[Attendance, Meta(extra_json_schema=_PRESENT_OR_EXCUSED)]],
        Meta(description="One line per member present or excused."),
    ]


# -- contributions --------------------------------------------------------------------------------


class Giver(_Object, kw_only=True, frozen=True):
    """Who gave: `{"member": ref}` or `{"network": true}` (a service of the network)."""

    member: Annotated[Ref | None, Meta(description="The giving member.")] = None
    network: Annotated[bool, Meta(description="The network itself gave.")] = False


class Receiver(_Object, kw_only=True, frozen=True):
    """Who received: exactly one of `network: true`, `member`, `group` or `project`."""

    member: Annotated[Ref | None, Meta(description="A member received it.")] = None
    network: Annotated[bool, Meta(description="The network received it (its running).")] = False
    group: Annotated[Ref | None, Meta(description="A working group received it.")] = None
    project: Annotated[Ref | None, Meta(description="A shared project received it.")] = None


def _exactly_one(flag: str, *refs: str) -> dict[str, object]:
    """JSON Schema: exactly one of `flag: true` or a ref given (a null ref is not given)."""
    branches: list[object] = [{"required": [flag], "properties": {flag: {"const": True}}}]
    branches += [{"required": [key], "properties": {key: {"type": "string"}}} for key in refs]
    return {"oneOf": branches}


class Contribution(_Object, kw_only=True, frozen=True):
    """One ledger entry: a giver gave something to a receiver on a date (append-only; a
    correction is a reversal entry pointing to the original)."""

    ref: Annotated[Ref, Meta(description="Identifier of the entry.")]
    giver: Annotated[
        Giver, Meta(description="Who gave.", extra_json_schema=_exactly_one("network", "member"))
    ]
    receiver: Annotated[
        Receiver,
        Meta(
            description="Who received.",
            extra_json_schema=_exactly_one("network", "member", "group", "project"),
        ),
    ]
    form: Annotated[Form, Meta(description="What was given.")]
    quantity: Annotated[Positive, Meta(description="How much, in the form's unit.")]
    date: Annotated[dt.date, Meta(description="Day it was given.")]
    status: Annotated[ContributionStatus, Meta(description="Where the entry stands.")]
    note: Annotated[str, Meta(description="Free text.")] = ""
    reverses: Annotated[
        Ref | None, Meta(description="The entry this one cancels (a reversal).")
    ] = None
    unit: Annotated[
        Unit | None, Meta(description="Extension: the unit of `quantity`; must suit the form.")
    ] = None
    category: Annotated[
        Category,
        Meta(
            description="Extension: the entry's category (equipment, premises), which takes "
            "that category's rate when the network has one."
        ),
    ] = ""
    evidence_url: Annotated[Url, Meta(description="Extension: a link to a proof of it.")] = ""
    reason: Annotated[
        Reason,
        Meta(description="Extension: why it was rejected, or why it reverses another entry."),
    ] = ""


# -- the rule -------------------------------------------------------------------------------------


class Criterion(_Object, kw_only=True, frozen=True):
    """One criterion of a rule set, with its threshold and filters."""

    criterion: Annotated[CriterionName, Meta(description="What is measured.")]
    min: Annotated[
        int | AnyDecimal | None,
        Meta(
            description="Threshold: a whole number for counts (meetings_attended, "
            "groups_enrolled, forms_given), a decimal for hours_given and value_given, between "
            "-1 and 1 for balance_index; none for mandatory_meetings and dues_paid."
        ),
    ] = None
    mandatory_only: Annotated[
        bool, Meta(description="meetings_attended only: count mandatory meetings only.")
    ] = False
    kinds: Annotated[
        list[MeetingKind], Meta(description="meetings_attended only: count these kinds only.")
    ] = []
    min_volume_eur: Annotated[
        NonNegative | None,
        Meta(description="balance_index only: applies once given + received reaches this."),
    ] = None


class RuleTier(_Object, kw_only=True, frozen=True):
    """The criteria a rule set asks of one tier instead of its general ones."""

    tier: Annotated[TierCode, Meta(description="The tier concerned.")]
    criteria: Annotated[list[Criterion], Meta(description="Criteria for that tier.")]


class RuleSet(_Object, kw_only=True, frozen=True):
    """A version of the network's participation rule (docs/rules.md)."""

    ref: Annotated[Ref, Meta(description="Identifier of the rule set.")]
    effective_from: Annotated[dt.date, Meta(description="First day this version applies.")]
    period: Annotated[PeriodKind, Meta(description="The period kind it is evaluated over.")]
    grace_days: Annotated[
        Annotated[int, Meta(ge=0, extra={"reason": "expected 0 or more days"})],
        Meta(description="Days after joining during which a member is in grace."),
    ]
    criteria: Annotated[list[Criterion], Meta(description="Criteria, all to be met.")]
    tiers: Annotated[
        list[RuleTier], Meta(description="Criteria for particular tiers, replacing `criteria`.")
    ] = []


class Exemption(_Object, kw_only=True, frozen=True):
    """A decided waiver of some criteria (or all) for a member and one period."""

    member: Annotated[Ref, Meta(description="The member exempted.")]
    criteria: Annotated[
        Literal["all"] | list[CriterionName],
        Meta(description='"all", or the criteria waived.'),
    ]
    period_start: Annotated[dt.date, Meta(description="First day of the period concerned.")]
    reason: Annotated[
        Annotated[str, Meta(min_length=1, extra={"reason": "an exemption states its reason"})],
        Meta(description="Why, as decided."),
    ]


# -- the document ---------------------------------------------------------------------------------


class Archive(_Object, kw_only=True, frozen=True):
    """A whole network in one document, every object referenced by its network-unique ref."""

    format: Annotated[
        Literal["raviv-network/1"],
        Meta(
            description="Format tag.",
            extra={"reason": f'the format tag must be "{FORMAT}"'},
        ),
    ]
    network: Annotated[Network, Meta(description="The network and its settings.")]
    members: Annotated[list[Member], Meta(description="Member organisations.")]
    working_groups: Annotated[list[WorkingGroup], Meta(description="Working groups.")]
    shared_projects: Annotated[
        list[SharedProject], Meta(description="Extension: shared projects.")
    ] = []
    meetings: Annotated[list[Meeting], Meta(description="Meetings with their attendance.")]
    contributions: Annotated[list[Contribution], Meta(description="The contribution ledger.")]
    rule_sets: Annotated[list[RuleSet], Meta(description="Versions of the participation rule.")]
    exemptions: Annotated[list[Exemption], Meta(description="Exemptions decided.")]
