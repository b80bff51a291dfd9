"""A lean HTTP/1.1 client for webhook deliveries, on asyncio streams, with h11 as its
protocol engine.

Why not httpx: on 100 endpoints its layers (URL and header models, httpcore's pool,
anyio, h11) were about four fifths of the connector's CPU per delivery. A delivery is
one known shape, a POST with a small JSON body whose answer only matters for its
status, two headers and its first RESPONSE_CAP bytes, so this keeps only the connection
handling that shape needs and leaves the protocol to h11 (the library httpx itself uses):
h11 checks the request's header names and values (no CR, LF or NUL can reach the
request), reads the answer (status line, headers, 1xx answers, Content-Length, chunked
or until-closed bodies), refuses what is malformed or ambiguous (conflicting lengths, a
head longer than _HEAD_LIMIT) and says whether the connection can carry another request.

What it keeps from the httpx path:
- the SSRF guard at every new connection: the host is resolved, refused if any address is
  not allowed, and the connection goes to an approved address (no second resolution a
  DNS server could answer differently); TLS checks the certificate against the URL's
  host name (SNI too);
- keep-alive connections per origin, reused one request at a time, dropped when idle
  for KEEPALIVE_S, when the receiver closed them or h11 says they cannot be reused, or
  when an answer was not read whole (at most `cap` bytes of a body are read);
- a request a kept-alive connection dropped unanswered is sent once more on a new one;
- no redirects (a 3xx is an answer like any other), a connect timeout and a timeout for
  the exchange once connected;
- URLs as httpx reads them (IDNA host names, percent-encoding).
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import h11
import httpx

from wagate.ssrf import Resolver, allowed_addresses

KEEPALIVE_S = 30.0
# h11 refuses an answer whose head is still incomplete past _HEAD_LIMIT bytes, and it sees
# the head grow one read at a time: so a head over _HEAD_LIMIT + _READ_SIZE is refused
# however the receiver splits it (a delivery's answer usually fits one read)
_HEAD_LIMIT = 64 * 1024
_READ_SIZE = 4096
# written by this client alone: an endpoint's headers cannot change how the body is framed
_OWN_HEADERS = frozenset({b"host", b"content-length", b"transfer-encoding", b"connection"})

Fields = Sequence[tuple[bytes, bytes]]


class HttpError(Exception):
    """The exchange failed; the text is fit for the attempt log."""


class _NoAnswer(Exception):
    """A kept-alive connection was closed before any byte of the answer came back."""


@dataclass(frozen=True)
class Target:
    """A URL and an endpoint's headers, prepared once: where to connect, the request's
    target and its header fields up to the per-attempt ones."""

    origin: tuple[str, str, int]  # scheme, host (ASCII), port
    path: bytes
    fields: tuple[tuple[bytes, bytes], ...]  # host first


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
    host = parsed.raw_host.decode("ascii")
    prepared = Target(
        (scheme, host, port), parsed.raw_path, ((b"host", parsed.netloc), *header_fields(headers))
    )
    _request(prepared, (), 0)  # refused now rather than at each attempt
    return prepared


def header_fields(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    """Raises HttpError for a header this client writes itself (h11 checks the others
    when the request is made)."""
    fields = []
    for name, value in headers.items():
        raw_name = name.encode("latin-1", "replace")
        if raw_name.lower() in _OWN_HEADERS:
            raise HttpError(f"LocalProtocolError: the header {name!r} cannot be sent")
        fields.append((raw_name, value.encode().strip()))
    return fields


def _request(to: Target, more: Fields, length: int) -> h11.Request:
    """The request's head, checked by h11: no CR, LF or NUL can reach it."""
    try:
        return h11.Request(
            method=b"POST",
            target=to.path,
            headers=[*to.fields, *more, (b"content-length", b"%d" % length)],
        )
    except h11.LocalProtocolError as e:
        raise HttpError(f"LocalProtocolError: the request cannot be sent: {e}") from None


