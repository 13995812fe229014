"""Importing contributions from a spreadsheet: dry run, then all or nothing.

The file is read by :mod:`raviv.spreadsheet.reading` (CSV, XLSX, ODS; French dates and decimals)
and each row is held to the rules of ``POST …/contributions`` for a coordinator, by calling the
same checks of :mod:`raviv.ledger.contributions`: the giver was an active member that day, the
receiver exists and is not the giver, the quantity is positive with 3 decimals at most, the unit
fits the form, a rate values a validated entry. Every problem of every row is reported, in
English and French, by row and column; if there is one, nothing is written. Otherwise every row
is inserted in one transaction, with one audit line ``contributions.import``.

Entries are never edited, so importing the same file again creates nothing: a row whose
``Référence`` is in the ledger with the same content is ``unchanged`` (with other content, it is a
problem), and a row without one gets a ref derived from its content (``imp-`` and a hash).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import anyio.to_thread
import msgspec

from raviv.db import insert_in_chunks, transaction
from raviv.errors import FieldProblem, InvalidError
from raviv.guard import audit
from raviv.guard.roles import Role
from raviv.jobs.kinds import JobContext, Kind
from raviv.jobs.uploads import import_from_upload
from raviv.ledger import contributions, schemas
from raviv.ledger.tables import Contribution
from raviv.ledger.working_life import member_id
from raviv.lib import amounts
from raviv.registry.service import network_id
from raviv.spreadsheet import reading as spreadsheet
from raviv.spreadsheet import worker as sheet_worker
from raviv.spreadsheet.problems import refuse_file, row_problem
from raviv.spreadsheet.reading import InvalidCell, RowCheck, header_key
from raviv.vocabulary import FORM_UNITS, ContributionStatus, Form, Unit

T = TypeVar("T")

#: The columns, by field: the first spelling is the default header; matching ignores case,
#: accents and punctuation, as for member lists.
HEADERS: dict[str, tuple[str, ...]] = {
    "giver": ("Donneur", "Donneuse", "Donateur", "Giver"),
    "receiver": ("Bénéficiaire", "Receveur", "Destinataire", "Receiver"),
    "form": ("Forme", "Nature", "Form"),
    "quantity": ("Quantité", "Qté", "Quantity"),
    "unit": ("Unité", "Unit"),
    "date": ("Date", "Jour", "Day"),
    "note": ("Note", "Description", "Commentaire", "Objet"),
    "ref": ("Référence", "Réf.", "Identifiant", "Reference", "Ref"),
    "status": ("Statut", "État", "Status"),
}
REQUIRED = ("giver", "receiver", "form", "quantity", "date")

FORM_LABELS: dict[Form, tuple[str, ...]] = {
    Form.time: ("temps", "temps de travail"),
    Form.knowledge: ("savoir", "savoirs", "partage de savoir", "formation"),
    Form.equipment: ("matériel", "prêt de matériel"),
    Form.premises: ("locaux", "partage de locaux"),
    Form.coproduction: ("co-production", "co-réalisation", "coréalisation"),
    Form.shared_staff: ("emploi partagé", "mise à disposition de personnel"),
    Form.money: ("argent", "apport financier"),
}
UNIT_LABELS: dict[Unit, tuple[str, ...]] = {
    Unit.hours: ("heures", "heure", "h"),
    Unit.person_hours: ("personnes-heures",),
    Unit.item_days: ("jours-objet", "objets-jours", "jours"),
    Unit.room_hours: ("heures-salle", "salle-heures"),
    Unit.m2_days: ("m²-jours", "m2-days"),
    Unit.euros: ("€", "euro", "eur"),
}
STATUS_LABELS: dict[ContributionStatus, tuple[str, ...]] = {
    ContributionStatus.validated: ("validée", "validé", "valide"),
    ContributionStatus.submitted: ("soumise", "soumis", "en attente"),
}
_NETWORK = frozenset({"reseau", "le reseau", "network", "the network"})
_RECEIVER_KINDS = {
    "groupe": "group",
    "group": "group",
    "projet": "project",
    "project": "project",
    "membre": "member",
    "member": "member",
    "adherent": "member",
}

#: The French of the contributions service's messages (it speaks English only).
_FRENCH = {
    "must be more than 0": "doit être supérieure à 0",
    "at most 3 decimals, and not absurdly large": "3 décimales au plus, et pas démesurée",
    "no such member in this network": "aucun adhérent du réseau n'a cette référence",
    "no such group in this network": "aucun groupe de travail du réseau n'a cette référence",
    "no such project in this network": "aucun projet mutualisé du réseau n'a cette référence",
    "the giver was not an active member on that day": (
        "le donneur n'était pas adhérent actif ce jour-là"
    ),
}
_NO_RATE = ": a coordinator sets one first"


class ContributionImportReport(msgspec.Struct, kw_only=True):
    dry_run: bool
    columns: dict[str, str]  # field → the header it was read from
    created: list[str]  # refs of the entries created (or that a real import would create)
    unchanged: list[str]  # refs already in the ledger with the same content
    validated: int  # of the created, those validated at once (the others are submitted)
    value_eur: Decimal  # the value frozen on them
    header_row: int = 1  # the spreadsheet line the headers were read from


@dataclass(frozen=True, slots=True)
class _Entry:
    """One row as read: a field is None when its cell has a problem (``complete`` is False)."""

    line: int
    cells: dict[str, str]
    complete: bool
    ref: str  # as written; empty when it is to be derived from the content
    giver: schemas.Giver | None
    receiver: schemas.Receiver | None
    form: Form | None
    unit: Unit
    milli: int
    date: date | None
    note: str
    status: ContributionStatus

    def as_row(self) -> dict[str, Any]:
        """The keys :func:`contributions.fingerprint` reads from a stored entry."""
        assert self.complete, "an incomplete row has no content"
        assert self.giver is not None
        assert self.form is not None
        kinds = ("group", "project", "member")
        return {
            "giver_ref": self.giver.member,
            "receiver_kind": next((k for k in kinds if getattr(self.receiver, k)), "network"),
            **{f"receiver_{k}_ref": getattr(self.receiver, k) for k in kinds},
            "form": self.form.value,
            "unit": self.unit.value,
            "quantity_milli": self.milli,
            "date": self.date,
            "note": self.note,
        }


def _content(row: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two entries the same: all a row says but its ref and status."""
    return (*contributions.fingerprint(row), row["unit"], row["note"])


