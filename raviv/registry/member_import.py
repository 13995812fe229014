"""Importing a member list from a spreadsheet: dry run, then all or nothing.

Reading and checking the file is pure (:mod:`raviv.spreadsheet.reading`); this module matches the
rows to the network's members (by ref, then by SIRET), plans what would be created or updated,
and writes the plan in one transaction. Importing the same file again changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import anyio.to_thread

from raviv.db import insert_in_chunks, transaction
from raviv.errors import FieldProblem, InvalidError
from raviv.guard import audit
from raviv.guard.roles import Role
from raviv.jobs.kinds import JobContext, Kind
from raviv.jobs.uploads import import_from_upload
from raviv.lib.legal_forms import normalise_legal_form
from raviv.lib.text import slugify
from raviv.registry import service
from raviv.registry.tables import ImportMapping, Member, Membership, Person, Tier
from raviv.spreadsheet import reading as spreadsheet
from raviv.spreadsheet import worker as sheet_worker
from raviv.spreadsheet.problems import refuse_file, row_problem

KIND = "members"
#: Member fields a spreadsheet row may change, compared to decide "updated" or "unchanged".
_COMPARED = tuple(f for f in service.MEMBER_FIELDS if f in spreadsheet.FIELDS and f != "ref")


_COMPARED_COLUMNS = tuple(getattr(Member, name) for name in _COMPARED)


@dataclass(frozen=True, slots=True)
class ImportReport:
    dry_run: bool
    mapping: dict[str, str]
    header_row: int = 1
    ignored_columns: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    people_created: int = 0
    memberships_created: int = 0


async def saved_mapping(network: int) -> dict[str, str] | None:
    row = (
        await ImportMapping.select(ImportMapping.mapping)
        .where((ImportMapping.network == network) & (ImportMapping.kind == KIND))
        .first()
        .run()
    )
    if row is None:
        return None
    value = row["mapping"]
    return dict(json.loads(value) if isinstance(value, str) else value)


def _refuse_mapping(problems: list[spreadsheet.MappingProblem]) -> InvalidError:
    return InvalidError(
        "; ".join(p.reason_en for p in problems),
        errors=[
            FieldProblem(p.field, p.reason_en, value=p.header or None, message_fr=p.reason_fr)
            for p in problems
        ],
    )


async def save_mapping(network: int, mapping: Mapping[str, str]) -> None:
    """Save the network's column mapping, refusing one no import could use (422)."""
    problems = spreadsheet.validate_mapping(mapping)
    if problems:
        raise _refuse_mapping(problems)
    text = json.dumps(dict(mapping), ensure_ascii=False, sort_keys=True)
    where = (ImportMapping.network == network) & (ImportMapping.kind == KIND)
    async with transaction():
        await audit.record(
            "import_mapping.save",
            network=network,
            object_type="import_mapping",
            object_ref=KIND,
            before=await saved_mapping(network),
            after=dict(mapping),
        )
        if await ImportMapping.exists().where(where).run():
            await ImportMapping.update({ImportMapping.mapping: text}).where(where).run()
        else:
            await ImportMapping.insert(
                ImportMapping(network=network, kind=KIND, mapping=text)
            ).run()


async def _tier_labels(network: int) -> dict[str, str]:
    labels = dict(spreadsheet.DEFAULT_TIER_LABELS)
    for row in await Tier.select(Tier.code, Tier.label).where(Tier.network == network).run():
        labels[row["code"]] = row["code"]
        labels[row["label"]] = row["code"]
    codes = {r["code"] for r in await Tier.select(Tier.code).where(Tier.network == network).run()}
    # A default label pointing at a tier this network does not have is not accepted.
    return {label: code for label, code in labels.items() if code in codes}


def _values(row: spreadsheet.MemberRow, current: Mapping[str, Any] | None) -> dict[str, Any]:
    """The member's fields after this row: empty optional cells keep what is there."""
    values: dict[str, Any] = {
        "name": row.name,
        "siret": row.siret,
        "legal_form": normalise_legal_form(row.legal_form),
        "disciplines": list(row.disciplines),
        "departement": row.departement,
        "commune": row.commune,
        "employer": row.employer,
        "headcount_fte": row.headcount_fte,
        "tier": row.tier,
    }
    if current is not None:
        for name in ("siret", "employer", "headcount_fte"):
            if values[name] is None:
                values[name] = current[name]
    if values["employer"] is None:
        values["employer"] = False
    return values


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return a is not None and b is not None and Decimal(a) == Decimal(b)
    return bool(a == b)


@dataclass(slots=True)
class _Plan:
    report: ImportReport
    creates: list[tuple[spreadsheet.MemberRow, dict[str, Any]]] = field(default_factory=list)
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    matched: dict[int, spreadsheet.MemberRow] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Parsed:
    mapping: dict[str, str]
    rows: list[spreadsheet.MemberRow]
    header_row: int
    ignored_columns: list[str]


