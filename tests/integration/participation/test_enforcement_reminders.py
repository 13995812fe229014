"""Reminders to the representatives of members at risk, received by a real SMTP server
(aiosmtpd on 127.0.0.1), on both engines.

The example network at 2026-03-01: fougere is ``at_risk`` (1 meeting of 3, 3 h of 10 h, no
working group); alize is compliant, basalte on track. Fanny represents fougere, Karim alize,
Bruno basalte.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from raviv.access.tables import AuditEntry
from raviv.guard.roles import Role
from raviv.mail import MailSettings
from raviv.network_archive import archive_io
from raviv.participation.enforcement import run_daily
from raviv.participation.enforcement.message import reminder_text
from raviv.participation.tables import Reminder
from tests.integration.test_mail import Inbox, free_port, smtp_server
from tests.personas import granted_token
from tests.unit.rules.test_example import EXAMPLE

MID = dt.date(2026, 3, 1)


@pytest.fixture
def server() -> Iterator[tuple[Inbox, MailSettings]]:
    with smtp_server() as running:
        yield running


async def _represent(email: str, member: str) -> None:
    await granted_token(email, "exemple", Role.member, member)


async def _example(*, fanny: bool = True) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    if fanny:
        await _represent("fanny@exemple.test", "fougere")
    await _represent("karim@exemple.test", "alize")
    await _represent("bruno@exemple.test", "basalte")


@pytest.fixture
async def exemple(db: None) -> None:
    await _example()


async def _rows() -> list[dict[str, object]]:
    return await Reminder.select().order_by(Reminder.id).run()


async def test_an_at_risk_members_representative_receives_what_is_missing_and_by_when(
    exemple: None, server: tuple[Inbox, MailSettings]
) -> None:
    inbox, settings = server

    report = await run_daily("exemple", MID, mail_settings=settings)

    assert report.of("sent") == ["fougere"]
    [received] = inbox.received  # alize (compliant) and basalte (on track): nothing
    assert received.rcpt_tos == ["fanny@exemple.test"]
    message = received.message
    assert "Atelier Fougère" in message["Subject"]
    assert "31 août 2026" in message["Subject"]
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert "Au 1er mars 2026, Atelier Fougère risque de ne pas remplir" in text
    assert "du 1er septembre 2025 au 31 août 2026" in text
    assert "Ce qui manque d'ici le 31 août 2026, dernier jour de la période :" in text
    assert "- Heures données : 3 h sur 10 h ; il manque 7 h de plus" in text
    assert "- Présence aux réunions : 1 réunion sur 3 ; il manque 2 réunions de plus" in text
    assert "- Groupes de travail : 0 groupe de travail sur 1 ; il manque l'inscription à 1" in text
    assert "- Réunions obligatoires : 1 réunion obligatoire sur 1" in text  # met: said as done
    assert "Pas d'autre rappel avant le 15 mars 2026." in text
    [row] = await _rows()
    assert row["status"] == "sent"
    assert row["message_id"] == message["Message-ID"]
    assert row["recipients"] == '["fanny@exemple.test"]'
    assert (row["day"], row["period_start"]) == (MID, dt.date(2025, 9, 1))
    assert row["body"] == text
    assert row["snapshot"] is not None
    sent = await AuditEntry.count().where(AuditEntry.action == "reminder.sent")
    assert sent == 1


async def test_no_second_reminder_within_the_interval_and_another_after_it(
    exemple: None, server: tuple[Inbox, MailSettings]
) -> None:
    inbox, settings = server
    await run_daily("exemple", MID, mail_settings=settings)

    again = await run_daily("exemple", MID, mail_settings=settings)
    later = await run_daily("exemple", MID + dt.timedelta(days=13), mail_settings=settings)

    assert again.of("interval") == ["fougere"]
    assert later.of("interval") == ["fougere"]
    assert len(inbox.received) == 1

    after = await run_daily("exemple", MID + dt.timedelta(days=14), mail_settings=settings)

    assert after.of("sent") == ["fougere"]
    assert len(inbox.received) == 2
    assert [(r["day"], r["status"]) for r in await _rows()] == [
        (MID, "sent"),
        (MID + dt.timedelta(days=14), "sent"),
    ]


async def test_the_interval_is_the_networks_policy(
    exemple: None, server: tuple[Inbox, MailSettings]
) -> None:
    inbox, settings = server
    from raviv.participation.enforcement import policy, schemas

    await policy.set_policy(
        "exemple",
        schemas.PolicyUpdate(reminders=True, reminder_interval_days=3, open_cases=True),
    )
    for offset in range(7):
        await run_daily("exemple", MID + dt.timedelta(days=offset), mail_settings=settings)

    assert [r["day"] for r in await _rows()] == [
        MID,
        MID + dt.timedelta(days=3),
        MID + dt.timedelta(days=6),
    ]
    assert len(inbox.received) == 3


async def test_reminders_switched_off_send_nothing(
    exemple: None, server: tuple[Inbox, MailSettings]
) -> None:
    from raviv.participation.enforcement import policy, schemas

    inbox, settings = server
    await policy.set_policy(
        "exemple",
        schemas.PolicyUpdate(reminders=False, reminder_interval_days=14, open_cases=True),
    )

    report = await run_daily("exemple", MID, mail_settings=settings)

    assert report.reminders == []
    assert inbox.received == []
    assert await _rows() == []


async def test_a_failed_send_is_recorded_and_tried_again_by_the_next_run(
    exemple: None, server: tuple[Inbox, MailSettings]
) -> None:
    inbox, settings = server
    down = MailSettings(host="127.0.0.1", port=free_port(), security="none", timeout_s=2)

    failed = await run_daily("exemple", MID, mail_settings=down)

    assert failed.of("failed") == ["fougere"]
    [row] = await _rows()
    assert row["status"] == "failed"
    assert f"127.0.0.1:{down.port}" in str(row["error"])
    assert row["attempts"] == 1

    retried = await run_daily("exemple", MID, mail_settings=settings)

    assert retried.of("sent") == ["fougere"]
    assert len(inbox.received) == 1
    [row] = await _rows()  # the same reminder, tried twice
    assert (row["status"], row["attempts"], row["error"]) == ("sent", 2, "")


async def test_a_member_without_a_representative_is_reported_and_reminded_once_it_has_one(
    db: None, server: tuple[Inbox, MailSettings]
) -> None:
    inbox, settings = server
    await _example(fanny=False)

    report = await run_daily("exemple", MID, mail_settings=settings)
    again = await run_daily("exemple", MID + dt.timedelta(days=1), mail_settings=settings)

    assert report.of("no_recipient") == ["fougere"]
    assert again.of("no_recipient") == ["fougere"]
    assert inbox.received == []
    [row] = await _rows()
    assert (row["status"], row["attempts"]) == ("no_recipient", 0)
    lines = await AuditEntry.count().where(AuditEntry.action == "reminder.no_recipient")
    assert lines == 1  # reported each run, recorded once

    await _represent("fanny@exemple.test", "fougere")
    then = await run_daily("exemple", MID + dt.timedelta(days=2), mail_settings=settings)

    assert then.of("sent") == ["fougere"]
    assert inbox.received[0].rcpt_tos == ["fanny@exemple.test"]
    [row] = await _rows()
    assert (row["status"], row["day"]) == ("sent", MID + dt.timedelta(days=2))


async def test_a_revoked_representative_is_no_longer_written_to(
    exemple: None, server: tuple[Inbox, MailSettings]
) -> None:
    from raviv.access.tables import Grant

    inbox, settings = server
    await (
        Grant.update({Grant.revoked_at: dt.datetime.now(dt.UTC)})
        .where(Grant.role == "member")
        .run()
    )

    report = await run_daily("exemple", MID, mail_settings=settings)

    assert report.of("no_recipient") == ["fougere"]
    assert inbox.received == []


async def test_two_runs_at_once_send_one_reminder(
    committed_db: None, server: tuple[Inbox, MailSettings]
) -> None:
    inbox, settings = server
    await _example()

    first, second = await asyncio.gather(
        run_daily("exemple", MID, mail_settings=settings),
        run_daily("exemple", MID, mail_settings=settings),
    )

    assert sorted(first.of("sent") + second.of("sent")) == ["fougere"]
    assert sorted(first.of("interval") + second.of("interval")) == ["fougere"]
    assert len(inbox.received) == 1
    assert len(await _rows()) == 1


def test_the_message_lists_each_unmet_criterion_with_its_shortfall() -> None:
    member = {
        "member": "dune",
        "status": "at_risk",
        "elapsed_days": 59,
        "criteria": [
            {
                "criterion": "hours_given",
                "required": Decimal("6.66"),
                "actual": 4,
                "met": False,
                "shortfall": Decimal("2.66"),
                "on_track": True,
                "explanation_fr": "4 h sur 6,66 h (prorata : 243 jours d'adhésion sur 365)",
                "explanation_en": "4 h of 6.66 h (pro rata: 243 membership days of 365)",
            },
            {
                "criterion": "dues_paid",
                "required": 1,
                "actual": 0,
                "met": False,
                "shortfall": 1,
                "on_track": False,
                "explanation_fr": "cotisation non payée",
                "explanation_en": "dues not paid",
            },
            {
                "criterion": "value_given",
                "required": 100,
                "actual": Decimal("87.5"),
                "met": False,
                "shortfall": Decimal("12.5"),
                "on_track": False,
                "explanation_fr": "87,50 € sur 100,00 €",
                "explanation_en": "€87.50 of €100.00",
            },
        ],
    }

    text = reminder_text(
        network_name="Réseau Exemple",
        member_name="Collectif Dune",
        day=dt.date(2026, 3, 1),
        period_start=dt.date(2025, 9, 1),
        period_end=dt.date(2026, 9, 1),
        member=member,
        next_reminder_on=dt.date(2026, 3, 15),
    )

    assert text.subject == (
        "Réseau Exemple : participation de Collectif Dune, ce qui manque d'ici le 31 août 2026"
    )
    lines = text.text.splitlines()
    assert (
        "- Heures données : 4 h sur 6,66 h (prorata : 243 jours d'adhésion sur 365) ;"
        " il manque 2,66 h de plus." in lines
    )
    assert (
        "- Cotisation : cotisation non payée ; il manque le paiement de la cotisation de la"
        " période (en retard sur le rythme attendu)." in lines
    )
    assert (
        "- Valeur donnée : 87,50 € sur 100,00 € ; il manque 12,50 € de plus"
        " (en retard sur le rythme attendu)." in lines
    )
    assert "Déjà rempli :" not in lines
    assert (
        "- Hours given: 4 h of 6.66 h (pro rata: 243 membership days of 365); short by 2.66."
        in (lines)
    )