def _derived_ref(content: str, occurrence: int) -> str:
    """The ref of a row without one: the same row always gets the same ref (the n-th of identical
    rows, the n-th ref), so a file imported twice creates nothing the second time."""
    return "imp-" + hashlib.sha256(f"{content}#{occurrence}".encode()).hexdigest()[:12]


# -- reading the rows -----------------------------------------------------------------------------


def _labels(labels: Mapping[T, tuple[str, ...]]) -> dict[str, T]:
    """Label → value, by ``header_key``; each value also answers to its own name."""
    found: dict[str, T] = {}
    for value, spellings in labels.items():
        for spelling in (str(value), *spellings):
            found[header_key(spelling) or spelling] = value
    return found


_FORMS, _UNITS, _STATUSES = _labels(FORM_LABELS), _labels(UNIT_LABELS), _labels(STATUS_LABELS)


def _accepted(labels: Mapping[T, tuple[str, ...]]) -> str:
    return ", ".join(f"{spellings[0]} ({value})" for value, spellings in labels.items())


def _lookup(found: Mapping[str, T], text: str) -> T | None:
    return found.get(header_key(text) or text.strip())


def _required(text: str, en: str, fr: str) -> str:
    if not text:
        raise InvalidCell(f"the {en} is required", f"{fr} obligatoire")
    return text


def _parse_giver(text: str) -> schemas.Giver:
    _required(text, "giver", "le donneur est")
    if header_key(text) in _NETWORK:
        return schemas.Giver(network=True)
    return schemas.Giver(member=spreadsheet.parse_ref(text))


def _parse_receiver(text: str) -> schemas.Receiver:
    _required(text, "receiver", "le bénéficiaire est")
    if header_key(text) in _NETWORK:
        return schemas.Receiver(network=True)
    prefix, colon, ref = text.partition(":")
    kind = _RECEIVER_KINDS.get(header_key(prefix)) if colon else "member"
    if kind is None:
        raise InvalidCell(
            "write réseau, a member's ref, groupe:<ref> or projet:<ref>",
            "écrivez réseau, la référence d'un adhérent, groupe:<réf> ou projet:<réf>",
        )
    ref = spreadsheet.parse_ref((ref if colon else text).strip())
    return msgspec.convert({kind: ref}, schemas.Receiver)