def _no_header_row(
    exc: spreadsheet.SpreadsheetError, table: spreadsheet.SheetTable
) -> InvalidError:
    """The mapping problem, and which line was taken as the header row and why."""
    shown = ", ".join(f"'{h}'" for h in table.headers[:8]) + (
        ", …" if len(table.headers) > 8 else ""
    )
    rows = spreadsheet.HEADER_SEARCH_ROWS
    hint_en = (
        f" (the header row is the line, among the first {rows} lines, that names the required "
        f"columns; none does, so line {table.header_line} was read: {shown})"
    )
    hint_fr = (
        f" (la ligne d'en-tête est celle qui, parmi les {rows} premières lignes, nomme les "
        f"colonnes obligatoires ; aucune ne le fait, la ligne {table.header_line} a été lue : "
        f"{shown})"
    )
    return InvalidError(
        exc.message_en + hint_en,
        errors=[
            FieldProblem(
                "file",
                exc.message_en + hint_en,
                row=table.header_line,
                message_fr=exc.message_fr + hint_fr,
            )
        ],
    )


async def _parse(
    nid: int, content: bytes, filename: str, mapping: Mapping[str, str] | None, max_bytes: int
) -> _Parsed:
    given = dict(mapping or await saved_mapping(nid) or {})
    tiers = await _tier_labels(nid)
    try:
        cells = await sheet_worker.read_cells(content, filename, max_bytes=max_bytes)
        table = await anyio.to_thread.run_sync(
            lambda: spreadsheet.table_from_cells(
                cells, header=spreadsheet.member_header_score(given)
            )
        )
    except spreadsheet.SpreadsheetError as exc:
        raise refuse_file(exc) from None
    chosen = given or spreadsheet.guess_mapping(table.headers)
    try:
        # Bounded by the limits, but still thousands of rows of checks: off the event loop.
        parsed = await anyio.to_thread.run_sync(
            lambda: spreadsheet.parse_members(table, chosen, tiers=tiers)
        )
    except spreadsheet.SpreadsheetError as exc:
        raise _no_header_row(exc, table) from None
    if parsed.problems:
        raise InvalidError(
            f"{len(parsed.problems)} problem(s) in the file; nothing was imported",
            errors=[row_problem(p) for p in parsed.problems],
        )
    used = {spreadsheet.column_of(chosen, field, table.headers) for field in chosen}
    ignored = [header for header in table.headers if header not in used]
    return _Parsed(chosen, parsed.rows, table.header_line, ignored)


def _siret_conflict(row: spreadsheet.MemberRow, current: Any, owner: Any) -> FieldProblem:
    return FieldProblem(
        "SIRET",
        f"this SIRET belongs to member {owner['ref']!r}, not {current['ref']!r}",
        value=row.siret,
        row=row.row,
        message_fr=(
            f"ce SIRET est celui de l'adhérent « {owner['ref']} », pas de « {current['ref']} »"
        ),
    )


async def _plan(nid: int, parsed: _Parsed, dry_run: bool) -> _Plan:
    """Match each row to a member (ref, then SIRET) and sort rows into create/update/unchanged."""
    existing = {
        r["ref"]: r
        for r in await Member.select(
            Member.id, Member.ref, *(getattr(Member, f) for f in _COMPARED)
        )
        .where(Member.network == nid)
        .run()
    }
    by_siret = {r["siret"]: r for r in existing.values() if r["siret"]}
    report = ImportReport(
        dry_run=dry_run,
        mapping=parsed.mapping,
        header_row=parsed.header_row,
        ignored_columns=parsed.ignored_columns,
    )
    plan = _Plan(report=report)
    conflicts: list[FieldProblem] = []
    for row in parsed.rows:
        owner = by_siret.get(row.siret) if row.siret else None
        current = existing.get(row.ref) or owner
        if current is not None and owner is not None and owner["id"] != current["id"]:
            conflicts.append(_siret_conflict(row, current, owner))
            continue
        values = _values(row, current)
        if current is None:
            plan.creates.append((row, values))
            plan.report.created.append(row.ref)
            continue
        plan.matched[current["id"]] = row
        changed = {k: v for k, v in values.items() if not _same(current[k], v)}
        if changed:
            plan.updates.append((current["id"], changed))
            plan.report.updated.append(current["ref"])
        else:
            plan.report.unchanged.append(current["ref"])
    if conflicts:
        raise InvalidError(
            f"{len(conflicts)} row(s) contradict existing members; nothing was imported",
            errors=conflicts,
        )
    return plan


async def _new_people(nid: int, rows_by_id: dict[int, spreadsheet.MemberRow]) -> list[Person]:
    """Contacts on the rows that the network does not know yet (same member, email and name)."""
    people = (
        await Person.select(
            Person.member, Person.email, Person.first_name, Person.last_name, Person.ref
        )
        .where(Person.network == nid)
        .run()
    )
    known = {
        (p["member"], (p["email"] or "").lower(), p["first_name"], p["last_name"]) for p in people
    }
    refs = {p["ref"] for p in people}
    created = []
    for mid, row in rows_by_id.items():
        person = row.person
        if person is None:
            continue
        if (mid, (person.email or "").lower(), person.first_name, person.last_name) in known:
            continue
        ref = base = slugify(f"{person.first_name} {person.last_name}") or "contact"
        counter = 2
        while ref in refs:
            ref, counter = f"{base}-{counter}", counter + 1
        refs.add(ref)
        created.append(
            Person(
                network=nid,
                member=mid,
                ref=ref,
                first_name=person.first_name,
                last_name=person.last_name,
                email=person.email,
                phone=person.phone,
            )
        )
    return created


