"""A network's CVN accounts (docs/scoring.md §2): the mapping of each form to the accounts its
receiver books it to, ANC 2018-06's default (:data:`raviv.valuation.CVN_ACCOUNTS`) unless the
network books some forms to accounts of its own. Reports state the mapping in force.

- An override names a form (never ``money``: it is not in kind), a use account among 860, 861,
  8611, 8612, 862, 864 and a resource account among 870, 871, 875.
- The network states its overrides all at once (:func:`set_overrides`): the forms it leaves
  out are booked to the default again. Each change writes one audit line with the overrides
  before and after, in the same transaction.
- :func:`mapping_in_force` is the plain data reports print; :func:`accounts_for` is what the
  CVN computation uses (:mod:`raviv.scoring.totals`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec

from raviv.db import duplicate_is_conflict, transaction
from raviv.errors import FieldProblem, InvalidError
from raviv.guard import audit
from raviv.ledger import rate_schemas as schemas
from raviv.ledger.tables import CvnAccount
from raviv.registry.service import network_id
from raviv.valuation import (
    CVN_ACCOUNTS,
    CvnAccounts,
    accounts_in_force,
    cvn_override_problems,
    mapping_json,
)
from raviv.vocabulary import Form

# -- reading --------------------------------------------------------------------------------------


async def read_overrides(network: int) -> dict[Form, CvnAccounts]:
    """The forms ``network`` books to accounts of its own, in the order of the forms."""
    rows = (
        await CvnAccount.select(
            CvnAccount.form, CvnAccount.use_account, CvnAccount.resource_account
        )
        .where(CvnAccount.network == network)
        .run()
    )
    found = {
        Form(row["form"]): CvnAccounts(row["use_account"], row["resource_account"]) for row in rows
    }
    return {form: found[form] for form in CVN_ACCOUNTS if form in found}


async def accounts_for(network: int) -> dict[Form, CvnAccounts | None]:
    """The mapping in force for ``network``: every form, its accounts (none for money)."""
    return accounts_in_force(await read_overrides(network))


async def mapping_in_force(network_ref: str) -> dict[str, Any]:
    """The network's CVN mapping in force as plain JSON-ready data (what ``GET
    /api/networks/{ref}/cvn-accounts`` answers), for reports::

        {"standard": "ANC 2018-06",
         "accounts": [{"form": "time", "use": "864", "use_label": "Personnel bénévole",
                       "resource": "875", "resource_label": "Bénévolat",
                       "overridden": false, "default": {"use": "864", "resource": "875"}},
                      …,
                      {"form": "money", "use": null, "use_label": null, "resource": null,
                       "resource_label": null, "overridden": false, "default": null}],
         "overridden": ["premises", …]}

    Raises NotFoundError for an unknown network."""
    return mapping_json(await read_overrides(await network_id(network_ref)))


async def get_mapping(network_ref: str) -> schemas.CvnMapping:
    return msgspec.convert(await mapping_in_force(network_ref), schemas.CvnMapping)


# -- changing -------------------------------------------------------------------------------------


def checked_overrides(lines: list[schemas.CvnOverride]) -> dict[Form, CvnAccounts]:
    """The overrides given, or InvalidError naming every field at fault
    (``overrides[1].use``): an account out of its list, money, a form given twice."""
    problems: list[FieldProblem] = []
    seen: dict[Form, int] = {}
    for i, line in enumerate(lines):
        for field, reason in cvn_override_problems(line.form, line.use, line.resource):
            value = {"form": line.form.value, "use": line.use, "resource": line.resource}[field]
            problems.append(FieldProblem(f"overrides[{i}].{field}", reason, value=value))
        if line.form in seen:
            reason = f"overrides[{seen[line.form]}] is for the same form"
            problems.append(FieldProblem(f"overrides[{i}].form", reason, value=line.form.value))
        seen.setdefault(line.form, i)
    if problems:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise InvalidError(f"the CVN accounts are invalid: {listed}", errors=problems)
    by_form = {line.form: CvnAccounts(line.use, line.resource) for line in lines}
    return {form: by_form[form] for form in CVN_ACCOUNTS if form in by_form}


def _audited(overrides: dict[Form, CvnAccounts]) -> list[dict[str, str]]:
    return [
        {"form": form.value, "use": pair.use, "resource": pair.resource}
        for form, pair in overrides.items()
    ]


async def write_overrides(network: int, overrides: dict[Form, CvnAccounts]) -> None:
    """Store ``overrides`` as the network's whole set (inside the caller's transaction): rows
    of forms left out are deleted, changed ones updated, new ones inserted."""
    before = await read_overrides(network)
    now = datetime.now(UTC)
    gone = [form.value for form in before if form not in overrides]
    if gone:
        await (
            CvnAccount.delete()
            .where((CvnAccount.network == network) & CvnAccount.form.is_in(gone))
            .run()
        )
    for form, pair in overrides.items():
        if form not in before:
            await CvnAccount.insert(
                CvnAccount(
                    network=network,
                    form=form.value,
                    use_account=pair.use,
                    resource_account=pair.resource,
                    updated_at=now,
                )
            ).run()
        elif before[form] != pair:
            await (
                CvnAccount.update(
                    {
                        CvnAccount.use_account: pair.use,
                        CvnAccount.resource_account: pair.resource,
                        CvnAccount.updated_at: now,
                    }
                )
                .where((CvnAccount.network == network) & (CvnAccount.form == form.value))
                .run()
            )


async def set_overrides(network_ref: str, data: schemas.CvnAccountsUpdate) -> schemas.CvnMapping:
    """Book the forms of ``data`` to the network's own accounts, and every other form to the
    default ones. Raises InvalidError (every field at fault; nothing changed), NotFoundError,
    ConflictError when another change ran at the same time."""
    overrides = checked_overrides(data.overrides)
    meanwhile = "the CVN accounts were being changed at the same time: try again"
    async with duplicate_is_conflict("overrides", meanwhile), transaction():
        nid = await network_id(network_ref)
        before = await read_overrides(nid)
        if before != overrides:
            await write_overrides(nid, overrides)
            await audit.record(
                "cvn_accounts.update",
                network=nid,
                object_type="network",
                object_ref=network_ref,
                before={"overrides": _audited(before)},
                after={"overrides": _audited(overrides)},
            )
    return await get_mapping(network_ref)