def _parse_form(text: str) -> Form:
    _required(text, "form", "la forme est")
    form = _lookup(_FORMS, text)
    if form is None:
        if header_key(text) in {"meeting", "reunion"}:
            raise InvalidCell(
                "meeting hours come from the attendance lists, not from an import",
                "les heures de réunion viennent des feuilles de présence, pas d'un import",
            )
        raise InvalidCell(
            f"unknown form; accepted: {_accepted(FORM_LABELS)}",
            f"forme inconnue ; valeurs acceptées : {_accepted(FORM_LABELS)}",
        )
    return form


def _parse_unit(text: str) -> Unit | None:
    if not text:
        return None
    unit = _lookup(_UNITS, text)
    if unit is None:
        raise InvalidCell(
            f"unknown unit; accepted: {_accepted(UNIT_LABELS)}",
            f"unité inconnue ; valeurs acceptées : {_accepted(UNIT_LABELS)}",
        )
    return unit


def _parse_quantity(text: str) -> int:
    """French or English decimals ("1,5", "1.5", "1 234,5"), as thousandths of the unit."""
    compact = spreadsheet.SPACES.sub("", text)
    _required(compact, "quantity", "la quantité est")
    if not spreadsheet.DECIMAL.fullmatch(compact):
        raise InvalidCell("not a number (e.g. 1,5)", "nombre illisible (par exemple 1,5)")
    try:
        return contributions.quantity_milli(Decimal(compact.replace(",", ".")))
    except InvalidError as exc:
        message = exc.errors[0].message
        raise InvalidCell(message, _FRENCH.get(message, message)) from None


def parse_date(text: str) -> date:
    day = spreadsheet.parse_date(_required(text, "date", "la date est"))
    assert day is not None  # only an empty cell gives none
    return day


def _parse_status(text: str) -> ContributionStatus:
    if not text:  # a coordinator imports: validated, as a coordinator's own entries are
        return ContributionStatus.validated
    status = _lookup(_STATUSES, text)
    if status is None:
        raise InvalidCell(
            "unknown status; accepted: validée (validated), soumise (submitted)",
            "statut inconnu ; valeurs acceptées : validée, soumise",
        )
    return status


def find_columns(table: spreadsheet.SheetTable) -> tuple[dict[str, str], list[FieldProblem]]:
    """Field → header for each known column, and a problem for each required one missing."""
    by_key: dict[str, str] = {}
    for header in table.headers:
        by_key.setdefault(header_key(header), header)
    columns: dict[str, str] = {}
    for field, spellings in HEADERS.items():
        found = next((by_key[header_key(s)] for s in spellings if header_key(s) in by_key), None)
        if found is not None:
            columns[field] = found
    missing = [
        FieldProblem(
            HEADERS[field][0],
            f"the file has no column '{HEADERS[field][0]}' (or '{HEADERS[field][-1]}')",
            row=table.header_line,
            message_fr=f"le fichier n'a pas de colonne « {HEADERS[field][0]} »",
        )
        for field in REQUIRED
        if field not in columns
    ]
    return columns, missing


def _header_score(headers: Sequence[str]) -> int:
    """How many known columns a candidate header row names; 0 when a required one lacks."""
    table = spreadsheet.SheetTable(headers=list(headers), rows=[])
    columns, missing = find_columns(table)
    return 0 if missing else len(columns)


def parse_ref(text: str) -> str:
    return spreadsheet.parse_ref(text) if text else ""


def read_entries(
    table: spreadsheet.SheetTable, columns: dict[str, str]
) -> tuple[list[_Entry], list[spreadsheet.RowProblem]]:
    """Every non-empty row checked on its own (nothing of the ledger yet), and every problem."""
    problems: list[spreadsheet.RowProblem] = []
    entries: list[_Entry] = []
    ref_lines: dict[str, int] = {}
    for index, cells in enumerate(table.rows):
        if not any(cells.values()):
            continue
        row = RowCheck(table.line(index), cells, columns, problems)
        giver = row.parse("giver", _parse_giver, None)
        receiver = row.parse("receiver", _parse_receiver, None)
        form = row.parse("form", _parse_form, None)
        unit = row.parse("unit", _parse_unit, None)
        ref = row.parse("ref", parse_ref, "")
        if form is not None:
            unit = unit or FORM_UNITS[form][0]
            if unit not in FORM_UNITS[form]:
                accepted = ", ".join(u.value for u in FORM_UNITS[form])
                row.report(
                    "unit",
                    f"{form.value} is counted in {accepted}",
                    f"la forme {form.value} se compte en {accepted}",
                )
        if giver and receiver and giver.member and giver.member == receiver.member:
            row.report("receiver", "the receiver is the giver", "le bénéficiaire est le donneur")
        if ref in ref_lines:
            row.report(
                "ref",
                f"the ref '{ref}' is already used on row {ref_lines[ref]}",
                f"la référence « {ref} » est déjà utilisée ligne {ref_lines[ref]}",
            )
        elif ref:
            ref_lines[ref] = row.line
        entry = _Entry(
            line=row.line,
            cells=cells,
            complete=False,
            ref=ref,
            giver=giver,
            receiver=receiver,
            form=form,
            unit=unit or Unit.hours,  # a stand-in when the form is unreadable
            milli=row.parse("quantity", _parse_quantity, 0),
            date=row.parse("date", parse_date, None),
            note=row.parse("note", spreadsheet.limited_text(2000), ""),
            status=row.parse("status", _parse_status, ContributionStatus.validated),
        )
        entries.append(replace(entry, complete=row.valid))
    return entries, problems


