"""A lean HTTP/1.1 client for webhook deliveries, on asyncio streams.

Why not httpx: on 100 endpoints its layers (URL and header models, httpcore's pool,
anyio, h11) were about four fifths of the connector's CPU per delivery. A delivery is
one known shape, a POST with a small JSON body whose answer only matters for its
status, two headers and its first RESPONSE_CAP bytes, so this writes the request
itself and reads the answer with just the parsing that shape needs.

What it keeps from the httpx path:
- the SSRF guard at every new connection: the host is resolved, refused if any address is
  not allowed, and the connection goes to an approved address (no second resolution a
  DNS server could answer differently); TLS checks the certificate against the URL's
  host name (SNI too);
- keep-alive connections per origin, reused one request at a time, dropped when idle
  for KEEPALIVE_S, when the receiver closed them, or when an answer was not read whole;
- no redirects (a 3xx is an answer like any other), a connect timeout and a timeout for
  the exchange once connected;
- URLs as httpx reads them (IDNA host names, percent-encoding), and header names and
  values checked as h11 checks them (no CR, LF or NUL can reach the request).
"""

from __future__ import annotations

import asyncio
import re
import ssl
import time
from dataclasses import dataclass

import httpx

from wagate.ssrf import Resolver, allowed_addresses

KEEPALIVE_S = 30.0
_HEAD_LIMIT = 64 * 1024  # an answer's headers longer than this are refused
_TOKEN = re.compile(rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+")
_FIELD_VALUE = re.compile(rb"[^\x00\r\n]*")
_NO_BODY = frozenset({204, 304})
# written by this client alone: an endpoint's headers cannot change how the body is framed
_OWN_HEADERS = frozenset({b"host", b"content-length", b"transfer-encoding", b"connection"})


class HttpError(Exception):
    """The exchange failed; the text is fit for the attempt log."""


class _NoAnswer(Exception):
    """A kept-alive connection was closed before any byte of the answer came back."""


@dataclass(frozen=True)
class Target:
    """A URL and an endpoint's headers, prepared once: where to connect and the request's
    head up to the per-attempt headers."""

    origin: tuple[str, str, int]  # scheme, host (ASCII), port
    head: bytes


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes  # at most the cap asked for
    retry_after: str | None
    location: str | None


def target(url: str, headers: dict[str, str]) -> Target:
    """Raises HttpError for a URL httpx would not send or a header h11 would refuse."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, UnicodeError, ValueError) as e:
        raise HttpError(f"InvalidURL: {e}") from None
    scheme = parsed.scheme
    port = parsed.port or (443 if scheme == "https" else 80)
    request_line = b"POST " + parsed.raw_path + b" HTTP/1.1\r\nhost: " + parsed.netloc + b"\r\n"
    host = parsed.raw_host.decode("ascii")
    return Target((scheme, host, port), request_line + header_lines(headers))


def header_lines(headers: dict[str, str]) -> bytes:
    """`name: value` lines, each ending in CRLF; raises HttpError for a name that is not
    a token or one this client writes itself, or a value with CR, LF or NUL."""
    lines = []
    for name, value in headers.items():
        raw_name, raw_value = name.encode("latin-1", "replace"), value.encode().strip()
        if (
            not _TOKEN.fullmatch(raw_name)
            or not _FIELD_VALUE.fullmatch(raw_value)
            or raw_name.lower() in _OWN_HEADERS
        ):
            raise HttpError(f"LocalProtocolError: the header {name!r} cannot be sent")
        lines.append(b"%s: %s\r\n" % (raw_name, raw_value))
    return b"".join(lines)


class _Connection:
    __slots__ = ("reader", "writer", "idle_since")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.idle_since = 0.0

    def usable(self, now: float) -> bool:
        return (
            now - self.idle_since < KEEPALIVE_S
            and not self.reader.at_eof()
            and not self.writer.is_closing()
        )

    def close(self) -> None:
        self.writer.close()


class Connections:
    def __init__(
        self,
        *,
        allow_private: bool,
        resolver: Resolver,
        ssl_context: ssl.SSLContext,
        connect_timeout_s: float,
        timeout_s: float,
        max_idle_per_origin: int,
    ) -> None:
        self._allow_private = allow_private
        self._resolver = resolver
        self._tls = ssl_context
        self._connect_timeout_s = connect_timeout_s
        self._timeout_s = timeout_s
        self._max_idle = max_idle_per_origin
        self._idle: dict[tuple[str, str, int], list[_Connection]] = {}
        self._next_sweep = 0.0

    async def post(self, to: Target, more_head: bytes, body: bytes, cap: int) -> Answer:
        """POST `body` with `to`'s head and `more_head` (whole header lines); the answer
        with at most `cap` bytes of its body. Raises wagate.ssrf.UnsafeUrl, HttpError,
        OSError, TimeoutError."""
        request = b"%s%scontent-length: %d\r\n\r\n%s" % (to.head, more_head, len(body), body)
        conn = self._take(to.origin)
        if conn is not None:
            try:
                return await self._exchange(to.origin, conn, request, cap)
            except _NoAnswer:
                pass  # the receiver closed it while idle: once more, on a new connection
        conn = await self._connect(to.origin)
        try:
            return await self._exchange(to.origin, conn, request, cap)
        except _NoAnswer:
            raise HttpError("RemoteProtocolError: closed without an answer") from None

    async def _exchange(
        self, origin: tuple[str, str, int], conn: _Connection, request: bytes, cap: int
    ) -> Answer:
        try:
            async with asyncio.timeout(self._timeout_s):
                conn.writer.write(request)
                answer, reusable = await _read_answer(conn.reader, cap)
        except TimeoutError:
            conn.close()
            raise HttpError("timed out (ReadTimeout)") from None
        except BaseException:
            conn.close()
            raise
        if reusable:
            self._put_back(origin, conn)
        else:
            conn.close()
        return answer

    async def _connect(self, origin: tuple[str, str, int]) -> _Connection:
        scheme, host, port = origin
        # raises wagate.ssrf.UnsafeUrl
        addresses = await allowed_addresses(
            host, port, allow_private=self._allow_private, resolver=self._resolver
        )
        tls = self._tls if scheme == "https" else None
        error: Exception = HttpError("ConnectError: no address")
        for address in addresses:
            try:
                async with asyncio.timeout(self._connect_timeout_s):
                    reader, writer = await asyncio.open_connection(
                        address,
                        port,
                        ssl=tls,
                        server_hostname=host if tls else None,
                        limit=_HEAD_LIMIT,
                    )
                return _Connection(reader, writer)
            except TimeoutError:
                error = HttpError("timed out (ConnectTimeout)")
            except OSError as e:
                error = e
        raise error

    def _take(self, origin: tuple[str, str, int]) -> _Connection | None:
        idle = self._idle.get(origin)
        now = time.monotonic()
        while idle:
            conn = idle.pop()
            if conn.usable(now):
                return conn
            conn.close()
        return None

    def _put_back(self, origin: tuple[str, str, int], conn: _Connection) -> None:
        now = time.monotonic()
        conn.idle_since = now
        idle = self._idle.setdefault(origin, [])
        if len(idle) >= self._max_idle:
            conn.close()
        else:
            idle.append(conn)
        if now >= self._next_sweep:  # origins no longer posted to let theirs go
            self._next_sweep = now + KEEPALIVE_S / 3
            self._sweep(now)

    def _sweep(self, now: float) -> None:
        for origin, idle in list(self._idle.items()):
            kept = [c for c in idle if c.usable(now)]
            for conn in idle:
                if conn not in kept:
                    conn.close()
            if kept:
                self._idle[origin] = kept
            else:
                del self._idle[origin]

    def close(self) -> None:
        for idle in self._idle.values():
            for conn in idle:
                conn.close()
        self._idle.clear()


async def _read_answer(reader: asyncio.StreamReader, cap: int) -> tuple[Answer, bool]:
    """The answer (1xx ones skipped), and whether the connection can carry another."""
    try:
        status, keep, fields = _head(await reader.readuntil(b"\r\n\r\n"))
        while 100 <= status <= 199 and status != 101:
            status, keep, fields = _head(await reader.readuntil(b"\r\n\r\n"))
    except asyncio.IncompleteReadError as e:
        if not e.partial:
            raise _NoAnswer from None
        raise HttpError("RemoteProtocolError: the answer ended inside its headers") from None
    except ConnectionResetError:
        raise _NoAnswer from None
    except asyncio.LimitOverrunError:
        raise HttpError("RemoteProtocolError: the answer's headers are too long") from None
    if status == 101 or status in _NO_BODY:
        body, whole = b"", status != 101
    elif "chunked" in fields.get("transfer-encoding", "").lower():
        body, whole = await _chunked(reader, cap)
    elif "content-length" in fields:
        body, whole = await _sized(reader, fields["content-length"], cap)
    else:  # until the receiver closes
        body, whole = await _until_closed(reader, cap), False
    answer = Answer(status, body, fields.get("retry-after"), fields.get("location"))
    return answer, keep and whole


def _head(raw: bytes) -> tuple[int, bool, dict[str, str]]:
    """(status, whether HTTP/1.1 keep-alive holds, header fields lower-cased)."""
    status_line, *lines = raw[:-4].decode("latin-1").split("\r\n")
    version, _, rest = status_line.partition(" ")
    code = rest[:3]
    if not version.startswith("HTTP/1.") or len(code) != 3 or not code.isdigit():
        raise HttpError(f"RemoteProtocolError: not an HTTP/1 answer: {status_line[:80]!r}")
    fields: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip() or line[0] in " \t":
            raise HttpError(f"RemoteProtocolError: a malformed header line: {line[:80]!r}")
        name, value = name.lower(), value.strip()
        if name == "content-length" and fields.get(name, value) != value:
            raise HttpError("RemoteProtocolError: conflicting Content-Length headers")
        fields[name] = value
    connection = fields.get("connection", "").lower()
    keep = version == "HTTP/1.1" and "close" not in connection
    return int(code), keep, fields


async def _sized(reader: asyncio.StreamReader, length: str, cap: int) -> tuple[bytes, bool]:
    if not length.isascii() or not length.isdigit():
        raise HttpError(f"RemoteProtocolError: a bad Content-Length: {length[:40]!r}")
    size = int(length)
    return await _exactly(reader, min(size, cap)), size <= cap


async def _chunked(reader: asyncio.StreamReader, cap: int) -> tuple[bytes, bool]:
    body = bytearray()
    while True:
        line = (await _line(reader)).split(b";", 1)[0].strip()
        try:
            size = int(line, 16)
        except ValueError:
            raise HttpError("RemoteProtocolError: a bad chunk size") from None
        if size == 0:
            while await _line(reader):  # trailers, up to the empty line
                pass
            return bytes(body), True
        if len(body) + size > cap:
            body += await _exactly(reader, cap - len(body))
            return bytes(body), False
        body += await _exactly(reader, size)
        if await _exactly(reader, 2) != b"\r\n":
            raise HttpError("RemoteProtocolError: a chunk without its CRLF")


async def _line(reader: asyncio.StreamReader) -> bytes:
    try:
        return (await reader.readuntil(b"\r\n"))[:-2]
    except asyncio.LimitOverrunError:
        raise HttpError("RemoteProtocolError: a chunk line too long") from None
    except asyncio.IncompleteReadError:
        raise HttpError("RemoteProtocolError: the answer ended early") from None


async def _exactly(reader: asyncio.StreamReader, n: int) -> bytes:
    try:
        return await reader.readexactly(n)
    except asyncio.IncompleteReadError:
        raise HttpError("RemoteProtocolError: the answer ended early") from None


async def _until_closed(reader: asyncio.StreamReader, cap: int) -> bytes:
    body = bytearray()
    while len(body) < cap:
        chunk = await reader.read(cap - len(body))
        if not chunk:
            break
        body += chunk
    return bytes(body)
