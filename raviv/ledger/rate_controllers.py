"""HTTP routes of valuation: a network's dated rates, its employer-charge coefficient, and the
CVN accounts it books each form to.

Coordinators, consultants and member representatives read them (a representative sees what its
member's entries are worth); only coordinators state a rate, the coefficient or the accounts.
"""

from __future__ import annotations

from litestar import get, post, put
from litestar.params import FromPath, JSONBody

from raviv.guard.policy import ApiController, allow
from raviv.guard.roles import Role
from raviv.ledger import cvn_accounts, rates
from raviv.ledger import rate_schemas as schemas


class RateController(ApiController):
    path = "/api/networks/{network_ref:str}/rates"
    tags = ["rates"]  # noqa: RUF012

    @get(
        "/",
        opt=allow(Role.coordinator, Role.consultant, Role.member),
        summary="The network's rates, its charge coefficient and today's default hourly rate",
    )
    async def list_rates(self, network_ref: FromPath[str]) -> schemas.Rates:
        return await rates.list_rates(network_ref)

    @post(
        "/",
        opt=allow(Role.coordinator),
        summary="State a dated rate (never edited: a later one supersedes it)",
    )
    async def create_rate(
        self, network_ref: FromPath[str], data: JSONBody[schemas.RateCreate]
    ) -> schemas.Rate:
        return await rates.create_rate(network_ref, data)

    @put(
        "/policy",
        opt=allow(Role.coordinator),
        summary="Set the employer-charge coefficient of the default hourly rate, and its method",
    )
    async def set_policy(
        self, network_ref: FromPath[str], data: JSONBody[schemas.PolicyUpdate]
    ) -> schemas.Policy:
        return await rates.set_policy(network_ref, data)


class CvnAccountController(ApiController):
    path = "/api/networks/{network_ref:str}/cvn-accounts"
    tags = ["rates"]  # noqa: RUF012

    @get(
        "/",
        opt=allow(Role.coordinator, Role.consultant, Role.member),
        summary="The CVN accounts each form is booked to: ANC 2018-06's, or the network's own",
    )
    async def get_mapping(self, network_ref: FromPath[str]) -> schemas.CvnMapping:
        return await cvn_accounts.get_mapping(network_ref)

    @put(
        "/",
        opt=allow(Role.coordinator),
        summary="Book forms to accounts of the network's own (the others to the default ones)",
    )
    async def set_overrides(
        self, network_ref: FromPath[str], data: JSONBody[schemas.CvnAccountsUpdate]
    ) -> schemas.CvnMapping:
        return await cvn_accounts.set_overrides(network_ref, data)


ROUTERS = [RateController, CvnAccountController]