# -- checking against the ledger ------------------------------------------------------------------


class _Checks:
    """Runs the contributions service's checks on one row, turning each refusal into a problem
    on the row's column (so a row with two faults shows both)."""

    def __init__(self, entry: _Entry, columns: dict[str, str], problems: list[FieldProblem]):
        self.entry, self.columns, self.problems = entry, columns, problems
        self.passed = True

    async def run(self, check: Awaitable[T]) -> T | None:
        try:
            return await check
        except InvalidError as exc:
            self.passed = False
            self.problems.extend(self._problem(p) for p in exc.errors)
            return None

    def _problem(self, problem: FieldProblem) -> FieldProblem:
        field = problem.field.split(".")[0]
        column = self.columns.get(field, HEADERS.get(field, (field,))[0])
        french = _FRENCH.get(problem.message, problem.message)
        if problem.message.endswith(_NO_RATE):
            french = (
                f"aucun taux du réseau ne valorise la forme {problem.value} à cette date : un "
                "coordinateur en fixe un d'abord (ou importez la ligne comme soumise)"
            )
        return FieldProblem(
            column,
            problem.message,
            value=self.entry.cells.get(column, problem.value),
            row=self.entry.line,
            message_fr=french,
        )


async def _checked(
    nid: int, entry: _Entry, checks: _Checks, account: int | None, now: datetime
) -> Contribution | None:
    """The row as ``contributions.create`` inserts a coordinator's entry, or None after
    reporting why not. The checks whose cells were read are run even on an incomplete row."""
    giver, on, form = entry.giver, entry.date, entry.form
    giver_id = None
    if giver is not None and giver.member:
        giver_id = await checks.run(member_id(nid, giver.member, "giver.member"))
    receiver = None
    if entry.receiver is not None:
        receiver = await checks.run(contributions.receiver_ids(nid, entry.receiver))
    if giver_id is not None and on is not None:
        await checks.run(contributions.check_membership(giver_id, on))
    values: dict[str, Any] = {"status": entry.status.value}
    if entry.status is ContributionStatus.validated and form and on and entry.milli:
        frozen = await checks.run(contributions.frozen_value(nid, form, on, "", entry.milli))
        if frozen is not None:
            values |= {
                "rate_cents": frozen[0],
                "value_cents": frozen[1],
                "validated_by": account,
                "validated_at": now,
            }
    if not (entry.complete and checks.passed and receiver and form and on):
        return None
    kind, receiver_ids = receiver
    values |= {
        "network": nid,
        "ref": entry.ref,
        "giver_member": giver_id,
        "receiver_kind": kind.value,
        **receiver_ids,
        "form": form.value,
        "unit": entry.unit.value,
        "quantity_milli": entry.milli,
        "date": on,
        "note": entry.note,
        "created_by": account,
        "created_at": now,
    }
    return Contribution(**values)


def _edited(entry: _Entry, column: str) -> FieldProblem:
    return FieldProblem(
        column,
        f"the entry '{entry.ref}' is already in the ledger with other content; entries are never"
        " edited: reverse it, then import the right one under another ref",
        value=entry.ref,
        row=entry.line,
        message_fr=(
            f"l'entrée « {entry.ref} » figure déjà au registre avec un autre contenu ; une entrée "
            "n'est jamais modifiée : annulez-la, puis importez la bonne sous une autre référence"
        ),
    )


def _with_refs(entries: list[_Entry]) -> list[_Entry]:
    """Complete rows without a ref get the one derived from their content."""
    seen: dict[str, int] = {}
    named = []
    for entry in entries:
        if not entry.complete or entry.ref:
            named.append(entry)
            continue
        content = json.dumps(_content(entry.as_row()), default=str, ensure_ascii=False)
        seen[content] = seen.get(content, 0) + 1
        named.append(replace(entry, ref=_derived_ref(content, seen[content])))
    return named


