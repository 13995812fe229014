"""The coordinator's pages on members: the list (status, tier, search, pages), a member's
timeline, the network's meetings and their attendance, the enforcement cases and decisions.

Each gathers from the services the API's routes call, behind the same access rule in ``opt``
(coordinators only): ``list_members`` and the rule's evaluation (GET …/members, …/evaluation),
``list_memberships``, ``snapshots.timeline``, ``contributions.list_entries``, ``cases`` (GET
…/memberships, …/timeline, …/contributions, …/cases), ``working_life`` for meetings (POST
…/meetings, PUT …/attendance, POST …/checkin-code) and ``cases.decide`` (POST …/decisions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from raviv.errors import DomainError, FieldProblem, InvalidError, convert_input
from raviv.guard.policy import allow
from raviv.guard.roles import Role
from raviv.ledger import contributions, working_life, working_schemas
from raviv.lib.text import slugify
from raviv.participation import snapshots
from raviv.participation.enforcement import cases
from raviv.participation.enforcement import schemas as enforcement
from raviv.participation.evaluation import evaluate_network
from raviv.registry.service import (
    get_member,
    list_members,
    list_memberships,
    list_tiers,
    resolve_network,
)
from raviv.rules.evaluator import Status
from raviv.vocabulary import MeetingKind
from raviv.web import views
from raviv.web.errors import problem_messages
from raviv.web.i18n import N_
from raviv.web.pages import NETWORK, PageController, member_names, signed_in
from raviv.web.rendering import locale_of, page

COORDINATORS = allow(Role.coordinator)
PAGE_SIZE = 25
#: Meetings shown on the meetings page: the next ones, the last ones.
SHOWN = 12
MEETING = NETWORK + "/reunions/{meeting_ref:str}"

MEETING_KINDS = {
    MeetingKind.general_assembly: N_("Assemblée générale"),
    MeetingKind.board: N_("Conseil d'administration"),
    MeetingKind.working_group: N_("Groupe de travail"),
    MeetingKind.project: N_("Projet"),
    MeetingKind.seminar: N_("Séminaire"),
    MeetingKind.training: N_("Formation"),
}
MEMBERSHIP_LABELS = {
    "active": N_("Adhésion"),
    "suspended": N_("Suspension"),
}
#: What each recordable decision is called on the coordinator's form.
DECISION_KINDS = tuple(k.value for k in enforcement.DecisionKind)


#: The fields of these pages' forms, named in French for their messages (before the shared ones:
#: ``member`` here is the member an invitation names, not a check-in's).
FIELDS = {
    "title": N_("Donnez un intitulé à la réunion."),
    "kind": N_("Choisissez un type valide."),
    "duration_hours": N_("Indiquez une durée en heures, supérieure à 0."),
    "start_time": N_("Indiquez l'heure de début au format 14:00."),
    "place": N_("Le lieu : 200 caractères au plus."),
    "ref": N_("Une réunion du même intitulé existe déjà ce jour-là."),
    "attendance": N_(
        "Un des membres cochés n'existe pas, ou un nombre de personnes ne convient pas "
        "(1 au moins)."
    ),
    "decision_kind": N_("Choisissez une décision."),
    "note": N_("Indiquez le motif de la décision."),
    "decided_on": N_("La date de décision ne convient pas."),
    "starts_on": N_("Le premier jour de la restriction ne convient pas (pas avant aujourd'hui)."),
    "ends_on": N_("La fin de la restriction doit venir après son premier jour."),
    "role": N_("Choisissez un rôle."),
    "member": N_(
        "Choisissez le membre que la personne représentera "
        "(seulement pour le rôle de représentant)."
    ),
    "import_kind": N_("Choisissez ce que contient le fichier : des membres ou des contributions."),
    "import_file": N_("Choisissez un fichier CSV, XLSX ou ODS (non vide)."),
    "access_ends_on": N_(
        "Seul un accès de consultant a une date de fin ; indiquez une date valide."
    ),
}


def explain(refused: DomainError, locale: str) -> dict[str, str]:
    """What to correct, field by field: these pages' own words first, then the shared ones."""
    return problem_messages(refused, locale, FIELDS)


def page_number_of(text: str) -> int:
    try:
        return max(1, int(text))
    except ValueError:
        return 1


# -- members -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    """One line of a member's timeline."""

    day: dt.date
    kind: str  # membership, status, given, received, case, decision, answer
    label: str  # a French msgid, translated by the template
    detail: str = ""
    status: str = ""  # a Status value, for a badge
    quantity: Decimal | None = None  # a contribution's, in ``unit``
    unit: str = ""  # a French msgid (views.UNIT_SHORT)


