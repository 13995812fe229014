"""Calendar feeds a calendar app can subscribe to: secret links that need no ``Authorization``.

Thunderbird, Google Calendar or Apple Calendar fetch a feed by its URL and send no header. A
signed-in caller allowed to read a member's or a group's ``calendar.ics`` gets, from
``GET …/calendar-link``, the URL of the same feed under ``/api/feeds/…?feed=<token>``.

The token is stateless: ``<account id>.<HMAC-SHA256>`` of ("calendar", the kind of feed, the
network's ref, the member's or group's ref, the account id), keyed with a key derived from the
installation's secret key. Fetching a feed checks the HMAC (in constant time), then the account's
current grants against the very rule of the authenticated route: revoking the account's role,
or deactivating the account, revokes every link it was given; a link is good for its own feed
only. A bad or revoked link answers 404, as a feed that does not exist (a leaked wrong link says
nothing), and is written to the audit log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from enum import StrEnum
from functools import lru_cache
from typing import Annotated
from urllib.parse import quote

import msgspec
from litestar import Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter

from raviv.access.tables import Account
from raviv.errors import NotFoundError
from raviv.guard import audit
from raviv.guard.deps import provide_principal
from raviv.guard.policy import PUBLIC, ApiController, Rule, rule_of
from raviv.guard.principal import Principal, grants_of
from raviv.guard.roles import Role
from raviv.guard.secrets import secret_key
from raviv.ledger import working_life
from raviv.ledger.working_controllers import (
    CALENDAR,
    MemberCalendarController,
    WorkingGroupController,
)
from raviv.ledger.working_controllers import ics_answer as calendar_response  # the same answer
from raviv.registry.service import network_id
from raviv.registry.tables import Network
from raviv.settings import get_settings

NETWORK = "/networks/{network_ref:str}"
FEEDS = "/feeds/{network_ref:str}"
#: The longest token read: an account id and 43 characters of MAC; anything longer is refused.
TOKEN_MAX = 80


class Feed(StrEnum):
    """Whose meetings a feed holds."""

    member = "member"
    group = "group"


#: Who may read each feed: the rules of the authenticated ``calendar.ics`` routes themselves.
RULES: dict[Feed, Rule] = {
    Feed.member: rule_of(MemberCalendarController.member_calendar),
    Feed.group: rule_of(WorkingGroupController.group_calendar),
}


class CalendarLink(msgspec.Struct, kw_only=True):
    """The secret URL of a calendar feed: whoever holds it reads the feed, so share it no
    further than the calendar app subscribing to it."""

    url: str


# -- the token ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _key() -> bytes:
    """The feeds' own key, derived from the installation's: a MAC of a feed is never a MAC of
    anything else the secret key signs."""
    return hmac.new(secret_key(), b"raviv calendar feeds", hashlib.sha256).digest()


def _mac(feed: Feed, network_ref: str, ref: str, account_id: int) -> bytes:
    # A JSON array: the fields cannot run into one another, whatever characters they hold.
    message = msgspec.json.encode(["calendar", feed.value, network_ref, ref, account_id])
    digest = hmac.new(_key(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=")


def feed_token(feed: Feed, network_ref: str, ref: str, account_id: int) -> str:
    """The token of ``account_id``'s link to the feed of ``ref`` (a member or a group)."""
    return f"{account_id}.{_mac(feed, network_ref, ref, account_id).decode()}"


def token_account(token: str, feed: Feed, network_ref: str, ref: str) -> int | None:
    """The account whose link to this feed ``token`` is, or None if it is no such link."""
    account, _, mac = token.partition(".")
    if len(token) > TOKEN_MAX or not (account.isascii() and account.isdigit()):
        return None
    if account != str(int(account)):  # one way to write an account: no leading zero
        return None
    expected = _mac(feed, network_ref, ref, int(account))
    if not hmac.compare_digest(mac.encode("ascii", "replace"), expected):
        return None
    return int(account)


def feed_url(feed: Feed, network_ref: str, ref: str, account_id: int) -> str:
    token = feed_token(feed, network_ref, ref, account_id)
    path = f"/api/feeds/{quote(network_ref, safe='')}/{feed.value}s/{quote(ref, safe='')}"
    return f"{get_settings().access.public_url}{path}/calendar.ics?feed={token}"


# -- who may read a feed --------------------------------------------------------------------------


async def admitted(account_id: int, rule: Rule, network_ref: str, member_ref: str | None) -> bool:
    """Whether the account, with the grants it holds now, passes ``rule`` for this network (and
    this member, for a representative): the authenticated route's check, for an account that
    sends no credential."""
    row = (
        await Account.select(Account.active, Account.site_admin)
        .where(Account.id == account_id)
        .first()
    )
    if row is None or not row["active"]:
        return False
    if row["site_admin"]:
        return True
    grants = [g for g in await grants_of(account_id) if g.network_ref == network_ref]
    roles = {g.role for g in grants}
    if roles & rule.roles:
        return True
    represented = {g.member_ref for g in grants if g.role is Role.member}
    return rule.own_member and member_ref is not None and member_ref in represented


