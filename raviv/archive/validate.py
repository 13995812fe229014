"""Reading an archive: every problem in one pass, then the typed :class:`Archive` — or nothing.

The document is decoded to plain JSON data first, then read field by field against the Structs
of :mod:`raviv.archive.schema` (msgspec alone would stop at the first type error). A value of the
wrong type is reported and its object left out; everything else is still read, so one bad item
hides nothing else. Checks that need several objects (unique and known refs, reversals, overlapping
periods) then run over what could be read. Refs are collected from the raw document, so a member
with a bad date does not also make every reference to it "unknown".
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import types
import typing
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache, partial
from typing import Annotated, Any, Literal, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from raviv.archive.schema import (
    DECIMAL_PATTERN,
    Archive,
    Attendance,
    Contribution,
    Criterion,
    Enrolment,
    Exemption,
    Giver,
    Meeting,
    Member,
    Membership,
    Network,
    Rate,
    Receiver,
    RuleSet,
    SharedProject,
    WorkingGroup,
)
from raviv.lib.bounds import date_problem, escaped, multiline, text_problem
from raviv.lib.identity import creation_year_problem, fiscal_year_start_problem, rna_problem
from raviv.lib.siret import siret_problem
from raviv.vocabulary import FORM_UNITS, CriterionName, Form

SHOWN_CHARACTERS = 120


@dataclass(frozen=True, slots=True)
class ArchiveProblem:
    """One thing wrong with an archive: where (``members[2].siret``), what, and why."""

    path: str
    value: str
    reason: str


class ArchiveInvalid(ValueError):
    """The archive cannot be imported; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: Sequence[ArchiveProblem]) -> None:
        self.problems = list(problems)
        listed = "; ".join(f"{p.path or '(document)'}: {p.reason}" for p in self.problems[:5])
        more = f"; and {len(self.problems) - 5} more" if len(self.problems) > 5 else ""
        super().__init__(f"invalid archive, {len(self.problems)} problem(s): {listed}{more}")


def parse_archive(raw: bytes | str | dict[str, Any]) -> Archive:
    """The archive in ``raw`` (JSON text, or JSON data already decoded), fully validated.

    Raises :class:`ArchiveInvalid` naming every problem found; nothing else escapes.
    """
    document = _decode(raw)
    reader = _Reader()
    values, _ = reader.fields(Archive, document, "")
    draft = _Draft(
        network=values.get("network"),
        members=values.get("members", []),
        working_groups=values.get("working_groups", []),
        shared_projects=values.get("shared_projects", []),
        meetings=values.get("meetings", []),
        contributions=values.get("contributions", []),
        rule_sets=values.get("rule_sets", []),
        exemptions=values.get("exemptions", []),
    )
    problems = [*reader.problems, *_cross_checks(document, draft, reader)]
    if problems:
        raise ArchiveInvalid(sorted(problems, key=_document_order))
    return Archive(**values)


# -- decoding -------------------------------------------------------------------------------------


