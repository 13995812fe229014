"""Restrictions of network services, and the one check the ledger makes before logging a
service the network gives to a member.

A ``restriction`` decision on a case is in force from its ``starts_on`` until the first of: its
``ends_on`` (the first day it no longer applies), the day a later ``restriction`` (which
replaces it) or ``lift`` decision of the same case is dated. Closing a case does not lift it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from raviv.db import execute
from raviv.errors import ConflictError, FieldProblem, ForbiddenError
from raviv.participation.enforcement import schemas
from raviv.participation.enforcement.stored import as_date

if TYPE_CHECKING:
    from raviv.ledger.schemas import ContributionCreate

_IN_FORCE = (
    "SELECT d.starts_on, d.ends_on, d.decided_on, d.note, c.ref AS case_ref, c.id AS case_id"
    " FROM case_decision d JOIN enforcement_case c ON c.id = d.enforcement_case"
    " WHERE c.network = {} AND d.kind = 'restriction' AND d.starts_on <= {}"
    " AND (d.ends_on IS NULL OR d.ends_on > {})"
    " AND NOT EXISTS (SELECT 1 FROM case_decision n WHERE n.enforcement_case = d.enforcement_case"
    " AND n.id > d.id AND n.kind IN ('restriction', 'lift') AND n.decided_on <= {})"
)


def _restriction(row: dict[str, Any]) -> schemas.Restriction:
    return schemas.Restriction(
        case=row["case_ref"],
        since=as_date(row["starts_on"]),
        ends_on=None if row["ends_on"] is None else as_date(row["ends_on"]),
        decided_on=as_date(row["decided_on"]),
        note=row["note"],
    )


async def in_force(
    network_id: int, day: dt.date, *, member_id: int | None = None, case_id: int | None = None
) -> list[schemas.Restriction]:
    """The restrictions in force on ``day``: of a member, of a case, or of the whole network."""
    sql, args = _IN_FORCE, [network_id, day, day, day]
    if member_id is not None:
        sql += " AND c.member = {}"
        args.append(member_id)
    if case_id is not None:
        sql += " AND c.id = {}"
        args.append(case_id)
    rows = await execute(sql + " ORDER BY d.starts_on, d.id", *args)
    return [_restriction(r) for r in rows]


async def restriction_for(
    network_id: int, member_id: int, day: dt.date
) -> schemas.Restriction | None:
    """The restriction of network services the member is under on ``day``, or None."""
    found = await in_force(network_id, day, member_id=member_id)
    return found[0] if found else None


def _until(restriction: schemas.Restriction) -> tuple[str, str]:
    """Until when, in English and French."""
    if restriction.ends_on is None:
        return "until lifted", "jusqu'à sa levée"
    last = (restriction.ends_on - dt.timedelta(days=1)).isoformat()
    return f"until {last} included", f"jusqu'au {last} inclus"


async def check_network_service(
    network_id: int,
    data: ContributionCreate,
    receiver_member_id: int | None,
    *,
    coordinator: bool,
) -> str:
    """The check the contribution service makes (its slow path) before logging an entry: a
    service the network gives to a member under a restriction is refused (409 naming
    ``receiver``), unless a coordinator overrides it with ``override_restriction`` (the reason).
    Returns what the entry's audit line must say of an override ("" when none was needed)."""
    override = data.override_restriction
    if override is not None and not coordinator:
        raise ForbiddenError(
            "Only a coordinator may override a restriction of network services.",
            errors=[FieldProblem("override_restriction", "coordinators only")],
        )
    if not data.giver.network or receiver_member_id is None:
        return ""
    restriction = await restriction_for(network_id, receiver_member_id, data.date)
    if restriction is None:
        return ""
    if override is not None:
        return (
            f"restriction overridden (case {restriction.case}, restricted since "
            f"{restriction.since.isoformat()}): {override}"
        )
    until_en, until_fr = _until(restriction)
    member = data.receiver.member
    since = restriction.since.isoformat()
    raise ConflictError(
        f"{member} is restricted from network services since {since} by decision of case "
        f"{restriction.case} ({until_en}): the network gives it no service meanwhile. A "
        "coordinator may override this by stating the reason in `override_restriction`.",
        errors=[
            FieldProblem(
                "receiver",
                f"the member is restricted since {since} by decision of case "
                f"{restriction.case} ({until_en})",
                value=member,
                message_fr=f"le membre est sous restriction des services du réseau depuis le "
                f"{since}, par décision du dossier {restriction.case} ({until_fr})",
            )
        ],
    )
