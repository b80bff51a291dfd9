"""Per-request access checks shared by the REST routes and the WebSocket."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.requests import HTTPConnection

from gateway.auth import Authenticator, Credentials, require_admin, scoped_tenant
from gateway.errors import ApiError
from gateway.principal import Principal, Scope
from gateway.services import services

# a browser cannot set Authorization on a WebSocket, but it can offer subprotocols: the
# console offers ["wagate", "bearer.<credential>"] (a header, so not in any URL or log)
WS_PROTOCOL = "wagate"
_BEARER_PROTOCOL = "bearer."


def _protocol_token(conn: HTTPConnection) -> str | None:
    offered = conn.headers.get("sec-websocket-protocol", "")
    for protocol in (p.strip() for p in offered.split(",")):
        if protocol.startswith(_BEARER_PROTOCOL):
            return protocol[len(_BEARER_PROTOCOL) :] or None
    return None


def client_address(conn: HTTPConnection) -> str:
    """The caller's address (the trusted proxies' view, see WAGATE_TRUSTED_PROXY_HOPS)."""
    return conn.client.host if conn.client else "unknown"


def _credentials(conn: HTTPConnection, allow_query_token: bool) -> Credentials:
    return Credentials(
        authorization=conn.headers.get("authorization"),
        api_key=conn.headers.get("x-api-key"),
        # tokens in URLs end up in logs: only the WebSocket, where browsers cannot set
        # headers, takes one there (or in its subprotocol header)
        query_token=(conn.query_params.get("token") or _protocol_token(conn))
        if allow_query_token
        else None,
        client_address=client_address(conn),
    )


async def caller(
    conn: HTTPConnection,
    scope: Scope | None = None,
    *,
    allow_query_token: bool = False,
    lockout_later: bool = False,
) -> Principal:
    """`lockout_later`: see Authenticator.authenticate (only inside lockout_before_refusals)."""
    auth: Authenticator = services(conn).auth
    principal = await auth.authenticate(
        _credentials(conn, allow_query_token), lockout_later=lockout_later
    )
    if scope is not None:
        principal.require(scope)
    return principal


async def tenant_for(
    conn: HTTPConnection, scope: Scope, *, lockout_later: bool = False
) -> tuple[Principal, str]:
    """The caller, and the path's company it may act on with `scope`."""
    principal = await caller(conn, lockout_later=lockout_later)
    tenant_id = scoped_tenant(principal, conn.path_params["companyId"])
    principal.require(scope)
    return principal, tenant_id


async def operator_tenant(conn: HTTPConnection) -> str:
    """The path's company for a change only operators make: anyone else is refused 403
    admin_required whichever company the path names (so that answer says nothing of
    which companies exist)."""
    principal = await caller(conn)
    require_admin(principal)
    return scoped_tenant(principal, conn.path_params["companyId"])


@contextlib.asynccontextmanager
async def lockout_before_refusals(conn: HTTPConnection, active: bool) -> AsyncIterator[None]:
    """When `active`, for a route that authenticated with `lockout_later` and checks the
    lockout in its rate limit's call: a refusal raised in this block is preceded by the
    lockout check, so a locked-out address learns nothing of its credential. A refused
    credential (401) was checked and counted by the authenticator already."""
    try:
        yield
    except ApiError as e:
        if active and e.status != 401 and e.code != "too_many_auth_failures":
            auth: Authenticator = services(conn).auth
            await auth.refuse_if_locked_out(client_address(conn))
        raise
