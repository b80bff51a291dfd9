"""A tenant's outbound proxy (docs/proxies.md): what its URL may be, and how it is shown.

One place for the gateway (which refuses a bad URL before sealing it) and the engines
(which connect through it). The URL is `http://[user:pass@]host:port` (HTTP CONNECT) or
`socks5://[user:pass@]host:port`; its password is stored sealed and never shown again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

SCHEMES = ("http", "socks5")
MAX_URL = 1024
_VISIBLE_ASCII = re.compile(r"[\x21-\x7e]+")
REDACTED = "***"


class BadProxy(ValueError):
    """A proxy URL that cannot be used; the text says why."""


@dataclass(frozen=True)
class Proxy:
    scheme: str  # http | socks5
    host: str
    port: int
    username: str | None
    password: str | None


def parsed(url: str) -> Proxy:
    """The proxy `url` names, or BadProxy saying what is wrong with it."""
    if len(url) > MAX_URL:
        raise BadProxy(f"a proxy URL is at most {MAX_URL} characters")
    if not _VISIBLE_ASCII.fullmatch(url):
        raise BadProxy("a proxy URL is visible ASCII: no spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is no number or out of range, a broken [IPv6] host
        raise BadProxy("the host or port cannot be read (a port is 1 to 65535)") from None
    if parts.scheme not in SCHEMES:
        raise BadProxy("the scheme must be http:// (HTTP CONNECT) or socks5://")
    if not parts.hostname:
        raise BadProxy("the URL names no host")
    if port is None or port == 0:
        raise BadProxy("the URL must name the proxy's port (1 to 65535)")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise BadProxy("a proxy URL has no path, query or fragment")
    if parts.password is not None and not parts.username:
        raise BadProxy("a password needs a user name")
    return Proxy(
        parts.scheme,
        parts.hostname,
        port,
        unquote(parts.username) if parts.username else None,
        unquote(parts.password) if parts.password is not None else None,
    )


def shown(url: str) -> str:
    """The URL as reads show it and logs may print it: the password replaced by ***."""
    proxy = parsed(url)
    host = f"[{proxy.host}]" if ":" in proxy.host else proxy.host
    user = urlsplit(url).username  # as given (percent-encoded)
    if user is None:
        return f"{proxy.scheme}://{host}:{proxy.port}"
    secret = "" if proxy.password is None else f":{REDACTED}"
    return f"{proxy.scheme}://{user}{secret}@{host}:{proxy.port}"
