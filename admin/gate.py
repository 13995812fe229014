"""The gate in front of Piccolo Admin: raviv's sign-in, the network's rows, the audit log.

Every request to ``/admin`` passes here before Piccolo Admin sees it:

1. **Who.** raviv's session cookie is the only way in. No session, or an account that is
   neither a site administrator nor a coordinator: refused (401, 403), the admin never answers.
   Piccolo Admin's own sign-in, sign-out, password change and MFA routes are refused whatever
   the caller: nobody signs in with a Piccolo password.
2. **The shadow user.** Piccolo Admin wants its own user and session: the gate keeps one
   Piccolo user per raviv account (``raviv-<account id>``, no usable password), and a session
   of it that it puts in the request itself, in place of any ``id`` cookie the browser sent
   (the browser never holds it). An account refused later (its role revoked: raviv notices
   within ``RAVIV_ACCESS_RECHECK_MS``) has its shadow user disabled and its sessions deleted.
3. **Which rows.** A site administrator sees every network. A coordinator sees one network
   (the one chosen with ``/admin/?reseau=REF`` among those they coordinate, else the first):
   lists and counts get the network's filter forced, ``ids`` is answered here from the
   network's rows, a single row of another network is a 404, a write names the same network.
   Every route Piccolo Admin has is listed below; any other is a 404.
4. **What it says.** Each table's schema, where Piccolo Admin's pages find the columns' labels,
   is answered with their French labels (:mod:`admin.tables`); nothing else is rewritten.
5. **What changes.** Only the columns :mod:`admin.tables` lists, the domain's checks applied
   (a member's tier is one of the network's); deletions and ``PUT`` never. Each write runs in
   one transaction with its audit line (the raviv account, before and after): both or neither.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from piccolo.apps.user.tables import BaseUser
from piccolo_api.session_auth.tables import SessionsBase

from admin.tables import EXPOSED, Exposed
from raviv.db import execute, transaction
from raviv.errors import InvalidError
from raviv.guard import audit
from raviv.guard.middleware import session_cookie_name
from raviv.guard.principal import Principal, load_principal
from raviv.guard.roles import CredentialKind, Role
from raviv.registry.service import checked_fte, checked_siret, tier_codes

ASGIApp = Callable[..., Awaitable[None]]
Message = dict[str, Any]

#: The cookie remembering which network a coordinator of several works on.
NETWORK_COOKIE = "raviv_admin_reseau"
#: How long a shadow session is reused before a new one is made (Piccolo's lasts an hour).
SESSION_REUSE = timedelta(minutes=30)

# Piccolo Admin's routes that never answer here: its own sign-in and what goes with it.
_REFUSED_PREFIXES = (
    "/public/login",
    "/public/logout",
    "/public/docs",
    "/public/openapi.json",
    "/api/change-password",
    "/api/mfa-setup",
    "/api/media",
    "/api/docs",
    "/api/openapi.json",
)
# Piccolo Admin's routes any admitted caller may read as they are (nothing of a network in them).
_PLAIN_GETS = frozenset(
    {
        "/api/tables/",
        "/api/tables/grouped/",
        "/api/links/",
        "/api/forms/",
        "/api/forms/grouped/",
        "/api/user/",
        "/public/meta/",
        "/public/translations/",
    }
)
# Per table: routes that describe the table, not its rows.
_TABLE_META = frozenset({"schema", "new", "references"})


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is in the admin, and which network's rows they see (None: every network)."""

    principal: Principal
    network_id: int | None
    network_ref: str | None
    coordinated: tuple[tuple[int, str], ...]  # (id, ref) of the networks they coordinate

    @property
    def scoped(self) -> bool:
        return self.network_id is not None

    def may_use(self, network_ref: str) -> bool:
        return not self.scoped or network_ref == self.network_ref


def admitted(principal: Principal, chosen: str | None) -> Caller | None:
    """The caller the admin admits, or None: site administrators, and coordinators (of the
    network chosen among theirs, else of the first by ref)."""
    if principal.site_admin:
        return Caller(principal, None, None, ())
    coordinated = tuple(
        sorted(
            {(g.network_id, g.network_ref) for g in principal.grants if g.role is Role.coordinator},
            key=lambda n: n[1],
        )
    )
    if not coordinated:
        return None
    network = next((n for n in coordinated if n[1] == chosen), coordinated[0])
    return Caller(principal, network[0], network[1], coordinated)


