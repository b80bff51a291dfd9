"""Which webhook URLs wagate may call: the SSRF guard, used on both sides.

A tenant chooses the URL and wagate POSTs to it from inside the operator's network, so a
URL must not reach what only that network can reach: loopback, private and carrier-grade
NAT ranges, link-local (where cloud metadata lives), multicast, reserved and unspecified
addresses, and the cloud metadata services by name and address.

The gateway checks a URL when it is registered (`check_url`), and the connector checks
again every time it opens a connection (`allowed_addresses`, from its transport), then
connects to the address it checked: a host that resolved to a public address at
registration and to 127.0.0.1 later (DNS rebinding) is refused at delivery.

`allow_private` (WAGATE_WEBHOOK_ALLOW_PRIVATE, off by default) lets tests and the local
demo use receivers on 127.0.0.1 or a private network. Metadata addresses stay refused
even then: nothing legitimate receives webhooks there.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

MAX_URL_CHARS = 2048

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# (host, port) -> the addresses the host resolves to, as text
Resolver = Callable[[str, int], Awaitable[list[str]]]

# cloud instance metadata services (AWS, GCP, Azure, OpenStack: 169.254.169.254; AWS
# IPv6 and Nitro; Alibaba; Oracle's 192.0.0.192), refused even when private ones are allowed
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


class UnsafeUrl(ValueError):
    """The URL is refused; the message says why, in words fit for the API caller."""


@dataclass(frozen=True)
class WebhookUrl:
    url: str
    scheme: str
    host: str  # lower case, without brackets
    port: int


def parse_url(url: str) -> WebhookUrl:
    """Shape checks that need no DNS: http(s), a host, no credentials, a sane port."""
    if len(url) > MAX_URL_CHARS:
        raise UnsafeUrl(f"the URL is longer than {MAX_URL_CHARS} characters")
    if any(ch.isspace() or ord(ch) < 0x20 for ch in url):
        raise UnsafeUrl("the URL contains whitespace or control characters")
    try:
        parts: SplitResult = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeUrl("the URL cannot be parsed") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeUrl("the URL must start with http:// or https://")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise UnsafeUrl("the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("credentials in the URL are not allowed; use a custom header")
    if parts.fragment:
        raise UnsafeUrl("the URL must not have a #fragment")
    if port == 0:
        raise UnsafeUrl("port 0 is not a valid port")
    return WebhookUrl(url, scheme, host, port or (443 if scheme == "https" else 80))


def blocked_reason(address: str | IPAddress, *, allow_private: bool) -> str | None:
    """Why wagate must not connect to this address, or None if it may."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:  # ::ffff:127.0.0.1 and friends are what they embed
            inner = blocked_reason(embedded, allow_private=allow_private)
            if inner is not None:
                return inner
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if allow_private:
        return None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "a shared (carrier-grade NAT) address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a reserved address"
    return None


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    seen: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone id
        if address not in seen:
            seen.append(address)
    return seen


async def allowed_addresses(
    host: str, port: int, *, allow_private: bool, resolver: Resolver = system_resolver
) -> list[str]:
    """The addresses `host` resolves to, if every one of them may be called. One refused
    address refuses the host: which one a client connects to is not ours to choose."""
    host = host.strip("[]").rstrip(".").lower()
    if host in METADATA_HOSTS:
        raise UnsafeUrl(f"{host} is a cloud metadata service")
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = await resolver(host, port)
        except (OSError, UnicodeError) as e:
            raise UnsafeUrl(f"{host} does not resolve ({e})") from None
    if not addresses:
        raise UnsafeUrl(f"{host} does not resolve")
    for address in addresses:
        reason = blocked_reason(address, allow_private=allow_private)
        if reason is not None:
            shown = host if host == address else f"{host} resolves to {address}, which"
            raise UnsafeUrl(f"{shown} is {reason}; webhooks may only reach public addresses")
    return addresses


async def check_url(
    url: str, *, allow_private: bool, resolver: Resolver = system_resolver
) -> WebhookUrl:
    """Everything a URL must pass to be registered: its shape, and where it resolves now."""
    parsed = parse_url(url)
    await allowed_addresses(
        parsed.host, parsed.port, allow_private=allow_private, resolver=resolver
    )
    return parsed