class _Connection:
    __slots__ = ("reader", "writer", "protocol", "idle_since")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.protocol = h11.Connection(h11.CLIENT, max_incomplete_event_size=_HEAD_LIMIT)
        self.idle_since = 0.0

    def usable(self, now: float) -> bool:
        return (
            now - self.idle_since < KEEPALIVE_S
            and not self.reader.at_eof()
            and not self.writer.is_closing()
        )

    def send(self, request: h11.Request, body: bytes) -> None:
        protocol = self.protocol
        head = protocol.send(request)
        self.writer.write(head + protocol.send(h11.Data(body)) + protocol.send(h11.EndOfMessage()))

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

    async def post(self, to: Target, more: Fields, body: bytes, cap: int) -> Answer:
        """POST `body` with `to`'s header fields and `more`; the answer with at most `cap`
        bytes of its body. Raises wagate.ssrf.UnsafeUrl, HttpError, OSError,
        TimeoutError."""
        request = _request(to, more, len(body))
        conn = self._take(to.origin)
        if conn is not None:
            try:
                return await self._exchange(to.origin, conn, request, body, cap)
            except _NoAnswer:
                pass  # the receiver closed it while idle: once more, on a new connection
        conn = await self._connect(to.origin)
        try:
            return await self._exchange(to.origin, conn, request, body, cap)
        except _NoAnswer:
            raise HttpError("RemoteProtocolError: closed without an answer") from None

    async def _exchange(
        self,
        origin: tuple[str, str, int],
        conn: _Connection,
        request: h11.Request,
        body: bytes,
        cap: int,
    ) -> Answer:
        try:
            async with asyncio.timeout(self._timeout_s):
                conn.send(request, body)
                answer, reusable = await _read_answer(conn, cap)
        except TimeoutError:
            conn.close()
            raise HttpError("timed out (ReadTimeout)") from None
        except h11.RemoteProtocolError as e:
            conn.close()
            raise HttpError(f"RemoteProtocolError: {e}") from None
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


async def _read_answer(conn: _Connection, cap: int) -> tuple[Answer, bool]:
    """The answer (1xx ones skipped) with at most `cap` bytes of its body, and whether the
    connection can carry another: h11 frames it (Content-Length, chunked or until
    closed) and says whether the receiver keeps the connection."""
    protocol = conn.protocol
    response = await _response(conn)
    body = bytearray()
    while True:
        event = await _next_event(conn)
        if type(event) is h11.EndOfMessage:
            break
        body += cast(h11.Data, event).data
        if len(body) > cap:  # the rest is not read, so the connection cannot be reused
            return _answer(response, bytes(body[:cap])), False
    reusable = protocol.our_state is h11.DONE and protocol.their_state is h11.DONE
    if reusable:
        protocol.start_next_cycle()
    return _answer(response, bytes(body)), reusable


async def _response(conn: _Connection) -> h11.Response:
    """The final answer's head; raises _NoAnswer if the connection closed before any byte
    of it came back."""
    heard = bool(conn.protocol.trailing_data[0])
    while True:
        event = conn.protocol.next_event()
        if event is h11.NEED_DATA:
            try:
                data = await conn.reader.read(_READ_SIZE)
            except ConnectionResetError:
                if heard:
                    raise
                raise _NoAnswer from None
            if not data and not heard:
                raise _NoAnswer
            heard = True
            conn.protocol.receive_data(data)
        elif type(event) is h11.Response:
            return event
        # an h11.InformationalResponse (100 Continue, 103 Early Hints): the answer follows


async def _next_event(conn: _Connection) -> h11.Event:
    while True:
        event = conn.protocol.next_event()
        if event is not h11.NEED_DATA:
            return cast(h11.Event, event)
        conn.protocol.receive_data(await conn.reader.read(_READ_SIZE))  # b"": closed


def _answer(response: h11.Response, body: bytes) -> Answer:
    retry_after = location = None
    for name, value in response.headers:
        if name == b"retry-after":
            retry_after = value.decode("latin-1")
        elif name == b"location":
            location = value.decode("latin-1")
    return Answer(response.status_code, body, retry_after, location)
