"""The text of a reminder: pure, from one member's evaluation as a snapshot stored it.

French first (the network's language), then a short English version. It says what is missing,
criterion by criterion, with the evaluator's own explanation and shortfall, and by when: the
last day of the period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

_LABELS = {
    "meetings_attended": ("Présence aux réunions", "Meetings attended"),
    "hours_given": ("Heures données", "Hours given"),
    "groups_enrolled": ("Groupes de travail", "Working groups"),
    "mandatory_meetings": ("Réunions obligatoires", "Mandatory meetings"),
    "dues_paid": ("Cotisation", "Dues"),
    "forms_given": ("Formes de contribution", "Forms of contribution"),
    "value_given": ("Valeur donnée", "Value given"),
    "balance_index": ("Indice d'équilibre", "Balance index"),
}


def date_fr(day: dt.date) -> str:
    """``1er septembre 2025``, ``31 août 2026``."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS_FR[day.month - 1]} {day.year}"


def _number_fr(value: int | Decimal) -> str:
    if isinstance(value, int):
        return str(value)
    return format(value.normalize(), "f").replace(".", ",")


def _eur_fr(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}".replace(".", ",") + " €"


_MISSING_FR = {
    "meetings_attended": "{n} réunion{s} de plus",
    "hours_given": "{number} h de plus",
    "groups_enrolled": "l'inscription à {n} groupe{s} de travail",
    "mandatory_meetings": "{n} réunion{s} obligatoire{s} sans présence ni excuse",
    "dues_paid": "le paiement de la cotisation de la période",
    "forms_given": "{n} forme{s} de contribution de plus",
    "value_given": "{eur} de plus",
    "balance_index": "un indice d'au moins {required}",
}


def missing_fr(criterion: str, shortfall: int | Decimal, required: int | Decimal) -> str:
    """What is still to be done for one unmet criterion, in French: "7 h de plus"."""
    return _MISSING_FR[criterion].format(
        n=shortfall,
        s="s" if shortfall >= 2 else "",
        number=_number_fr(shortfall),
        eur=_eur_fr(Decimal(shortfall)),
        required=_number_fr(required),
    )


@dataclass(frozen=True, slots=True)
class ReminderText:
    subject: str
    text: str


def reminder_text(
    *,
    network_name: str,
    member_name: str,
    day: dt.date,
    period_start: dt.date,
    period_end: dt.date,
    member: Mapping[str, Any],
    next_reminder_on: dt.date,
) -> ReminderText:
    """The reminder to a member at risk on ``day``; ``member`` is its entry in the snapshot
    (numbers as ``int`` or ``Decimal``), ``period_end`` the day after the period's last day."""
    last_day = period_end - dt.timedelta(days=1)
    criteria: Sequence[Mapping[str, Any]] = member["criteria"]
    unmet = [c for c in criteria if not c["met"]]
    met = [c for c in criteria if c["met"]]
    lines_fr = []
    lines_en = []
    for c in unmet:
        label_fr, label_en = _LABELS[c["criterion"]]
        pace = "" if c["on_track"] else " (en retard sur le rythme attendu)"
        lines_fr.append(
            f"- {label_fr} : {c['explanation_fr']} ; il manque "
            f"{missing_fr(c['criterion'], c['shortfall'], c['required'])}{pace}."
        )
        lines_en.append(f"- {label_en}: {c['explanation_en']}; short by {c['shortfall']}.")
    done = [f"- {_LABELS[c['criterion']][0]} : {c['explanation_fr']}." for c in met]
    subject = (
        f"{network_name} : participation de {member_name}, "
        f"ce qui manque d'ici le {date_fr(last_day)}"
    )
    parts = [
        "Bonjour,",
        "",
        f"Vous recevez ce message parce que vous représentez {member_name} auprès du réseau "
        f"{network_name}.",
        "",
        f"Au {date_fr(day)}, {member_name} risque de ne pas remplir la règle de participation "
        f"du réseau pour la période du {date_fr(period_start)} au {date_fr(last_day)}.",
        "",
        f"Ce qui manque d'ici le {date_fr(last_day)}, dernier jour de la période :",
        *lines_fr,
    ]
    if done:
        parts += ["", "Déjà rempli :", *done]
    parts += [
        "",
        "Si quelque chose empêche votre structure de participer, dites-le à la coordination du "
        "réseau : une dispense peut être décidée.",
        f"Pas d'autre rappel avant le {date_fr(next_reminder_on)}.",
        "",
        "--",
        f"In English: on {day.isoformat()}, {member_name} is at risk against the participation "
        f"rule of {network_name} for the period {period_start.isoformat()} to "
        f"{last_day.isoformat()}. What is missing by {last_day.isoformat()}:",
        *lines_en,
        "",
    ]
    return ReminderText(subject=subject, text="\n".join(parts))