def _decode(raw: object) -> object:
    if isinstance(raw, dict):
        return raw
    if isinstance(raw, bytes | bytearray):
        try:
            raw = bytes(raw).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ArchiveInvalid(
                [ArchiveProblem("", f"byte {error.start}", "the archive is not UTF-8 text")]
            ) from None
    if not isinstance(raw, str):
        reason = "expected JSON text or a decoded JSON object"
        raise ArchiveInvalid([ArchiveProblem("", type(raw).__name__, reason)])
    try:
        return json.loads(raw, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        excerpt = error.doc[max(0, error.pos - 20) : error.pos + 20]
        reason = f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        raise ArchiveInvalid([ArchiveProblem("", excerpt, reason)]) from None
    except ValueError as error:  # NaN/Infinity, or an integer too long to convert
        raise ArchiveInvalid([ArchiveProblem("", "", f"not valid JSON: {error}")]) from None
    except RecursionError:
        raise ArchiveInvalid([ArchiveProblem("", "", "JSON nested too deeply")]) from None


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


# -- reading typed values -------------------------------------------------------------------------

_FAILED: Any = object()  # a value that could not be read (its problem is already recorded)
_DECIMAL = re.compile(DECIMAL_PATTERN)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AT = re.compile(r" - at `\$(.*)`$")


class _Reader:
    """Reads JSON data into Structs, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[ArchiveProblem] = []
        self._paths: dict[int, str] = {}

    def at(self, obj: object, field: str = "") -> str:
        """The path of a Struct this reader built, or of one of its fields."""
        return _join(self._paths[id(obj)], field)

    def problem(self, path: str, value: object, reason: str) -> None:
        self.problems.append(ArchiveProblem(path, _show(value), reason))

    def fields(
        self, cls: type[msgspec.Struct], raw: object, path: str
    ) -> tuple[dict[str, Any], bool]:
        """The fields of ``cls`` that could be read (by Python name), and whether all could."""
        if not isinstance(raw, dict):
            self.problem(path, raw, "expected an object")
            return {}, False
        values: dict[str, Any] = {}
        complete = True
        for field in _struct_fields(cls):
            here = _join(path, field.encode_name)
            if field.encode_name not in raw:
                if field.required:
                    self.problems.append(ArchiveProblem(here, "", "missing (required)"))
                    complete = False
                continue
            given = raw[field.encode_name]
            value = self.value(field.type, given, here)
            if value is _FAILED:
                complete = False
                continue
            check = _FIELD_CHECKS.get((cls, field.name))
            if check is not None and value is not None and (reason := check(value)):
                self.problem(here, given, reason)
            if not field.required and type(value) is str and value == field.default:
                # the default itself, not an equal string: msgspec leaves out of a dump only
                # the default object, and an extension at its default is left out
                value = field.default
            values[field.name] = value
        return values, complete

    def struct(self, cls: type[msgspec.Struct], raw: object, path: str) -> Any:
        values, complete = self.fields(cls, raw, path)
        if not complete:
            return _FAILED
        obj = cls(**values)
        self._paths[id(obj)] = path
        check = _STRUCT_CHECKS.get(cls)
        if check is not None:
            self.problems.extend(check(obj, self))
        return obj

    def value(self, tp: Any, raw: object, path: str) -> Any:
        kind, inner = _kind(tp)
        if kind == "struct":
            return self.struct(inner, raw, path)
        if kind == "list":
            return self.list(inner, raw, path)
        if kind == "decimal":
            return self.decimal(tp, raw, path)
        return self.leaf(tp, raw, path)

    def list(self, item: Any, raw: object, path: str) -> Any:
        """A list; a Struct item that cannot be read is left out, any other bad item fails it
        (a list of refs with a hole would shift the paths of the refs after it)."""
        if not isinstance(raw, list):
            self.problem(path, raw, f"expected a list of {_expected(item)}")
            return _FAILED
        values = [self.value(item, element, f"{path}[{i}]") for i, element in enumerate(raw)]
        if _kind(item)[0] != "struct" and any(v is _FAILED for v in values):
            return _FAILED
        return [v for v in values if v is not _FAILED]

    def decimal(self, tp: Any, raw: object, path: str) -> Any:
        """Decimals are kept as written; an int stays an int where the type allows one."""
        kinds = _alternatives(_strip(tp))
        value: Decimal | int | None = None
        if raw is None and type(None) in kinds:
            return None
        if isinstance(raw, int) and not isinstance(raw, bool):
            value = raw if int in kinds else Decimal(raw)
        elif isinstance(raw, float) and math.isfinite(raw):
            value = Decimal(repr(raw))
        elif isinstance(raw, Decimal) and raw.is_finite():
            value = raw
        elif isinstance(raw, str) and _DECIMAL.fullmatch(raw):
            value = Decimal(raw)
        if value is None:
            self.problem(path, raw, f"expected {_expected(tp)}")
            return _FAILED
        if isinstance(value, Decimal) and "E" in str(value):
            # 3.6e16 or 1E+3 read from a JSON number: kept in plain digits, so the archive
            # writes back as the format's decimal strings and reads again the same.
            value = Decimal(format(value, "f"))
        for extra in _extras(tp):
            if "gt" in extra and not value > extra["gt"]:
                self.problem(path, raw, f"must be more than {extra['gt']}")
            if "ge" in extra and not value >= extra["ge"]:
                self.problem(path, raw, f"must be {extra['ge']} or more")
        return value

    def leaf(self, tp: Any, raw: object, path: str) -> Any:
        try:
            value = msgspec.convert(raw, tp)
        except msgspec.ValidationError as error:
            message = str(error)
            inner = _AT.search(message)
            suffix = inner[1] if inner else ""
            wrong_shape = message.startswith("Expected `") and "`, got `" in message
            custom = next((e["reason"] for e in _extras(tp) if "reason" in e), None)
            reason = custom if custom and not wrong_shape else f"expected {_expected(tp)}"
            if (
                isinstance(raw, str)
                and _DAY.fullmatch(raw)
                and dt.date in _alternatives(_strip(tp))
            ):
                reason = "no such day in the calendar"
            self.problem(path + suffix, _dig(raw, suffix), reason)
            return _FAILED
        if reason := _bounds_problem(value, path):
            self.problem(path, raw, reason)
            return _FAILED
        return value


def _bounds_problem(value: object, path: str) -> str | None:
    """Why a date or a text read from the archive is refused (:mod:`raviv.lib.bounds`), or None.
    A day outside the accepted range would break period arithmetic later; a control character
    breaks PostgreSQL (NUL) and the graph, spreadsheets and feeds that carry it."""
    if isinstance(value, dt.date):
        return date_problem(value)
    if isinstance(value, str):
        return text_problem(value, multiline=multiline(path))
    return None


@cache
def _kind(tp: Any) -> tuple[Literal["struct", "list", "decimal", "leaf"], Any]:
    """How a value of this type is read (and the Struct or item type involved)."""
    base = _strip(tp)
    if _is_struct(base):
        return "struct", base
    if get_origin(base) is list:
        return "list", get_args(base)[0]
    if Decimal in _alternatives(base):
        return "decimal", None
    return "leaf", None


@cache
def _struct_fields(cls: type[msgspec.Struct]) -> tuple[msgspec.structs.FieldInfo, ...]:
    return msgspec.structs.fields(cls)


def _strip(tp: Any) -> Any:
    """The type without its ``Annotated`` metadata."""
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


@cache
def _alternatives(tp: Any) -> tuple[Any, ...]:
    """The members of a union (each stripped), or the type itself."""
    if get_origin(tp) in (typing.Union, types.UnionType):
        return tuple(_strip(arg) for arg in get_args(tp))
    return (tp,)


@cache
def _extras(tp: Any) -> tuple[dict[str, Any], ...]:
    """The ``extra`` dicts of every msgspec Meta on the type and on its union members."""
    found: list[dict[str, Any]] = []
    if get_origin(tp) is Annotated:
        base, *metadata = get_args(tp)
        found += [m.extra for m in metadata if isinstance(m, msgspec.Meta) and m.extra]
        found += _extras(base)
    elif get_origin(tp) in (typing.Union, types.UnionType):
        for arg in get_args(tp):
            found += _extras(arg)
    return tuple(found)


def _is_struct(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, msgspec.Struct)


def _expected(tp: Any) -> str:
    """What a value of this type looks like, in words."""
    base = _strip(tp)
    if get_origin(base) in (typing.Union, types.UnionType):
        return " or ".join(dict.fromkeys(_expected(arg) for arg in get_args(base)))
    if get_origin(base) is Literal:
        return " or ".join(f'"{v}"' for v in get_args(base))
    if get_origin(base) is list:
        return f"a list of {_expected(get_args(base)[0])}"
    if isinstance(base, type) and issubclass(base, Enum):
        return "one of " + ", ".join(str(member.value) for member in base)
    if _is_struct(base):
        return "an object"
    return _WORDS.get(base, str(base))


_WORDS: dict[Any, str] = {
    type(None): "null",
    bool: "true or false",
    int: "a whole number",
    str: "a string",
    dt.date: "a date written YYYY-MM-DD",
    Decimal: 'a decimal number written like "12.50"',
}


def _join(path: str, field: str) -> str:
    if not field:
        return path
    return f"{path}.{field}" if path else field


def _dig(raw: object, suffix: str) -> object:
    """The part of ``raw`` that a msgspec error suffix such as ``[2]`` points to."""
    for key, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", suffix):
        if index and isinstance(raw, list) and int(index) < len(raw):
            raw = raw[int(index)]
        elif key and isinstance(raw, dict) and key in raw:
            raw = raw[key]
        else:
            break
    return raw


def _show(value: object) -> str:
    """A value as the problem list shows it: strings as they are, the rest as compact JSON."""
    if isinstance(value, str):
        shown = value
    else:
        if isinstance(value, msgspec.Struct):
            value = msgspec.to_builtins(value)
        try:
            shown = json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))
        except (TypeError, ValueError, RecursionError):
            shown = type(value).__name__
    # A control character is shown escaped: the problem list is printed on terminals too.
    shown = escaped(shown)
    if len(shown) > SHOWN_CHARACTERS:
        return shown[: SHOWN_CHARACTERS - 1] + "…"
    return shown


# -- checks on one value --------------------------------------------------------------------------


def _timezone_problem(name: str) -> str | None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return "expected an IANA time zone, e.g. Europe/Paris"
    return None


_FIELD_CHECKS: dict[tuple[type[msgspec.Struct], str], Callable[[Any], str | None]] = {
    (Member, "siret"): siret_problem,
    (Network, "timezone"): _timezone_problem,
    (Network, "siret"): siret_problem,
    (Network, "rna"): rna_problem,
    (Network, "creation_year"): creation_year_problem,
    (Network, "fiscal_year_start"): fiscal_year_start_problem,
}


# -- checks on one object (run as soon as it is read) ---------------------------------------------

_Dated = Membership | Enrolment | SharedProject


def _ends_after_start(period: _Dated, reader: _Reader) -> Iterator[ArchiveProblem]:
    if period.to is not None and period.to < period.from_:
        reason = f"ends before it begins ({period.from_.isoformat()})"
        yield ArchiveProblem(reader.at(period, "to"), period.to.isoformat(), reason)


def _overlaps(periods: Iterable[_Dated], reader: _Reader) -> Iterator[ArchiveProblem]:
    """Periods are half-open: one ending on a day and the next starting that day do not meet."""
    latest: _Dated | None = None
    for period in sorted(periods, key=lambda p: p.from_):
        if latest is not None and (latest.to is None or period.from_ < latest.to):
            reason = f"overlaps {reader.at(latest)}"
            yield ArchiveProblem(reader.at(period, "from"), period.from_.isoformat(), reason)
        if latest is None or (
            latest.to is not None and (period.to is None or period.to > latest.to)
        ):
            latest = period


def _duplicates(
    items: Iterable[tuple[str, object]],
    reason: Callable[[str], str],
    *,
    cite_owner: bool = True,
) -> Iterator[ArchiveProblem]:
    """A problem for every (path, key) whose key an earlier item already has; the reason cites
    the earlier item (the object owning the field, unless ``cite_owner`` is false)."""
    first: dict[object, str] = {}
    for path, key in items:
        if key in first:
            earlier = first[key].rpartition(".")[0] if cite_owner else first[key]
            yield ArchiveProblem(path, _show(key), reason(earlier))
        else:
            first[key] = path


def _check_member(member: Member, reader: _Reader) -> Iterator[ArchiveProblem]:
    yield from _overlaps(member.memberships, reader)
    yield from _duplicates(
        ((reader.at(due, "period_start"), due.period_start.isoformat()) for due in member.dues),
        lambda first: f"{first} is for the same period",
    )


def _check_group(group: WorkingGroup, reader: _Reader) -> Iterator[ArchiveProblem]:
    by_member: defaultdict[str, list[Enrolment]] = defaultdict(list)
    for enrolment in group.enrolments:
        by_member[enrolment.member].append(enrolment)
    for enrolments in by_member.values():
        yield from _overlaps(enrolments, reader)


def _check_project(project: SharedProject, reader: _Reader) -> Iterator[ArchiveProblem]:
    yield from _ends_after_start(project, reader)
    yield from _duplicates(
        ((reader.at(project, f"partners[{i}]"), ref) for i, ref in enumerate(project.partners)),
        lambda first: f"already a partner ({first})",
        cite_owner=False,
    )


def _check_attendance(line: Attendance, reader: _Reader) -> Iterator[ArchiveProblem]:
    if line.excused and line.people is not None:
        reason = "give the people present or excused: true, not both"
        yield ArchiveProblem(reader.at(line, "people"), str(line.people), reason)
    if not line.excused and line.people is None:
        reason = "missing: the people present (1 or more), or excused: true"
        yield ArchiveProblem(reader.at(line, "people"), "", reason)


def _check_meeting(meeting: Meeting, reader: _Reader) -> Iterator[ArchiveProblem]:
    yield from _duplicates(
        ((reader.at(line, "member"), line.member) for line in meeting.attendance),
        lambda first: f"already in this meeting's attendance ({first})",
    )


def _check_giver(giver: Giver, reader: _Reader) -> Iterator[ArchiveProblem]:
    if (giver.member is not None) + giver.network != 1:
        reason = 'expected either {"member": ref} or {"network": true}'
        yield ArchiveProblem(reader.at(giver), _show(giver), reason)


def _check_receiver(receiver: Receiver, reader: _Reader) -> Iterator[ArchiveProblem]:
    chosen = [receiver.member, receiver.group, receiver.project]
    if sum(ref is not None for ref in chosen) + receiver.network != 1:
        reason = (
            'expected exactly one of {"network": true}, {"member": ref}, {"group": ref} '
            'or {"project": ref}'
        )
        yield ArchiveProblem(reader.at(receiver), _show(receiver), reason)


def _unit_problem(obj: Rate | Contribution, reader: _Reader) -> Iterator[ArchiveProblem]:
    units = FORM_UNITS[obj.form]
    if obj.unit is not None and obj.unit not in units:
        reason = f"{obj.form} is counted in " + " or ".join(unit.value for unit in units)
        yield ArchiveProblem(reader.at(obj, "unit"), obj.unit.value, reason)


def _check_contribution(entry: Contribution, reader: _Reader) -> Iterator[ArchiveProblem]:
    giver, receiver = entry.giver, entry.receiver
    if giver.member is not None and giver.member == receiver.member:
        reason = "a member cannot give to itself"
        yield ArchiveProblem(reader.at(receiver, "member"), receiver.member, reason)
    if giver.network and receiver.network:
        reason = "the network cannot give to itself"
        yield ArchiveProblem(reader.at(receiver, "network"), "true", reason)
    for field, ref in (("group", receiver.group), ("project", receiver.project)):
        if giver.network and ref is not None:
            reason = "the network gives only to members"
            yield ArchiveProblem(reader.at(receiver, field), ref, reason)
    if entry.status == "confirmed" and (giver.member is None or receiver.member is None):
        reason = "only an entry between two members can be confirmed (by the receiving member)"
        yield ArchiveProblem(reader.at(entry, "status"), entry.status.value, reason)
    yield from _unit_problem(entry, reader)


def _check_rate(rate: Rate, reader: _Reader) -> Iterator[ArchiveProblem]:
    yield from _unit_problem(rate, reader)


def _check_network(network: Network, reader: _Reader) -> Iterator[ArchiveProblem]:
    yield from _duplicates(
        (
            (
                reader.at(rate, "effective_from"),
                (rate.form.value, rate.category, rate.effective_from.isoformat()),
            )
            for rate in network.rates
        ),
        lambda first: f"{first} is a rate of the same form and category from the same day",
    )
    yield from _duplicates(
        ((reader.at(tier, "code"), tier.code) for tier in network.tiers),
        lambda first: f"{first} has the same code",
    )
    if network.parent == network.ref:
        reason = "a network cannot be its own parent"
        yield ArchiveProblem(reader.at(network, "parent"), network.parent, reason)
    yield from _duplicates(
        ((reader.at(accounts, "form"), accounts.form.value) for accounts in network.cvn_accounts),
        lambda first: f"{first} is for the same form",
    )
    for accounts in network.cvn_accounts:
        if accounts.form == Form.money:
            reason = "money is not in kind: it has no CVN account"
            yield ArchiveProblem(reader.at(accounts, "form"), accounts.form.value, reason)


_THRESHOLDS = {
    CriterionName.meetings_attended,
    CriterionName.hours_given,
    CriterionName.groups_enrolled,
    CriterionName.forms_given,
    CriterionName.value_given,
    CriterionName.balance_index,
}
_COUNTS = {
    CriterionName.meetings_attended,
    CriterionName.groups_enrolled,
    CriterionName.forms_given,
}


def _check_criterion(criterion: Criterion, reader: _Reader) -> Iterator[ArchiveProblem]:
    name, threshold, here = criterion.criterion, criterion.min, reader.at(criterion, "min")
    if name in _THRESHOLDS and threshold is None:
        yield ArchiveProblem(here, "", f"missing: {name} needs a threshold (min)")
    if name not in _THRESHOLDS and threshold is not None:
        yield ArchiveProblem(here, str(threshold), f"{name} takes no threshold")
    if name in _THRESHOLDS and threshold is not None:
        if name in _COUNTS and not isinstance(threshold, int):
            yield ArchiveProblem(here, str(threshold), f"{name} counts: expected a whole number")
        if name == CriterionName.balance_index and not -1 <= threshold <= 1:
            yield ArchiveProblem(here, str(threshold), "a balance index lies between -1 and 1")
        if name != CriterionName.balance_index and threshold < 0:
            yield ArchiveProblem(here, str(threshold), "expected 0 or more")
    meeting_filters = {"mandatory_only": criterion.mandatory_only, "kinds": criterion.kinds}
    for field, value in meeting_filters.items():
        if value and name != CriterionName.meetings_attended:
            reason = "only meetings_attended takes this filter"
            yield ArchiveProblem(reader.at(criterion, field), _show(value), reason)
    if criterion.min_volume_eur is not None and name != CriterionName.balance_index:
        reason = "only balance_index takes this filter"
        yield ArchiveProblem(
            reader.at(criterion, "min_volume_eur"), str(criterion.min_volume_eur), reason
        )


def _check_rule_set(rule_set: RuleSet, reader: _Reader) -> Iterator[ArchiveProblem]:
    yield from _duplicates(
        ((reader.at(tier, "tier"), tier.tier) for tier in rule_set.tiers),
        lambda first: f"{first} is for the same tier",
    )


def _check_exemption(exemption: Exemption, reader: _Reader) -> Iterator[ArchiveProblem]:
    here = reader.at(exemption, "criteria")
    if exemption.criteria == []:
        yield ArchiveProblem(here, "[]", 'expected "all" or at least one criterion')
    if isinstance(exemption.criteria, list):
        yield from _duplicates(
            ((f"{here}[{i}]", name.value) for i, name in enumerate(exemption.criteria)),
            lambda first: f"already listed ({first})",
            cite_owner=False,
        )


_STRUCT_CHECKS: dict[type[msgspec.Struct], Callable[[Any, _Reader], Iterable[ArchiveProblem]]] = {
    Membership: _ends_after_start,
    Enrolment: _ends_after_start,
    Member: _check_member,
    WorkingGroup: _check_group,
    SharedProject: _check_project,
    Attendance: _check_attendance,
    Meeting: _check_meeting,
    Giver: _check_giver,
    Receiver: _check_receiver,
    Contribution: _check_contribution,
    Rate: _check_rate,
    Network: _check_network,
    Criterion: _check_criterion,
    RuleSet: _check_rule_set,
    Exemption: _check_exemption,
}


# -- checks across the document -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Draft:
    """What could be read of each section (objects that could not be read are left out)."""

    network: Network | None
    members: list[Member]
    working_groups: list[WorkingGroup]
    shared_projects: list[SharedProject]
    meetings: list[Meeting]
    contributions: list[Contribution]
    rule_sets: list[RuleSet]
    exemptions: list[Exemption]


_NOUNS = {
    "members": "member",
    "working_groups": "working group",
    "shared_projects": "shared project",
    "meetings": "meeting",
    "contributions": "contribution",
    "rule_sets": "rule set",
}


def _raw_items(container: object, key: str, path: str) -> Iterator[tuple[str, dict[Any, Any]]]:
    """(path, object) for each object in the raw list ``container[key]``."""
    items = container.get(key) if isinstance(container, dict) else None
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield f"{_join(path, key)}[{i}]", item


def _raw_refs(items: Iterable[tuple[str, dict[Any, Any]]]) -> Iterator[tuple[str, str]]:
    for path, item in items:
        if isinstance(item.get("ref"), str):
            yield f"{path}.ref", item["ref"]


def _same_ref(noun: str, first: str) -> str:
    return f"another {noun} ({first}) has this ref"


def _cross_checks(document: object, draft: _Draft, reader: _Reader) -> Iterator[ArchiveProblem]:
    known: dict[str, set[str]] = {}
    for section, noun in _NOUNS.items():
        refs = list(_raw_refs(_raw_items(document, section, "")))
        known[section] = {ref for _, ref in refs}
        yield from _duplicates(refs, partial(_same_ref, noun))
    people = (
        person
        for member_path, member in _raw_items(document, "members", "")
        for person in _raw_items(member, "people", member_path)
    )
    yield from _duplicates(_raw_refs(people), partial(_same_ref, "person"))

    def unknown(path: str, ref: str | None, section: str) -> Iterator[ArchiveProblem]:
        if ref is not None and ref not in known[section]:
            yield ArchiveProblem(path, ref, f"no {_NOUNS[section]} has this ref")

    for group in draft.working_groups:
        for enrolment in group.enrolments:
            yield from unknown(reader.at(enrolment, "member"), enrolment.member, "members")
    for project in draft.shared_projects:
        yield from unknown(reader.at(project, "lead"), project.lead, "members")
        for i, partner in enumerate(project.partners):
            yield from unknown(reader.at(project, f"partners[{i}]"), partner, "members")
    for meeting in draft.meetings:
        yield from unknown(reader.at(meeting, "group"), meeting.group, "working_groups")
        for line in meeting.attendance:
            yield from unknown(reader.at(line, "member"), line.member, "members")
    for entry in draft.contributions:
        giver, receiver = entry.giver, entry.receiver
        yield from unknown(reader.at(giver, "member"), giver.member, "members")
        yield from unknown(reader.at(receiver, "member"), receiver.member, "members")
        yield from unknown(reader.at(receiver, "group"), receiver.group, "working_groups")
        yield from unknown(reader.at(receiver, "project"), receiver.project, "shared_projects")
        yield from unknown(reader.at(entry, "reverses"), entry.reverses, "contributions")
    for exemption in draft.exemptions:
        yield from unknown(reader.at(exemption, "member"), exemption.member, "members")
    yield from _reversals(draft.contributions, reader)
    yield from _tiers(draft, reader)
    yield from _duplicates(
        (
            (reader.at(rule_set, "effective_from"), rule_set.effective_from.isoformat())
            for rule_set in draft.rule_sets
        ),
        lambda first: f"{first} takes effect the same day",
    )


def _reversals(entries: list[Contribution], reader: _Reader) -> Iterator[ArchiveProblem]:
    """A reversal cancels one original entry, once; reversing a reversal is not a correction."""
    by_ref = {entry.ref: entry for entry in reversed(entries)}  # the first of duplicates wins
    reversed_by: dict[str, str] = {}
    for entry in entries:
        target = by_ref.get(entry.reverses) if entry.reverses is not None else None
        if target is None or entry.reverses is None:
            continue  # no reversal, or an unknown ref (already reported)
        here = reader.at(entry, "reverses")
        if target is entry:
            yield ArchiveProblem(here, entry.reverses, "an entry cannot reverse itself")
        elif target.reverses is not None:
            reason = f"{reader.at(target)} is itself a reversal: reverse the original entry"
            yield ArchiveProblem(here, entry.reverses, reason)
        elif entry.reverses in reversed_by:
            reason = f"already reversed by {reversed_by[entry.reverses]}"
            yield ArchiveProblem(here, entry.reverses, reason)
        else:
            reversed_by[entry.reverses] = reader.at(entry)


def _tiers(draft: _Draft, reader: _Reader) -> Iterator[ArchiveProblem]:
    """When the network lists its tiers, every tier used must be one of them."""
    if draft.network is None or not draft.network.tiers:
        return
    codes = {tier.code for tier in draft.network.tiers}
    used = [(reader.at(member, "tier"), member.tier) for member in draft.members]
    used += [
        (reader.at(tier, "tier"), tier.tier)
        for rule_set in draft.rule_sets
        for tier in rule_set.tiers
    ]
    for path, code in used:
        if code not in codes:
            yield ArchiveProblem(path, code, "not one of the network's tiers")


_SECTIONS = [field.encode_name for field in msgspec.structs.fields(Archive)]


def _document_order(problem: ArchiveProblem) -> tuple[int, int]:
    """Problems sorted by section, then item; in the order found within one item."""
    match = re.match(r"([a-z_]+)(?:\[(\d+)\])?", problem.path)
    if match is None:
        return -1, -1
    section = _SECTIONS.index(match[1]) if match[1] in _SECTIONS else len(_SECTIONS)
    return section, int(match[2]) if match[2] else -1