class _ShadowSessions:
    """The Piccolo session of each admitted account (this process's; Piccolo's table holds it)."""

    def __init__(self) -> None:
        self._tokens: dict[int, tuple[str, datetime]] = {}

    async def token(self, principal: Principal) -> str:
        now = datetime.now(UTC)
        held = self._tokens.get(principal.account_id)
        if held is not None and now - held[1] < SESSION_REUSE:
            return held[0]
        user_id = await _shadow_user(principal)
        session = await SessionsBase.create_session(
            user_id=user_id,
            expiry_date=(now + SESSION_REUSE * 2).replace(tzinfo=None),
            max_expiry_date=(now + timedelta(hours=8)).replace(tzinfo=None),
        )
        self._tokens[principal.account_id] = (session.token, now)
        return str(session.token)

    async def close(self, account_id: int) -> None:
        """The account may no longer use the admin: its shadow user off, its sessions gone."""
        self._tokens.pop(account_id, None)
        rows = await BaseUser.select(BaseUser.id).where(BaseUser.email == _shadow_email(account_id))
        for row in rows:
            await BaseUser.update({BaseUser.active: False}).where(BaseUser.id == row["id"])
            await SessionsBase.delete().where(SessionsBase.user_id == row["id"])

    def forget(self) -> None:
        self._tokens.clear()


SHADOW = _ShadowSessions()


def _shadow_email(account_id: int) -> str:
    """What finds the account's shadow user (its name follows the account's display name)."""
    return f"raviv-{account_id}@admin.invalid"


async def _shadow_user(principal: Principal) -> int:
    """The Piccolo user standing for ``principal``: made, or enabled and renamed, as needed.
    Its password is ``!``, which no password hashes to: nobody can sign in with it."""
    email = _shadow_email(principal.account_id)
    username = f"{principal.display_name or principal.email} (n° {principal.account_id})"[:100]
    rows = await BaseUser.select(
        BaseUser.id, BaseUser.active, BaseUser.admin, BaseUser.username
    ).where(BaseUser.email == email)
    if rows:
        row = rows[0]
        if not (row["active"] and row["admin"]) or row["username"] != username:
            await BaseUser.update(
                {
                    BaseUser.active: True,
                    BaseUser.admin: True,
                    BaseUser.username: username,
                }
            ).where(BaseUser.id == row["id"])
        return int(row["id"])
    user = BaseUser(  # type: ignore[no-untyped-call]
        username=username,
        email=email,
        first_name=principal.display_name[:255],
        active=True,
        admin=True,
        superuser=False,
    )
    await user.save()
    await BaseUser.update({BaseUser.password: "!"}).where(BaseUser.id == user.id)
    return int(user.id)


