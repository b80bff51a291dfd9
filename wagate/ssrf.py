"""Which webhook URLs wagate may call: the SSRF guard, used on both sides.

A tenant chooses the URL and wagate POSTs to it from inside the operator's network, so a
URL must not reach what only that network can reach. The refused blocks are those IANA's
special-purpose registries mark not globally reachable (loopback, private, carrier-grade
NAT, link-local where cloud metadata lives, documentation, site-local, unique local...),
multicast, IPv6 outside the global unicast range, and the cloud metadata services by name
and address. An IPv6 address that embeds an IPv4 one (IPv4-mapped and -compatible,
NAT64, 6to4, Teredo) is refused for what it embeds: Python's `is_global` alone calls
fec0::1 and 2002:7f00:1:: global.

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

import httpx

MAX_URL_CHARS = 2048

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# (host, port) -> the addresses the host resolves to, as text
Resolver = Callable[[str, int], Awaitable[list[str]]]

# cloud instance and container metadata services, refused even when private ones are
# allowed: they hand out credentials to whoever asks from inside
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean... (IMDS)
        "fd00:ec2::254",  # AWS IMDS over IPv6 (Nitro)
        "169.254.170.2",  # AWS ECS task metadata and credentials
        "169.254.170.23",  # AWS EKS Pod Identity agent
        "fd00:ec2::23",  # AWS EKS Pod Identity agent over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "169.254.0.23",  # Tencent Cloud
        "168.63.129.16",  # Azure WireServer (VM agent, its certificates)
    )
)
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})


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
    _check_host_spelling(url)
    return WebhookUrl(url, scheme, host, port or (443 if scheme == "https" else 80))


def _check_host_spelling(url: str) -> None:
    """Refuse a host the HTTP client would itself refuse (octal or zero-padded IPv4,
    invalid IDNA: circled digits, soft hyphens, full-width or zero-width characters, a
    bad `xn--` label), so such a URL is answered as refused, not as a failure later."""
    try:
        httpx.URL(url).host  # noqa: B018 - decoding the host is the check
    except (httpx.InvalidURL, UnicodeError, ValueError):
        raise UnsafeUrl("the URL's host is not a valid host name or address") from None


def blocked_reason(address: str | IPAddress, *, allow_private: bool) -> str | None:
    """Why wagate must not connect to this address, or None if it may."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        for embedded in _embedded_ipv4(ip):  # ::ffff:127.0.0.1 and friends
            inner = blocked_reason(embedded, allow_private=allow_private)
            if inner is not None:
                return inner
        if ip in _MAPPED:  # an IPv4 address in IPv6 clothing, nothing more
            return None
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if allow_private:
        return None
    for network, reason in _NOT_GLOBAL_V4 if ip.version == 4 else _NOT_GLOBAL_V6:
        if ip in network:
            return reason
    if isinstance(ip, ipaddress.IPv6Address):
        if ip not in _GLOBAL_UNICAST_V6 and ip not in _NAT64:
            return "outside IPv6's global unicast range (2000::/3)"
    elif not ip.is_global:
        return "a reserved address"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 one carries and reaches: IPv4-mapped, IPv4-compatible,
    NAT64 (well-known prefix), 6to4, Teredo (its server and client)."""
    if ip in _MAPPED:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):  # not :: and ::1
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    return []


def _table(
    *rows: tuple[str, str],
) -> tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...]:
    return tuple((ipaddress.ip_network(net), reason) for net, reason in rows)


# IANA's IPv4 and IPv6 special-purpose address registries (RFC 6890 and updates): every
# block not marked globally reachable, plus multicast. Whole blocks are refused where
# IANA marks a few single addresses in them global (192.0.0.9, 2001:1::1): no webhook
# receiver lives on an anycast service address.
_NOT_GLOBAL_V4 = _table(
    ("0.0.0.0/8", "an unspecified (this-network) address"),
    ("10.0.0.0/8", "a private address"),
    ("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
    ("127.0.0.0/8", "a loopback address"),
    ("169.254.0.0/16", "a link-local address"),
    ("172.16.0.0/12", "a private address"),
    ("192.0.0.0/24", "an IETF protocol assignment address"),
    ("192.0.2.0/24", "a documentation address"),
    ("192.88.99.0/24", "a 6to4 relay anycast address"),
    ("192.168.0.0/16", "a private address"),
    ("198.18.0.0/15", "a benchmarking address"),
    ("198.51.100.0/24", "a documentation address"),
    ("203.0.113.0/24", "a documentation address"),
    ("224.0.0.0/4", "a multicast address"),
    ("240.0.0.0/4", "a reserved address"),
)
_NOT_GLOBAL_V6 = _table(
    ("::/128", "an unspecified address"),
    ("::1/128", "a loopback address"),
    ("::/96", "an IPv4-compatible address (deprecated)"),
    ("::ffff:0:0:0/96", "an IPv4-translated address"),
    ("64:ff9b:1::/48", "a local-use NAT64 address"),
    ("100::/64", "a discard-only address"),
    ("100:0:0:1::/64", "a dummy address"),
    ("2001::/32", "a Teredo address"),
    ("2001::/23", "an IETF protocol assignment address"),
    ("2001:db8::/32", "a documentation address"),
    ("3fff::/20", "a documentation address"),
    ("5f00::/16", "a segment routing (SRv6) address"),
    ("fc00::/7", "a unique local (private) address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a site-local address (deprecated)"),
    ("ff00::/8", "a multicast address"),
)
_MAPPED = ipaddress.ip_network("::ffff:0:0/96")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")


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
