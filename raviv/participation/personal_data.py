"""What the participation rule keeps on a person's address: the reminders sent to it. Part of an
account's personal-data export, blanked when the account is erased (registered with
:func:`raviv.access.gdpr.hold_account_data` by :mod:`raviv.assembly`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from raviv.access.gdpr import AccountData
from raviv.participation.tables import Reminder


def _addressed_to(recipients: str, email: str) -> bool:
    return any(str(a).strip().lower() == email for a in json.loads(recipients or "[]"))


async def reminders_to(email: str, network_refs: Iterable[str]) -> list[dict[str, Any]]:
    """The reminders sent to this address, in the networks where it is a contact's or holds a
    role (reminders go to the accounts representing a member)."""
    email = email.strip().lower()
    refs = sorted(network_refs)
    if not email or not refs:
        return []
    rows = (
        await Reminder.select(
            Reminder.network.ref.as_alias("network"),
            Reminder.member.ref.as_alias("member"),
            Reminder.day,
            Reminder.status,
            Reminder.subject,
            Reminder.body,
            Reminder.sent_at,
            Reminder.recipients,
        )
        .where(Reminder.network.ref.is_in(refs))
        .order_by(Reminder.id)
        .run()
    )
    return [
        {k: v for k, v in row.items() if k != "recipients"}
        for row in rows
        if _addressed_to(row["recipients"], email)
    ]


async def blank_reminders(email: str, placeholder: str) -> None:
    """The address leaves the recipients of every reminder sent to it; their number stays."""
    rows = await Reminder.select(Reminder.id, Reminder.recipients).run()
    for row in rows:
        if not _addressed_to(row["recipients"], email):
            continue
        kept = [
            placeholder if str(a).strip().lower() == email else a
            for a in json.loads(row["recipients"])
        ]
        await (
            Reminder.update({Reminder.recipients: json.dumps(kept)})
            .where(Reminder.id == row["id"])
            .run()
        )


#: The reminders, as a section of the personal-data export ("reminders_received").
REMINDERS = AccountData("reminders_received", reminders_to, blank_reminders)
