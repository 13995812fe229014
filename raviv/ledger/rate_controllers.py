"""HTTP routes of valuation: a network's dated rates and its employer-charge coefficient.

Coordinators, consultants and member representatives read them (a representative sees what its
member's entries are worth); only coordinators state a rate or the coefficient.
"""

from __future__ import annotations

from litestar import get, post, put
from litestar.params import FromPath, JSONBody

from raviv.guard.policy import ApiController, allow
from raviv.guard.roles import Role
from raviv.ledger import rate_schemas as schemas
from raviv.ledger import rates


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


ROUTERS = [RateController]