async def _write(nid: int, plan: _Plan, progress: Callable[[int], None]) -> tuple[int, int]:
    """Write the plan; return the number of people and membership periods created."""
    members = [Member(network=nid, ref=row.ref, **values) for row, values in plan.creates]
    await insert_in_chunks(Member, members, progress)
    for member_id, changed in plan.updates:
        await (
            Member.update({getattr(Member, k): v for k, v in changed.items()})
            .where(Member.id == member_id)
            .run()
        )
        progress(1)
    ids = {
        r["ref"]: r["id"]
        for r in await Member.select(Member.id, Member.ref).where(Member.network == nid).run()
    }
    rows_by_id = {**plan.matched, **{ids[row.ref]: row for row, _ in plan.creates}}
    with_periods = {
        r["member"]
        for r in await Membership.select(Membership.member).where(Membership.network == nid).run()
    }
    periods = [
        Membership(network=nid, member=mid, starts_on=row.joined_on, reason="joined")
        for mid, row in rows_by_id.items()
        if row.joined_on is not None and mid not in with_periods
    ]
    people = await _new_people(nid, rows_by_id)
    await insert_in_chunks(Membership, periods)
    await insert_in_chunks(Person, people)
    return len(people), len(periods)


async def import_members(
    network_ref: str,
    content: bytes,
    filename: str,
    *,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = True,
    remember_mapping: bool = False,
    max_bytes: int = spreadsheet.MAX_BYTES,
    progress: Callable[[int], None] = lambda _: None,
) -> ImportReport:
    """Check a member list and plan its import; write it (all or nothing) unless ``dry_run``.

    Every problem of every row is reported at once (as InvalidError) and nothing is written.
    """
    nid = await service.network_id(network_ref)
    parsed = await _parse(nid, content, filename, mapping, max_bytes)
    plan = await _plan(nid, parsed, dry_run)
    if dry_run:
        return plan.report
    async with transaction():
        people, periods = await _write(nid, plan, progress)
        if remember_mapping or mapping is not None:
            await save_mapping(nid, parsed.mapping)
        report = plan.report
        await audit.record(
            "members.import",
            network=nid,
            object_type="import",
            object_ref=filename,
            after={
                "created": report.created,
                "updated": {str(mid): changed for mid, changed in plan.updates},
                "people_created": people,
                "memberships_created": periods,
            },
        )
    return ImportReport(
        dry_run=False,
        mapping=parsed.mapping,
        header_row=parsed.header_row,
        ignored_columns=parsed.ignored_columns,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        people_created=people,
        memberships_created=periods,
    )


async def export_members(network_ref: str, fmt: str) -> bytes:
    """The network's members as CSV or XLSX, in the import's own columns (so it re-imports)."""
    nid = await service.network_id(network_ref)
    members = await Member.select().where(Member.network == nid).order_by(Member.ref).run()
    first_period: dict[int, Any] = {}
    for p in (
        await Membership.select(Membership.member, Membership.starts_on)
        .where(Membership.network == nid)
        .order_by(Membership.starts_on)
        .run()
    ):
        first_period.setdefault(p["member"], p["starts_on"])
    contact: dict[int, dict[str, Any]] = {}
    for p in await Person.select().where(Person.network == nid).order_by(Person.ref).run():
        contact.setdefault(p["member"], p)
    rows = []
    for m in members:
        person = contact.get(m["id"], {})
        rows.append(
            {
                **{k: m[k] for k in ("ref", *_COMPARED)},
                "headcount_fte": service.fte_out(m["headcount_fte"]),
                "joined_on": first_period.get(m["id"]),
                "person_last_name": person.get("last_name", ""),
                "person_first_name": person.get("first_name", ""),
                "person_email": person.get("email") or "",
                "person_phone": person.get("phone", ""),
            }
        )
    return spreadsheet.export_members(rows, "xlsx" if fmt == "xlsx" else "csv")


async def import_job(ctx: JobContext) -> dict[str, Any]:
    """The ``import.members`` job: a large member list imported in the background, as
    :func:`import_members` would on the request (the same checks, all or nothing)."""
    args = ctx.args
    return await import_from_upload(
        ctx,
        lambda content: import_members(
            args["network"],
            content,
            args["filename"],
            mapping=args.get("mapping"),
            dry_run=bool(args["dry_run"]),
            remember_mapping=bool(args.get("save_mapping")),
            max_bytes=len(content),
        ),
    )


IMPORT_JOB = Kind(
    "import.members",
    import_job,
    max_attempts=2,
    readers=frozenset({Role.coordinator}),
    description="A member list imported in the background (all or nothing).",
)
