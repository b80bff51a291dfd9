"""The gateway answers only the Host names it serves (WAGATE_ALLOWED_HOSTS).

A web page on another site can make its own name resolve to 127.0.0.1 (DNS rebinding)
and then call the gateway on this machine as a same-origin request; its Host header
still names that other site, so refusing unknown Hosts closes that door. Liveness and
readiness are answered whatever the Host: orchestrators probe by address, and those two
say nothing about any tenant.

Starlette's TrustedHostMiddleware is not used: it answers in plain text (not the API's
JSON error shape), and it cuts `[::1]:3000` at the first colon.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.errors import error_response
from wagate.config import GatewaySettings

_LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
_UNCHECKED_PATHS = frozenset({"/healthz", "/readyz"})


def split_host(value: str) -> tuple[str, str | None]:
    """(name, port) of a Host header: `[::1]:3000` -> ("[::1]", "3000")."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value.partition("]")
        port = rest[1:] if rest.startswith(":") else None
        return name + "]", port or None
    name, _, port = value.partition(":")
    return name, port or None


@dataclass(frozen=True)
class AllowedHosts:
    entries: tuple[str, ...]

    @classmethod
    def of(cls, settings: GatewaySettings) -> AllowedHosts:
        """The configured names, or by default loopback and the public URL's host."""
        if settings.allowed_hosts:
            return cls(settings.allowed_hosts)
        public = urlsplit(settings.public_url).hostname
        public_name = f"[{public}]" if public and ":" in public else public
        return cls(_LOOPBACK + ((public_name,) if public_name else ()))

    def allows(self, host: str) -> bool:
        if "*" in self.entries:
            return True
        name, port = split_host(host)
        if not name:
            return False
        return any(_matches(entry, name, port) for entry in self.entries)


def _matches(entry: str, name: str, port: str | None) -> bool:
    entry_name, entry_port = split_host(entry)
    if entry_port is not None and entry_port != port:
        return False
    if entry_name.startswith("*."):
        return name.endswith(entry_name[1:])
    return name == entry_name


class HostCheckMiddleware:
    def __init__(self, app: ASGIApp, allowed: AllowedHosts) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or scope["path"] in _UNCHECKED_PATHS:
            await self.app(scope, receive, send)
            return
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        if self.allowed.allows(host):
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})  # before accept: HTTP 403
        else:
            refusal = error_response(
                "host_not_allowed",
                "this gateway does not answer for this Host (WAGATE_ALLOWED_HOSTS)",
            )
            await refusal(scope, receive, send)