async def _standings(network_ref: str) -> dict[str, str]:
    """Each member's status against the rule today (the evaluation GET …/evaluation gives);
    none when the network has no rule yet."""
    network = await resolve_network(network_ref)
    try:
        evaluation = await evaluate_network(network, at=network.today)
    except InvalidError:
        return {}
    return {m.member: m.status.value for m in evaluation.members}


class MemberListPages(PageController):
    @get(NETWORK + "/membres", opt=COORDINATORS)
    async def members(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Template:
        network = await resolve_network(network_ref)
        query = str(request.query_params.get("q", "")).strip()[:100]
        number = page_number_of(str(request.query_params.get("page", "1")))
        found = await list_members(
            network_ref,
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
            q=query or None,
            only=None,
        )
        tiers = {t.code: t.label for t in await list_tiers(network_ref)}
        pages = max(1, -(-found.total // PAGE_SIZE))
        return page(
            request,
            "members.html",
            network=network,
            members=found.items,
            total=found.total,
            q=query,
            number=number,
            pages=pages,
            tiers=tiers,
            standings=await _standings(network_ref),
            status_labels={s.value: label for s, label in views.STATUS_LABELS.items()},
            membership_labels=MEMBER_STATUS_LABELS,
        )

    @get(NETWORK + "/membres/{member_ref:str}/parcours", opt=COORDINATORS)
    async def timeline(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Template:
        network = await resolve_network(network_ref)
        member = await get_member(network_ref, member_ref)
        events = await _timeline(network_ref, member_ref)
        return page(
            request,
            "member_timeline.html",
            network=network,
            member=member,
            events=events,
            views=views,
            status_labels={s.value: label for s, label in views.STATUS_LABELS.items()},
        )


MEMBER_STATUS_LABELS = {
    "active": N_("adhérent"),
    "suspended": N_("suspendu"),
    "left": N_("parti"),
    "not_yet": N_("à venir"),
    "none": N_("sans adhésion"),
}


async def _timeline(network_ref: str, member_ref: str) -> list[Event]:
    """The member's history in date order: its membership periods, its status when a snapshot
    found it changed, what it gave and received, its cases, their decisions and answers."""
    events: list[Event] = []
    for period in await list_memberships(network_ref, member_ref):
        label = MEMBERSHIP_LABELS.get(period.status.value, N_("Adhésion"))
        events.append(Event(period.starts_on, "membership", label, period.reason))
        if period.ends_on is not None:
            events.append(
                Event(period.ends_on, "membership", N_("Fin de période"), period.end_reason)
            )
    last = None
    for point in await snapshots.timeline(network_ref, member_ref):
        if point.status != last:
            events.append(Event(point.day, "status", N_("Statut"), status=point.status))
            last = point.status
    names = await member_names(network_ref, None)
    found = await contributions.list_entries(
        network_ref,
        contributions.Filters(member=member_ref),
        limit=500,
        offset=0,
        only=frozenset({member_ref}),
    )
    for entry in found.items:
        giver, receiver = views.party(entry.giver), views.party(entry.receiver)
        gives = giver == ("member", member_ref)
        other = receiver if gives else giver
        who = names.get(other, other[1]) if other[0] != "network" else ""
        events.append(
            Event(
                entry.date,
                "given" if gives else "received",
                views.FORM_LABELS[entry.form],
                who,
                status=str(entry.status),
                quantity=entry.quantity,
                unit=views.UNIT_SHORT[entry.unit],
            )
        )
    for summary in await cases.list_cases(network_ref, only=None, member=member_ref):
        case = await cases.get_case(network_ref, summary.ref)
        events.append(Event(case.opened_at.date(), "case", N_("Procédure ouverte"), case.ref))
        for decision in case.decisions:
            label = views.DECISION_LABELS[decision.kind.value]
            events.append(Event(decision.decided_on, "decision", label, decision.note))
        events.extend(
            Event(a.created_at.date(), "answer", N_("Réponse du membre"), a.text)
            for a in case.answers
        )
        if case.closed_at is not None:
            events.append(
                Event(case.closed_at.date(), "case", N_("Procédure close"), case.close_note)
            )
    order = {"membership": 0, "status": 1, "case": 2, "decision": 3, "answer": 4}
    return sorted(events, key=lambda e: (e.day, order.get(e.kind, 5)))


# -- meetings and attendance -------------------------------------------------------------------


class MeetingPages(PageController):
    @get(NETWORK + "/reunions", opt=COORDINATORS)
    async def meetings(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Template:
        return await _meetings_page(request, network_ref)

    @post(NETWORK + "/reunions", opt=COORDINATORS, status_code=303)
    async def create_meeting(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        names = ("title", "kind", "date", "start_time", "duration_hours", "place")
        values = {n: str(form.get(n, "") or "").strip() for n in names}
        values["mandatory"] = "on" if form.get("mandatory") else ""
        try:
            data = _meeting(values)
            meeting = await working_life.create_meeting(network_ref, data)
        except DomainError as refused:
            return await _meetings_page(request, network_ref, refused, values)
        return Redirect(f"/reseaux/{network_ref}/reunions/{meeting.ref}", status_code=303)

    @get(MEETING, opt=COORDINATORS)
    async def meeting(
        self,
        request: Request[Any, Any, Any],
        network_ref: FromPath[str],
        meeting_ref: FromPath[str],
    ) -> Template:
        return await _meeting_page(request, network_ref, meeting_ref)

    @post(MEETING + "/code", opt=COORDINATORS)
    async def issue_code(
        self,
        request: Request[Any, Any, Any],
        network_ref: FromPath[str],
        meeting_ref: FromPath[str],
    ) -> Template:
        """A new check-in code, shown on this answer only (it is not kept readable)."""
        code = await working_life.issue_checkin_code(network_ref, meeting_ref)
        return await _meeting_page(request, network_ref, meeting_ref, code=code)

    @post(MEETING + "/presences", opt=COORDINATORS, status_code=303)
    async def record_attendance(
        self,
        request: Request[Any, Any, Any],
        network_ref: FromPath[str],
        meeting_ref: FromPath[str],
    ) -> Response[Any]:
        """The whole attendance from the ticked members (and how many people each); the lines
        of members excused stay unless ticked present."""
        form = await request.form()
        if form.get("list") != "attendance":  # not the page's form: nothing is replaced
            refused = InvalidError("attendance", errors=[FieldProblem("attendance", "")])
            return await _meeting_page(request, network_ref, meeting_ref, refused=refused)
        ticked = [str(m) for m in form.getall("present", [])]
        kept = await working_life.get_attendance(network_ref, meeting_ref, only=None)
        lines: list[dict[str, Any]] = []
        for member in ticked:
            people = str(form.get(f"people-{member}", "") or "1").strip() or "1"
            lines.append({"member": member, "people": people})
        lines.extend(
            {"member": line.member, "excused": True, "reason": line.reason}
            for line in kept.attendance
            if line.excused and line.member not in ticked
        )
        try:
            data = convert_input({"attendance": lines}, working_schemas.AttendanceReplace)
            await working_life.replace_attendance(network_ref, meeting_ref, data)
        except DomainError as refused:
            typed = {m: str(form.get(f"people-{m}", "")) for m in ticked}
            return await _meeting_page(
                request,
                network_ref,
                meeting_ref,
                refused=refused,
                ticked=set(ticked),
                people=typed,
            )
        return Redirect(
            f"/reseaux/{network_ref}/reunions/{meeting_ref}?enregistree=1", status_code=303
        )


def _meeting(values: dict[str, str]) -> working_schemas.MeetingCreate:
    problems: list[FieldProblem] = []
    if not values["title"]:
        problems.append(FieldProblem("title", "a title is needed"))
    try:
        day = dt.date.fromisoformat(values["date"])
    except ValueError:
        problems.append(FieldProblem("date", "not a date", values["date"]))
        day = None
    if problems:
        raise InvalidError("the meeting is not valid", errors=problems)
    assert day is not None
    body: dict[str, Any] = {
        "ref": f"{slugify(values['title'], max_length=50) or 'reunion'}-{day.isoformat()}",
        "title": values["title"],
        "kind": values["kind"],
        "mandatory": bool(values["mandatory"]),
        "date": day.isoformat(),
        "duration_hours": values["duration_hours"].replace(",", ".") or "0",
        "place": values["place"],
    }
    if values["start_time"]:
        body["start_time"] = values["start_time"]
    return convert_input(body, working_schemas.MeetingCreate)


async def _meetings_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    refused: DomainError | None = None,
    values: dict[str, str] | None = None,
) -> Template:
    network = await resolve_network(network_ref)
    today = network.today
    upcoming = await working_life.list_meetings(network_ref, limit=SHOWN, offset=0, since=today)
    before = await working_life.list_meetings(network_ref, limit=1, offset=0, until=today)
    past = await working_life.list_meetings(
        network_ref, limit=SHOWN, offset=max(0, before.total - SHOWN), until=today
    )
    return page(
        request,
        "network_meetings.html",
        status_code=200 if refused is None else refused.status,
        network=network,
        today=today,
        upcoming=upcoming.items,
        more_upcoming=upcoming.total > SHOWN,
        past=list(reversed(past.items)),
        more_past=before.total > SHOWN,
        kinds=MEETING_KINDS,
        values=values
        or {
            "kind": MeetingKind.general_assembly.value,
            "date": today.isoformat(),
            "duration_hours": "2",
        },
        problems=explain(refused, locale_of(request)) if refused else {},
    )


async def _meeting_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    meeting_ref: str,
    *,
    code: working_schemas.CheckinCode | None = None,
    refused: DomainError | None = None,
    ticked: set[str] | None = None,
    people: dict[str, str] | None = None,
) -> Template:
    network = await resolve_network(network_ref)
    meeting = await working_life.get_meeting(network_ref, meeting_ref)
    recorded = await working_life.get_attendance(network_ref, meeting_ref, only=None)
    lines = {line.member: line for line in recorded.attendance}
    members = await list_members(network_ref, limit=500, offset=0, only=None)
    if ticked is None:
        ticked = {m for m, line in lines.items() if not line.excused}
        people = {m: str(line.people or 1) for m, line in lines.items() if not line.excused}
    return page(
        request,
        "network_meeting.html",
        status_code=200 if refused is None else refused.status,
        network=network,
        meeting=meeting,
        kinds=MEETING_KINDS,
        members=[
            m for m in members.items if m.status.value in {"active", "suspended"} or m.ref in lines
        ],
        lines=lines,
        ticked=ticked,
        people=people or {},
        code=code,
        saved=request.query_params.get("enregistree"),
        problems=explain(refused, locale_of(request)) if refused else {},
    )


# -- enforcement cases and decisions -----------------------------------------------------------


class CasePages(PageController):
    @get(NETWORK + "/procedures", opt=COORDINATORS)
    async def cases_page(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Template:
        return await _cases_page(request, network_ref)

    @post(NETWORK + "/procedures/{case_ref:str}/decision", opt=COORDINATORS, status_code=303)
    async def decide(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], case_ref: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        names = ("kind", "note", "starts_on", "ends_on")
        values = {n: str(form.get(n, "") or "").strip() for n in names}
        body: dict[str, Any] = {"kind": values["kind"], "note": values["note"]}
        problems: list[FieldProblem] = []
        if values["kind"] not in DECISION_KINDS:
            problems.append(FieldProblem("decision_kind", "choose a decision", values["kind"]))
        if not values["note"]:
            problems.append(FieldProblem("note", "a reason is needed"))
        for name in ("starts_on", "ends_on"):
            if values[name] and values["kind"] == "restriction":
                try:
                    body[name] = dt.date.fromisoformat(values[name]).isoformat()
                except ValueError:
                    problems.append(FieldProblem(name, "not a date", values[name]))
        try:
            if problems:
                raise InvalidError("nothing was decided", errors=problems)
            data = convert_input(body, enforcement.DecisionCreate)
            await cases.decide(network_ref, case_ref, data, signed_in(request))
        except DomainError as refused:
            return await _cases_page(request, network_ref, refused, case_ref, values)
        return Redirect(f"/reseaux/{network_ref}/procedures?decide={case_ref}", status_code=303)


async def _cases_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    refused: DomainError | None = None,
    case_ref: str = "",
    values: dict[str, str] | None = None,
) -> Template:
    network = await resolve_network(network_ref)
    summaries = await cases.list_cases(network_ref, only=None, status=enforcement.CaseStatus.open)
    # a closed case whose restriction still runs: it may only be lifted (cases.decide says so)
    closed = await cases.list_cases(network_ref, only=None, status=enforcement.CaseStatus.closed)
    summaries += [c for c in closed if c.restriction is not None]
    if refused is not None and case_ref not in {c.ref for c in summaries}:
        await cases.get_case(network_ref, case_ref)  # an unknown case: 404
    return page(
        request,
        "cases.html",
        status_code=200 if refused is None else refused.status,
        network=network,
        cases=[await cases.get_case(network_ref, c.ref) for c in summaries],
        names=await member_names(network_ref, None),
        decision_kinds=DECISION_KINDS,
        views=views,
        decided=request.query_params.get("decide"),
        refused_case=case_ref,
        values=values or {},
        problems=explain(refused, locale_of(request)) if refused else {},
    )


#: Status values the badges know (their colour comes from the stylesheet's classes).
STATUSES = tuple(s.value for s in Status)

ROUTERS = [MemberListPages, MeetingPages, CasePages]
