"""Per-request access checks shared by the REST routes and the WebSocket."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from gateway.auth import Authenticator, Credentials, scoped_tenant
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
    conn: HTTPConnection, scope: Scope | None = None, *, allow_query_token: bool = False
) -> Principal:
    auth: Authenticator = services(conn).auth
    principal = await auth.authenticate(_credentials(conn, allow_query_token))
    if scope is not None:
        principal.require(scope)
    return principal


async def tenant_for(conn: HTTPConnection, scope: Scope) -> tuple[Principal, str]:
    """The caller, and the path's company it may act on with `scope`."""
    principal = await caller(conn)
    tenant_id = scoped_tenant(principal, conn.path_params["companyId"])
    principal.require(scope)
    return principal, tenant_id