async def _refuse(network_ref: str, feed: Feed, ref: str, account_id: int | None) -> NotFoundError:
    """Log a refused feed link (the account it names, when its MAC was good) and the 404."""
    detail = "a forged or mistyped link"
    if account_id is not None:
        detail = "the link's account may no longer read this calendar"
        if not await Account.exists().where(Account.id == account_id):
            account_id = None  # gone since: the line names no account
    row = await Network.select(Network.id).where(Network.ref == network_ref).first()
    await audit.record(
        "calendar.feed_refused",
        network=None if row is None else int(row["id"]),
        object_type=feed.value,
        object_ref=ref,
        detail=detail,
        account=account_id,
    )
    refusal = NotFoundError("No such calendar feed.")
    refusal.audited = True
    return refusal


async def feed_calendar(feed: Feed, network_ref: str, ref: str, token: str | None) -> bytes:
    """The feed a link names, if it is a good link of an account that may still read it."""
    account = None if token is None else token_account(token, feed, network_ref, ref)
    member = ref if feed is Feed.member else None
    if account is None or not await admitted(account, RULES[feed], network_ref, member):
        raise await _refuse(network_ref, feed, ref, account)
    if feed is Feed.member:
        return await working_life.member_calendar(network_ref, ref)
    return await working_life.group_calendar(network_ref, ref)


async def _link(feed: Feed, network_ref: str, ref: str, principal: Principal) -> CalendarLink:
    """The caller's link to a feed that exists (404 otherwise)."""
    if feed is Feed.member:
        await working_life.member_id(await network_id(network_ref), ref)
    else:
        await working_life.get_group(network_ref, ref)
    return CalendarLink(url=feed_url(feed, network_ref, ref, principal.account_id))


# -- the routes -----------------------------------------------------------------------------------

FeedToken = Annotated[
    str | None,
    QueryParameter(
        name="feed",
        description="The secret of the link `…/calendar-link` gives.",
    ),
]


class CalendarFeedController(ApiController):
    """The secret links to calendar feeds, and the feeds they lead to."""

    path = "/api"
    tags = ["meetings"]  # noqa: RUF012 - Litestar reads it as a class attribute
    dependencies = {"principal": Provide(provide_principal)}  # noqa: RUF012

    @get(
        NETWORK + "/members/{member_ref:str}/calendar-link",
        opt={"access": RULES[Feed.member]},
        summary="A secret link to the member's calendar feed, for calendar apps",
        description="Whoever holds the link reads the feed without signing in, as long as "
        "your account may read it: losing your role revokes the link.",
    )
    async def member_calendar_link(
        self,
        network_ref: FromPath[str],
        member_ref: FromPath[str],
        principal: NamedDependency[Principal],
    ) -> CalendarLink:
        return await _link(Feed.member, network_ref, member_ref, principal)

    @get(
        NETWORK + "/groups/{group_ref:str}/calendar-link",
        opt={"access": RULES[Feed.group]},
        summary="A secret link to the group's calendar feed, for calendar apps",
        description="Whoever holds the link reads the feed without signing in, as long as "
        "your account may read it: losing your role revokes the link.",
    )
    async def group_calendar_link(
        self,
        network_ref: FromPath[str],
        group_ref: FromPath[str],
        principal: NamedDependency[Principal],
    ) -> CalendarLink:
        return await _link(Feed.group, network_ref, group_ref, principal)

    @get(
        FEEDS + "/members/{member_ref:str}/calendar.ics",
        opt=PUBLIC,
        summary="A member's calendar feed, by its secret link (no Authorization)",
        description="A bad or revoked link answers 404.",
        media_type=CALENDAR,
    )
    async def member_feed(
        self, network_ref: FromPath[str], member_ref: FromPath[str], feed: FeedToken = None
    ) -> Response[bytes]:
        calendar = await feed_calendar(Feed.member, network_ref, member_ref, feed)
        return calendar_response(calendar, f"{member_ref}.ics")

    @get(
        FEEDS + "/groups/{group_ref:str}/calendar.ics",
        opt=PUBLIC,
        summary="A group's calendar feed, by its secret link (no Authorization)",
        description="A bad or revoked link answers 404.",
        media_type=CALENDAR,
    )
    async def group_feed(
        self, network_ref: FromPath[str], group_ref: FromPath[str], feed: FeedToken = None
    ) -> Response[bytes]:
        calendar = await feed_calendar(Feed.group, network_ref, group_ref, feed)
        return calendar_response(calendar, f"{group_ref}.ics")