async def _stored(nid: int, refs: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(refs), 500):
        chunk = refs[start : start + 500]
        rows = (
            await Contribution.select(*contributions.ENTRY_COLUMNS)
            .where((Contribution.network == nid) & Contribution.ref.is_in(chunk))
            .run()
        )
        found.update((r["ref"], dict(r)) for r in rows)
    return found


async def _plan(
    nid: int, entries: list[_Entry], columns: dict[str, str], *, account: int | None
) -> tuple[list[Contribution], ContributionImportReport, list[FieldProblem]]:
    """What to insert, the report, and the problems only the ledger reveals."""
    entries = _with_refs(entries)
    stored = await _stored(nid, [e.ref for e in entries if e.complete])
    now = datetime.now(UTC)
    rows: list[Contribution] = []
    unchanged: list[str] = []
    problems: list[FieldProblem] = []
    for entry in entries:
        if entry.complete and entry.ref in stored:
            if _content(stored[entry.ref]) == _content(entry.as_row()):
                unchanged.append(entry.ref)
            else:
                problems.append(_edited(entry, columns.get("ref", HEADERS["ref"][0])))
            continue
        row = await _checked(nid, entry, _Checks(entry, columns, problems), account, now)
        if row is not None:
            rows.append(row)
    frozen = [row.value_cents for row in rows if row.value_cents is not None]
    report = ContributionImportReport(
        dry_run=True,
        columns=columns,
        created=[row.ref for row in rows],
        unchanged=unchanged,
        validated=len(frozen),
        value_eur=amounts.euros(sum(frozen)),
    )
    return rows, report, problems


# -- the import -----------------------------------------------------------------------------------


async def import_contributions(
    network_ref: str,
    content: bytes,
    filename: str,
    *,
    dry_run: bool = True,
    account: int | None = None,
    max_bytes: int = spreadsheet.MAX_BYTES,
) -> ContributionImportReport:
    """Check a file of contributions and plan its import; write it (all or nothing) unless
    ``dry_run``. ``account`` logs and validates the entries (none from the command line).

    Every problem of every row is reported at once (as InvalidError) and nothing is written.
    """
    nid = await network_id(network_ref)
    try:
        cells = await sheet_worker.read_cells(content, filename, max_bytes=max_bytes)
        table = spreadsheet.table_from_cells(cells, header=_header_score)
    except spreadsheet.SpreadsheetError as exc:
        raise refuse_file(exc) from None
    columns, missing = find_columns(table)
    if missing:
        raise InvalidError(
            f"{len(missing)} required column(s) missing; nothing was imported", errors=missing
        )
    entries, row_problems = await anyio.to_thread.run_sync(read_entries, table, columns)

    async def plan() -> tuple[list[Contribution], ContributionImportReport]:
        rows, report, problems = await _plan(nid, entries, columns, account=account)
        report = msgspec.structs.replace(report, header_row=table.header_line)
        problems = sorted([*map(row_problem, row_problems), *problems], key=lambda p: p.row or 0)
        if problems:
            raise InvalidError(
                f"{len(problems)} problem(s) in the file; nothing was imported", errors=problems
            )
        return rows, report

    if dry_run:
        return (await plan())[1]
    async with transaction():  # the checks see the ledger the writes change
        rows, report = await plan()
        await insert_in_chunks(Contribution, rows)
        await audit.record(
            "contributions.import",
            network=nid,
            object_type="import",
            object_ref=filename,
            after={
                "created": report.created,
                "unchanged": report.unchanged,
                "validated": report.validated,
                "submitted": len(report.created) - report.validated,
                "value_eur": report.value_eur,
            },
        )
    return msgspec.structs.replace(report, dry_run=False)


async def import_job(ctx: JobContext) -> dict[str, Any]:
    """The ``import.contributions`` job: a large file of contributions imported in the
    background, as :func:`import_contributions` would on the request (all or nothing)."""
    args = ctx.args
    return await import_from_upload(
        ctx,
        lambda content: import_contributions(
            args["network"],
            content,
            args["filename"],
            dry_run=bool(args["dry_run"]),
            account=args.get("account"),
            max_bytes=len(content),
        ),
    )


IMPORT_JOB = Kind(
    "import.contributions",
    import_job,
    max_attempts=2,
    readers=frozenset({Role.coordinator}),
    description="A file of contributions imported in the background (all or nothing).",
)
