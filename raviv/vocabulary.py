"""The words of the domain: what a contribution gives and in which unit, what a meeting is, how
time is cut into periods, an entry's status, a member's standing, the criteria a rule may use,
who can give or receive.

The ground floor: the archive format (:mod:`raviv.archive.schema`), the tables, the valuation and
the rule evaluator all take their words from here, and this module imports nothing of raviv.
"""

from __future__ import annotations

from enum import StrEnum


class Form(StrEnum):
    """What a contribution gives (docs/domain.md); each form has a canonical unit."""

    time = "time"
    meeting = "meeting"
    knowledge = "knowledge"
    equipment = "equipment"
    premises = "premises"
    coproduction = "coproduction"
    shared_staff = "shared_staff"
    money = "money"


class Unit(StrEnum):
    """The unit a quantity is counted in; it must be one of its form's units."""

    hours = "hours"
    person_hours = "person-hours"
    item_days = "item-days"
    room_hours = "room-hours"
    m2_days = "m²-days"
    euros = "euros"


FORM_UNITS: dict[Form, tuple[Unit, ...]] = {
    Form.time: (Unit.hours,),
    Form.meeting: (Unit.hours, Unit.person_hours),
    Form.knowledge: (Unit.hours,),
    Form.equipment: (Unit.item_days,),
    Form.premises: (Unit.room_hours, Unit.m2_days),
    Form.coproduction: (Unit.hours,),
    Form.shared_staff: (Unit.hours,),
    Form.money: (Unit.euros,),
}


class MeetingKind(StrEnum):
    """What a meeting is: general assembly, board, working group, project, seminar, training."""

    general_assembly = "general_assembly"
    board = "board"
    working_group = "working_group"
    project = "project"
    seminar = "seminar"
    training = "training"


class PeriodKind(StrEnum):
    """How time is cut into periods: calendar year, season (1 September – 31 August) or rolling
    12 months."""

    calendar_year = "calendar_year"
    season = "season"
    rolling_12_months = "rolling_12_months"


class ContributionStatus(StrEnum):
    """Only validated entries count; submitted and confirmed ones are pending; rejected never
    count. Only an entry between two members can be confirmed (by the receiving member)."""

    submitted = "submitted"
    validated = "validated"
    rejected = "rejected"
    confirmed = "confirmed"


class MembershipStatus(StrEnum):
    """Standing of a member during one membership period."""

    active = "active"
    suspended = "suspended"


class CriterionName(StrEnum):
    """A criterion of the participation rule (docs/rules.md)."""

    meetings_attended = "meetings_attended"
    hours_given = "hours_given"
    groups_enrolled = "groups_enrolled"
    mandatory_meetings = "mandatory_meetings"
    dues_paid = "dues_paid"
    forms_given = "forms_given"
    value_given = "value_given"
    balance_index = "balance_index"


class PartyKind(StrEnum):
    """Who can give or receive: a member, the network itself, one of its working groups or
    shared projects (the last three are the network's side of the ledger)."""

    member = "member"
    network = "network"
    group = "group"
    project = "project"


class UseAccount(StrEnum):
    """The accounts of the uses of in-kind contributions (86x, emplois des contributions
    volontaires en nature) in the associations' chart of ANC regulation 2018-06."""

    secours_en_nature = "860"
    mise_a_disposition_de_biens = "861"
    locaux = "8611"
    materiels = "8612"
    prestations = "862"
    personnel_benevole = "864"


class ResourceAccount(StrEnum):
    """The accounts of the in-kind contributions received (87x, contributions volontaires en
    nature) in the same chart. (The 1999 chart's 870 for bénévolat is 875 there.)"""

    dons_en_nature = "870"
    prestations_en_nature = "871"
    benevolat = "875"


CVN_ACCOUNT_LABELS: dict[str, tuple[str, str]] = {
    # account: (French label as the chart names it, English translation)
    "860": ("Secours en nature", "Relief in kind"),
    "861": ("Mise à disposition gratuite de biens", "Goods made available free of charge"),
    "8611": ("Mise à disposition gratuite de locaux", "Premises made available free of charge"),
    "8612": ("Mise à disposition gratuite de matériels", "Equipment made available free of charge"),
    "862": ("Prestations", "Services"),
    "864": ("Personnel bénévole", "Volunteer staff"),
    "870": ("Dons en nature", "Donations in kind"),
    "871": ("Prestations en nature", "Services in kind"),
    "875": ("Bénévolat", "Volunteering"),
}
"""The name of each account a CVN may be booked to, in French (the chart's words) and English."""