class Refusal(Exception):
    def __init__(self, status: int, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.field = field


async def _answer(send: Callable[[Message], Awaitable[None]], status: int, body: Any) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(payload)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def _problem(refusal: Refusal) -> dict[str, Any]:
    body: dict[str, Any] = {"title": refusal.detail, "status": refusal.status}
    if refusal.field:
        # FastAPI's shape, which Piccolo Admin's forms show beside the field
        body["detail"] = [{"loc": ["body", refusal.field], "msg": refusal.detail}]
        body["invalid_params"] = [{"name": refusal.field, "reason": refusal.detail}]
    else:
        body["detail"] = refusal.detail
    return body


def _cookies(scope: dict[str, Any]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: S112 - a malformed cookie header is no cookie
                continue
    return {k: m.value for k, m in jar.items()}


def _with_headers(scope: dict[str, Any], cookies: dict[str, str]) -> list[tuple[bytes, bytes]]:
    headers = [(k, v) for k, v in scope.get("headers", []) if k != b"cookie"]
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return [*headers, (b"cookie", cookie.encode("latin-1"))]


class AdminGate:
    """The ASGI application mounted at ``/admin``: checks, then hands over to Piccolo Admin."""

    def __init__(self, admin_app: ASGIApp) -> None:
        self.admin_app = admin_app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        path = _relative_path(scope)
        client = scope.get("client")
        ip = client[0] if client else ""
        cookies = _cookies(scope)
        secret = cookies.get(session_cookie_name())
        principal = await load_principal(secret, CredentialKind.session) if secret else None
        if principal is None:
            await _answer(
                send,
                401,
                {
                    "title": "Connectez-vous à raviv d'abord.",
                    "status": 401,
                    "detail": "Ouvrez une session raviv dans ce navigateur (POST /api/auth/login, "
                    '"mode": "session"), puis revenez sur /admin/ (docs/admin.md).',
                },
            )
            return
        chosen = dict(parse_qsl(scope.get("query_string", b"").decode())).get("reseau")
        caller = admitted(principal, chosen or cookies.get(NETWORK_COOKIE))
        with audit.acting_as(audit.Actor("admin", principal.account_id, ip)):
            if caller is None:
                await SHADOW.close(principal.account_id)
                await audit.record(
                    "access.denied",
                    object_type="route",
                    object_ref=f"{scope.get('method')} /admin{path}",
                    detail="403: the admin is for site administrators and coordinators",
                )
                await _answer(
                    send,
                    403,
                    {
                        "title": "L'administration est réservée aux coordinations et aux "
                        "administrateurs du site.",
                        "status": 403,
                    },
                )
                return
            try:
                await self._handle(caller, path, scope, receive, send, cookies, chosen)
            except Refusal as refusal:
                await _answer(send, refusal.status, _problem(refusal))
            except InvalidError as invalid:
                field = invalid.errors[0].field if invalid.errors else None
                await _answer(send, 422, _problem(Refusal(422, invalid.detail, field)))

    async def _handle(  # noqa: PLR0917 - one request's parts
        self,
        caller: Caller,
        path: str,
        scope: dict[str, Any],
        receive: Any,
        send: Any,
        cookies: dict[str, str],
        chosen: str | None,
    ) -> None:
        method = scope.get("method", "GET")
        if path.startswith(_REFUSED_PREFIXES):
            raise Refusal(
                404 if "login" not in path else 403,
                "On entre dans l'administration par sa session raviv, jamais par un mot de "
                "passe de Piccolo Admin."
                if "login" in path
                else "Cette route de Piccolo Admin n'est pas ouverte ici.",
            )
        cookies.pop(session_cookie_name(), None)  # Piccolo Admin has no use for raviv's secret
        cookies["id"] = await SHADOW.token(caller.principal)
        inner = {**scope, "headers": _with_headers(scope, cookies), "raviv_admin": caller}
        if path == "":  # the page's assets are relative: it must be /admin/
            await send(
                {
                    "type": "http.response.start",
                    "status": 308,
                    "headers": [(b"location", b"/admin/"), (b"content-length", b"0")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        if path == "/" or path.startswith("/assets/"):
            if method != "GET":
                raise Refusal(405, "Méthode refusée.")
            await self.admin_app(inner, receive, _remembering(send, chosen, caller))
            return
        if path in _PLAIN_GETS or path.startswith("/public/translations/"):
            if method != "GET":
                raise Refusal(405, "Méthode refusée.")
            await self.admin_app(inner, receive, send)
            return
        if path.startswith("/api/forms/"):
            # the forms check the network asked for themselves (admin/forms.py)
            await self.admin_app(inner, receive, send)
            return
        if path.startswith("/api/tables/"):
            await self._table_route(caller, path, method, inner, receive, send)
            return
        raise Refusal(404, "Cette route de Piccolo Admin n'est pas ouverte ici.")

    async def _table_route(  # noqa: PLR0917 - one request's parts
        self,
        caller: Caller,
        path: str,
        method: str,
        scope: dict[str, Any],
        receive: Any,
        send: Any,
    ) -> None:
        parts = [p for p in path.removeprefix("/api/tables/").split("/") if p]
        exposed = EXPOSED.get(parts[0]) if parts else None
        if exposed is None or len(parts) > 2:
            raise Refusal(404, "Pas de telle table dans l'administration.")
        rest = parts[1] if len(parts) == 2 else ""
        if rest in _TABLE_META:
            _only_get(method)
            await self.admin_app(
                scope, receive, _labelling(send, exposed) if rest == "schema" else send
            )
        elif rest == "ids":
            _only_get(method)
            if caller.scoped:
                await _answer(send, 200, await _scoped_ids(exposed, caller, scope))
            else:
                await self.admin_app(scope, receive, send)
        elif rest in {"", "count"}:
            if method == "POST" and rest == "":
                await self._create(caller, exposed, scope, receive, send)
                return
            _only_get(method)
            await self.admin_app(_scoped_query(scope, exposed, caller), receive, send)
        else:
            row_id = _row_id(rest)
            before = await _row(exposed, row_id)
            if before is None or not _in_scope(caller, exposed, before):
                raise Refusal(404, "Pas de telle ligne.")
            if method == "GET":
                await self.admin_app(scope, receive, send)
            elif method == "PATCH":
                await self._update(caller, exposed, before, scope, receive, send)
            else:
                raise Refusal(405, "Rien ne se supprime ni ne se remplace ici.")

    async def _update(  # noqa: PLR0917 - one request's parts
        self,
        caller: Caller,
        exposed: Exposed,
        before: dict[str, Any],
        scope: dict[str, Any],
        receive: Any,
        send: Any,
    ) -> None:
        if not exposed.editable:
            raise Refusal(405, "Cette table ne se modifie pas dans l'administration.")
        body = await _json_body(receive)
        changes = {k: v for k, v in body.items() if not _same(v, before.get(k))}
        for name in changes:
            if name not in exposed.editable:
                raise Refusal(422, "Ce champ ne se modifie pas dans l'administration.", name)
        if not changes:  # the form saved as it was: nothing to write, nothing to log
            await _answer(send, 200, _jsonable(before))
            return
        if exposed.tablename == "person" and before.get("erased_at") is not None:
            raise Refusal(409, "Cette personne a été effacée (RGPD) : elle ne se modifie plus.")
        await _domain_checks(exposed, before["network"], changes)
        await self._write(
            exposed, "update", int(before["id"]), before, changes, scope, send, caller
        )

    async def _create(
        self,
        caller: Caller,
        exposed: Exposed,
        scope: dict[str, Any],
        receive: Any,
        send: Any,
    ) -> None:
        if not exposed.creatable:
            raise Refusal(405, "On n'ajoute pas de ligne à cette table dans l'administration.")
        body = await _json_body(receive)
        values = {k: v for k, v in body.items() if v not in (None, "") or k in exposed.creatable}
        for name in values:
            if name not in exposed.creatable and name != "id":
                raise Refusal(422, "Ce champ ne se renseigne pas dans l'administration.", name)
        values.pop("id", None)
        network = _as_int(values.get("network"), "network")
        if caller.scoped and network != caller.network_id:
            raise Refusal(403, "Une coordination n'ajoute de lignes qu'à son réseau.", "network")
        await _same_network_references(exposed, network, values)
        await _domain_checks(exposed, network, values)
        if any(c._meta.name == "created_at" for c in exposed.table._meta.columns):
            values["created_at"] = datetime.now(UTC).isoformat()  # set here, never by the form
        await self._write(exposed, "create", None, None, values, scope, send, caller)

    async def _write(  # noqa: PLR0917 - one write's parts
        self,
        exposed: Exposed,
        verb: str,
        row_id: int | None,
        before: dict[str, Any] | None,
        body: dict[str, Any],
        scope: dict[str, Any],
        send: Any,
        caller: Caller,
    ) -> None:
        """Hand the write to Piccolo Admin and write its audit line, in one transaction; the
        answer is sent once both are kept (or the write undone if Piccolo refused it)."""
        payload = json.dumps(body).encode()
        headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
        inner = {**scope, "headers": [*headers, (b"content-length", str(len(payload)).encode())]}
        answer: list[Message] = []

        async def replay() -> Message:
            return {"type": "http.request", "body": payload, "more_body": False}

        async def keep(message: Message) -> None:
            answer.append(message)

        try:
            async with transaction():
                await self.admin_app(inner, replay, keep)
                after = await _written(exposed, row_id, answer)
                await audit.record(
                    f"{exposed.tablename}.{verb}",
                    network=_network_of(exposed, after),
                    object_type=exposed.tablename,
                    object_ref=str(after.get("ref") or after["id"]),
                    before=_jsonable(before),
                    after=_jsonable(after),
                    detail=f"admin ({'site' if not caller.scoped else caller.network_ref})",
                )
        except _Undone:
            pass
        for message in answer:
            await send(message)


class _Undone(Exception):
    """Piccolo refused the write: the transaction is rolled back, its answer passed on."""


async def _written(exposed: Exposed, row_id: int | None, answer: list[Message]) -> dict[str, Any]:
    """The row as Piccolo Admin left it, or :class:`_Undone` if it refused the write."""
    status = next(m["status"] for m in answer if m["type"] == "http.response.start")
    if status >= 300:
        raise _Undone
    after = await _row(exposed, row_id if row_id is not None else _created_id(answer))
    if after is None:
        raise _Undone
    return after


def _relative_path(scope: dict[str, Any]) -> str:
    path = str(scope.get("path", ""))
    return path.removeprefix("/admin") if path.startswith("/admin") else path


def _only_get(method: str) -> None:
    if method != "GET":
        raise Refusal(405, "Méthode refusée.")


def _row_id(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise Refusal(404, "Pas de telle ligne.") from None
    if value < 1:
        raise Refusal(404, "Pas de telle ligne.")
    return value


def _as_int(value: Any, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Refusal(422, "Un nombre entier est attendu.", field) from None


async def _row(exposed: Exposed, row_id: int) -> dict[str, Any] | None:
    table = exposed.table
    rows = await table.select().where(table._meta.primary_key == row_id)
    return dict(rows[0]) if rows else None


def _network_of(exposed: Exposed, row: dict[str, Any]) -> int | None:
    value = row.get(exposed.scope_column)
    return int(value) if value is not None else None


def _in_scope(caller: Caller, exposed: Exposed, row: dict[str, Any]) -> bool:
    return not caller.scoped or _network_of(exposed, row) == caller.network_id


def _scoped_query(scope: dict[str, Any], exposed: Exposed, caller: Caller) -> dict[str, Any]:
    """The list's or count's query with the caller's network forced: any filter the client
    put on the network column (exact or with an operator) goes, the caller's comes."""
    if not caller.scoped:
        return scope
    column = exposed.scope_column
    pairs = [
        (k, v)
        for k, v in parse_qsl(scope.get("query_string", b"").decode(), keep_blank_values=True)
        if k != column and not k.startswith(f"{column}__")
    ]
    pairs.append((column, str(caller.network_id)))
    return {**scope, "query_string": urlencode(pairs).encode()}


async def _scoped_ids(exposed: Exposed, caller: Caller, scope: dict[str, Any]) -> dict[str, str]:
    """``/ids/`` for a coordinator: Piccolo's has no filter, so it is answered here, from the
    network's rows only (same shape: id → readable, ``search``, ``limit``, ``offset``)."""
    table = exposed.table
    params = dict(parse_qsl(scope.get("query_string", b"").decode()))
    try:
        offset = max(int(params.get("offset", 0)), 0)
        limit = int(params["limit"]) if "limit" in params else None
    except ValueError:
        raise Refusal(400, "limit et offset sont des nombres entiers.") from None
    query = (
        table.select(table._meta.primary_key, table.get_readable())
        .where(getattr(table, exposed.scope_column) == caller.network_id)
        .order_by(table._meta.primary_key)
    )
    search = params.get("search", "").casefold()
    if not search and limit is not None:  # a page of the picker, in SQL
        rows = await query.limit(max(limit, 0)).offset(offset)
    else:  # everything, or a search through the readable names
        found = [r for r in await query if search in str(r["readable"]).casefold()]
        rows = found[offset : None if limit is None else offset + max(limit, 0)]
    return {str(r["id"]): str(r["readable"]) for r in rows}


async def _json_body(receive: Any) -> dict[str, Any]:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    try:
        body = json.loads(b"".join(chunks) or b"{}")
    except ValueError:
        raise Refusal(400, "Le corps de la requête n'est pas du JSON.") from None
    if not isinstance(body, dict):
        raise Refusal(400, "Le corps de la requête est un objet JSON.")
    return body


def _same(sent: Any, current: Any) -> bool:  # noqa: PLR0911 - one answer per kind of value
    """Whether a value a form sends back is the one the row holds (forms send every field)."""
    if sent == current:
        return True
    if current is None or sent is None:
        return sent in (None, "") and current in (None, "")
    if isinstance(current, datetime):  # the form's own rendering: to the second, maybe naive
        try:
            when = datetime.fromisoformat(str(sent).replace("Z", "+00:00"))
        except ValueError:
            return False
        now = current if current.tzinfo else current.replace(tzinfo=UTC)
        return abs((when if when.tzinfo else when.replace(tzinfo=UTC)) - now) < timedelta(seconds=1)
    if isinstance(current, date):
        return str(sent)[:10] == current.isoformat() and len(str(sent)) <= 10
    if isinstance(current, (Decimal, float, int)) and not isinstance(current, bool):
        try:
            return Decimal(str(sent)) == Decimal(str(current))
        except InvalidOperation:
            return False
    return str(sent) == str(current)


async def _same_network_references(exposed: Exposed, network: int, values: dict[str, Any]) -> None:
    """A new row points only at rows of its own network (a due at one of its members)."""
    if "member" in values:
        rows = await execute(
            "SELECT network FROM member WHERE id = {}", _as_int(values["member"], "member")
        )
        if not rows or rows[0]["network"] != network:
            raise Refusal(422, "Cette structure n'est pas de ce réseau.", "member")


async def _domain_checks(exposed: Exposed, network: int, values: dict[str, Any]) -> None:
    """The checks the domain's services make on the same fields."""
    if exposed.tablename == "member":
        if "tier" in values and str(values["tier"]) not in await tier_codes(network):
            raise Refusal(422, "Ce collège n'existe pas dans le réseau.", "tier")
        if "siret" in values:
            values["siret"] = checked_siret(values["siret"] or None)
        if "headcount_fte" in values and values["headcount_fte"] not in (None, ""):
            try:
                checked_fte(Decimal(str(values["headcount_fte"])))
            except InvalidOperation:
                raise Refusal(422, "Un nombre est attendu.", "headcount_fte") from None
    if (
        exposed.tablename == "tier"
        and "code" in values
        and str(values["code"]) in await tier_codes(network)
    ):
        raise Refusal(409, "Ce code de collège existe déjà dans le réseau.", "code")
    for name in ("amount_cents", "eur_per_unit_cents", "duration_milli"):
        if name in values and _as_int(values[name], name) < 0:
            raise Refusal(422, "Un nombre positif ou nul est attendu.", name)
    if exposed.tablename == "shared_project" and values.get("lead") not in (None, ""):
        await _same_network_references(exposed, network, {"member": values["lead"]})


def _created_id(answer: list[Message]) -> int:
    body = b"".join(m.get("body", b"") for m in answer if m["type"] == "http.response.body")
    created = json.loads(body)
    row = created[0] if isinstance(created, list) else created
    return int(row["id"])


def _jsonable(row: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if row is None else audit.snapshot(row)


def _labelling(
    send: Callable[[Message], Awaitable[None]], exposed: Exposed
) -> Callable[[Message], Awaitable[None]]:
    """The table's schema with its French labels (:attr:`Exposed.columns`, :attr:`Exposed.label`)
    in place of pydantic's titles made from the column names: Piccolo Admin's forms, lists and
    filters show these titles. The schema alone is held back and rewritten (a few kilobytes,
    its length set again); the names of the properties, the API's fields, stay as they are."""
    start: Message | None = None
    chunks: list[bytes] = []

    async def labelled(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
            return
        if message["type"] != "http.response.body" or start is None:
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body"):
            return
        body = _with_labels(start, b"".join(chunks), exposed)
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        length = (b"content-length", str(len(body)).encode())
        await send({**start, "headers": [*headers, length]})
        await send({"type": "http.response.body", "body": body})

    return labelled


def _with_labels(start: Message, body: bytes, exposed: Exposed) -> bytes:
    """``body`` with the labels, or as it came if it is not the schema (an error, compressed)."""
    headers = {k.lower(): v for k, v in start["headers"]}
    if start["status"] != 200 or b"content-encoding" in headers:
        return body
    try:
        schema = json.loads(body)
    except ValueError:
        return body
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        return body
    schema["title"] = exposed.label
    for name, prop in schema["properties"].items():
        if name in exposed.columns and isinstance(prop, dict):
            prop["title"] = exposed.columns[name]
    return json.dumps(schema, ensure_ascii=False).encode()


def _remembering(
    send: Callable[[Message], Awaitable[None]], chosen: str | None, caller: Caller
) -> Callable[[Message], Awaitable[None]]:
    """The page's answer, keeping the network a coordinator chose (``?reseau=REF``)."""
    if not chosen or not caller.scoped or chosen != caller.network_ref:
        return send

    async def with_cookie(message: Message) -> None:
        if message["type"] == "http.response.start":
            cookie = f"{NETWORK_COOKIE}={chosen}; Path=/admin; HttpOnly; SameSite=Lax"
            message = {
                **message,
                "headers": [*message["headers"], (b"set-cookie", cookie.encode())],
            }
        await send(message)

    return with_cookie
