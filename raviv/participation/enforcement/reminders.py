"""Reminders to the representatives of members at risk (docs/rules.md, "Enforcement").

Each reminder is first *claimed* — a row written in a transaction that no other run can enter
for the same member at the same time (one write transaction at a time on SQLite, an advisory
lock on PostgreSQL) — then sent, then recorded as sent or failed. The rows are what enforce
the interval: a member reminded (or being reminded) fewer than ``reminder_interval_days`` days
before the day evaluated is skipped, whichever process ran before. A failed attempt, or a
member without any representative to write to, does not count: the next run tries again, in the
same row. A claim left ``sending`` for over an hour (its process died) is tried again too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from raviv.db import execute, transaction
from raviv.guard import audit
from raviv.guard.principal import aware
from raviv.guard.roles import Role
from raviv.mail import MailError, MailSettings, Message, send
from raviv.participation.enforcement import schemas
from raviv.participation.enforcement.message import reminder_text
from raviv.participation.enforcement.stored import (
    MEMBER_LOCK,
    Stored,
    as_date,
    only_members,
    serialised,
)
from raviv.registry.service import NetworkContext
from raviv.registry.tables import Member

Status = schemas.ReminderStatus

#: A claim older than this whose run never said how it went is taken as failed.
STALE_CLAIM = timedelta(hours=1)
#: Consecutive failures after which a run stops trying (the server is down): the others wait
#: for the next run, unclaimed.
GIVE_UP_AFTER = 3

Outcome = Literal["sent", "failed", "no_recipient", "interval", "deferred", "not_yet"]


@dataclass(frozen=True, slots=True)
class Reminded:
    """What a run did about one member at risk."""

    member: str
    outcome: Outcome
    detail: str = ""  # the error, the addresses, or the day of the reminder that holds it back


async def representatives(nid: int) -> dict[int, list[str]]:
    """The addresses of each member's representatives: the active accounts holding the member
    representative role for it, today."""
    rows = await execute(
        "SELECT g.member, a.email FROM access_grant g JOIN account a ON a.id = g.account"
        " WHERE g.network = {} AND g.role = {} AND g.revoked_at IS NULL"
        " AND (g.ends_on IS NULL OR g.ends_on > {}) AND a.active = {} AND a.erased_at IS NULL"
        " ORDER BY a.email",
        nid,
        Role.member.value,
        datetime.now(UTC).date(),
        True,
    )
    found: dict[int, list[str]] = {}
    for row in rows:
        if row["member"] is not None and row["email"] and "@" in row["email"]:
            addresses = found.setdefault(row["member"], [])
            if row["email"] not in addresses:
                addresses.append(row["email"])
    return found


@dataclass(frozen=True, slots=True)
class _Claim:
    id: int
    member_id: int
    member_ref: str


async def _claim(  # noqa: PLR0917 - the member, the snapshot, the interval, who to write to
    nid: int,
    member_id: int,
    member_ref: str,
    snapshot: Stored,
    interval_days: int,
    recipients: Sequence[str],
) -> _Claim | Reminded | None:
    """Claim this member's reminder of the snapshot's day: a :class:`_Claim` to send, a
    :class:`Reminded` saying why not, or None when the member has no recipient and is already
    recorded so (nothing written)."""
    now = datetime.now(UTC)
    async with transaction():
        await serialised(MEMBER_LOCK, member_id)
        rows = await execute(
            "SELECT id, day, status, claimed_at FROM reminder"
            " WHERE network = {} AND member = {} ORDER BY day DESC, id DESC",
            nid,
            member_id,
        )
        for row in rows:
            live = row["status"] == Status.sent.value or (
                row["status"] == Status.sending.value
                and now - aware(row["claimed_at"]) < STALE_CLAIM
            )
            if live and (snapshot.day - as_date(row["day"])).days < interval_days:
                return Reminded(member_ref, "interval", as_date(row["day"]).isoformat())
        retry = next((r for r in rows if r["status"] != Status.sent.value), None)
        status = Status.sending if recipients else Status.no_recipient
        if retry is not None and retry["status"] == status.value == Status.no_recipient.value:
            return None  # still nobody to write to: already recorded
        values = {
            "day": snapshot.day,
            "period_start": snapshot.period_start,
            "period_end": snapshot.period_end,
            "status": status.value,
            "recipients": json.dumps(list(recipients)),
            "error": "" if recipients else "no representative with an e-mail address",
            "snapshot": snapshot.id,
            "claimed_at": now,
        }
        if retry is None:
            inserted = await execute(
                "INSERT INTO reminder (network, member, day, period_start, period_end, status,"
                " recipients, subject, body, message_id, error, attempts, snapshot, claimed_at)"
                " VALUES ({}, {}, {}, {}, {}, {}, {}, '', '', '', {}, 0, {}, {}) RETURNING id",
                nid,
                member_id,
                *(values[k] for k in ("day", "period_start", "period_end", "status")),
                *(values[k] for k in ("recipients", "error", "snapshot", "claimed_at")),
            )
            reminder_id = int(inserted[0]["id"])
        else:
            reminder_id = int(retry["id"])
            await execute(
                "UPDATE reminder SET day = {}, period_start = {}, period_end = {}, status = {},"
                " recipients = {}, error = {}, snapshot = {}, claimed_at = {} WHERE id = {}",
                *values.values(),
                reminder_id,
            )
        if not recipients:
            await audit.record(
                "reminder.no_recipient",
                network=nid,
                object_type="member",
                object_ref=member_ref,
                after={"day": snapshot.day, "period_start": snapshot.period_start},
                detail="no representative with an e-mail address: nothing sent",
            )
            return Reminded(member_ref, "no_recipient")
    return _Claim(reminder_id, member_id, member_ref)


async def _record(claim: _Claim, nid: int, changes: dict[str, Any], action: str) -> None:
    async with transaction():
        columns = ", ".join(f"{name} = {{}}" for name in changes)
        await execute(
            f"UPDATE reminder SET {columns}, attempts = attempts + 1 WHERE id = {{}}",  # noqa: S608 - names are ours
            *changes.values(),
            claim.id,
        )
        await audit.record(
            action,
            network=nid,
            object_type="member",
            object_ref=claim.member_ref,
            # How many were written to, not who: addresses stay in the reminder's row only.
            after={
                k: len(json.loads(v)) if k == "recipients" else v
                for k, v in changes.items()
                if k in {"recipients", "message_id"}
            },
            detail=changes.get("error", ""),
        )


async def send_reminders(
    network: NetworkContext,
    snapshot: Stored,
    interval_days: int,
    mail_settings: MailSettings | None = None,
) -> list[Reminded]:
    """Remind the representatives of every member the snapshot says is ``at_risk``, at most
    once every ``interval_days`` days each."""
    at_risk = [m for m in snapshot.members if m["status"] == "at_risk"]
    if not at_risk:
        return []
    nid = network.id
    rows = (
        await Member.select(Member.id, Member.ref, Member.name).where(Member.network == nid).run()
    )
    members = {r["ref"]: (int(r["id"]), str(r["name"])) for r in rows}
    network_name = network.name
    addresses = await representatives(nid)
    done: list[Reminded] = []
    failures = 0
    for evaluated in at_risk:
        ref = evaluated["member"]
        if ref not in members:  # gone from the network since the snapshot
            continue
        if evaluated.get("elapsed_days", 1) == 0:
            # The period's first day: nothing can be counted yet, so state criteria (groups,
            # dues) all read 0 and the evaluator says at_risk; a reminder would be noise.
            done.append(Reminded(ref, "not_yet", "nothing counted on the period's first day"))
            continue
        if failures >= GIVE_UP_AFTER:
            done.append(Reminded(ref, "deferred", "the mail server failed repeatedly"))
            continue
        member_id, member_name = members[ref]
        recipients = addresses.get(member_id, [])
        claim = await _claim(nid, member_id, ref, snapshot, interval_days, recipients)
        if claim is None:
            done.append(Reminded(ref, "no_recipient"))
            continue
        if isinstance(claim, Reminded):
            done.append(claim)
            continue
        text = reminder_text(
            network_name=network_name,
            member_name=member_name,
            day=snapshot.day,
            period_start=snapshot.period_start,
            period_end=snapshot.period_end,
            member=evaluated,
            next_reminder_on=snapshot.day + timedelta(days=interval_days),
        )
        content = {"subject": text.subject[:300], "body": text.text}
        try:
            delivery = await send(
                Message(to=recipients, subject=text.subject, text=text.text), mail_settings
            )
        except (MailError, ValueError) as exc:
            failures += 1
            error = str(exc)[:500]
            await _record(
                claim,
                nid,
                {**content, "status": Status.failed.value, "error": error},
                "reminder.failed",
            )
            done.append(Reminded(ref, "failed", error))
            continue
        failures = 0
        received = [a for a in recipients if a not in delivery.refused]
        refused = (
            f"refused by the server: {', '.join(delivery.refused)}" if delivery.refused else ""
        )
        await _record(
            claim,
            nid,
            {
                **content,
                "status": Status.sent.value,
                "recipients": json.dumps(received),
                "message_id": delivery.message_id,
                "error": refused,
                "sent_at": datetime.now(UTC),
            },
            "reminder.sent",
        )
        done.append(Reminded(ref, "sent", ", ".join(received)))
    return done


# -- reading ---------------------------------------------------------------------------------------


def _reminder(row: dict[str, Any]) -> schemas.Reminder:
    return schemas.Reminder(
        member=row["member_ref"],
        day=as_date(row["day"]),
        period=schemas.Period(start=as_date(row["period_start"]), end=as_date(row["period_end"])),
        status=Status(row["status"]),
        recipients=json.loads(row["recipients"]),
        subject=row["subject"],
        text=row["body"],
        message_id=row["message_id"],
        error=row["error"],
        attempts=row["attempts"],
        sent_at=None if row["sent_at"] is None else aware(row["sent_at"]),
    )


_READ = (
    "SELECT r.day, r.period_start, r.period_end, r.status, r.recipients, r.subject, r.body,"
    " r.message_id, r.error, r.attempts, r.sent_at, m.ref AS member_ref"
    " FROM reminder r JOIN member m ON m.id = r.member WHERE r.network = {}"
)


async def list_reminders(
    nid: int,
    *,
    only: frozenset[str] | None,
    member: str | None = None,
    status: Status | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[schemas.Reminder], int]:
    """Reminders newest first, and how many there are; ``only``: of these members only."""
    where, args = _READ, list[Any]([nid])
    condition, refs = only_members("m.ref", only)
    where += condition
    args += refs
    if member is not None:
        where += " AND m.ref = {}"
        args.append(member)
    if status is not None:
        where += " AND r.status = {}"
        args.append(status.value)
    counted = await execute(f"SELECT COUNT(*) AS n FROM ({where}) AS listed", *args)  # noqa: S608 - our text, values bound
    rows = await execute(
        where + " ORDER BY r.day DESC, r.id DESC LIMIT {} OFFSET {}", *args, limit, offset
    )
    return [_reminder(r) for r in rows], int(counted[0]["n"])
