"""The webhook sender's own HTTP/1.1 client (connector/webhooks/http1.py) against scripted
receivers: every framing of an answer is read as a receiver meant it, connections are
kept alive and replaced when the receiver closed them, nothing a receiver answers makes
an attempt raise, and nothing in an endpoint's headers or an event id can add a header."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from connector.webhooks.sender import RESPONSE_CAP, AttemptResult, Outgoing, Sender

SECRET = "whsec_" + "A" * 32
Answering = Callable[[int, bytes], bytes | None]  # (request number, request) -> answer


@asynccontextmanager
async def scripted(
    answer: Answering, *, close_each: bool = False
) -> AsyncIterator[tuple[str, list[int]]]:
    """A receiver answering each request with `answer(n, request)` (None: close the
    connection without answering; an HTTP/1.0 answer, or any with `close_each`, closes
    it after answering); yields its URL and the connection each request came on."""
    connections: list[int] = []
    opened = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal opened
        opened += 1
        number = opened
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                request = head + await reader.readexactly(length)
                connections.append(number)
                reply = answer(len(connections), request)
                if reply is None:
                    break
                writer.write(reply)
                await writer.drain()
                if close_each or reply.startswith(b"HTTP/1.0"):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/hook?a=1", connections
    finally:
        server.close()


def _sender() -> Sender:
    return Sender(connect_timeout_s=2, timeout_s=2, allow_private=True, max_connections=4)


async def _post(sender: Sender, url: str, **kw: object) -> AttemptResult:
    out = Outgoing(
        str(kw.get("event_id", "evt_1")),
        url,
        '{"x":1}',
        (SECRET,),
        dict(kw.get("headers", {})),  # type: ignore[call-overload]
    )
    return await sender.attempt(out)


def _ok(body: bytes = b"thanks", extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\n%scontent-length: %d\r\n\r\n%s" % (extra, len(body), body)


async def test_answers_in_every_framing_are_read_and_connections_kept_alive() -> None:
    big = b"x" * (RESPONSE_CAP * 3)
    answers = [
        _ok(extra=b"Retry-After: 7\r\n"),
        b"HTTP/1.1 100 Continue\r\n\r\n" + _ok(b"after a 100"),
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nx-trailer: 1\r\n\r\n",
        b"HTTP/1.1 503 Busy\r\ncontent-length: 0\r\n\r\n",
        _ok(big),  # more than the cap: the rest is not read, the connection not reused
        b"HTTP/1.1 302 Found\r\nlocation: https://elsewhere.example/\r\ncontent-length: 0\r\n\r\n",
        b"HTTP/1.0 200 OK\r\n\r\nread until closed",
    ]
    async with scripted(lambda n, _: answers[n - 1]) as (url, connections):
        sender = _sender()
        try:
            results = [await _post(sender, url) for _ in answers]
        finally:
            await sender.aclose()
    assert [r.status_code for r in results] == [200, 200, 200, 503, 200, 302, 200]
    assert [r.response_body for r in results[:3]] == ["thanks", "after a 100", "abcdefg"]
    assert results[0].retry_after == "7"
    assert results[4].response_body == "x" * RESPONSE_CAP
    assert "redirects are not followed" in (results[5].error or "")
    assert results[6].response_body == "read until closed"
    # one connection for the first five; the capped answer's is dropped
    assert connections == [1, 1, 1, 1, 1, 2, 2]


async def test_a_kept_alive_connection_the_receiver_dropped_is_replaced() -> None:
    """The receiver takes the second request on the kept connection and closes it without
    answering (its idle timeout, racing the request): sent again on a new one."""
    async with scripted(lambda n, _: None if n == 2 else _ok()) as (url, connections):
        sender = _sender()
        try:
            first, second = await _post(sender, url), await _post(sender, url)
        finally:
            await sender.aclose()
    assert (first.status_code, second.status_code) == (200, 200)
    assert connections == [1, 1, 2]


async def test_whatever_a_receiver_answers_the_attempt_is_a_result() -> None:
    hostile = [
        b"SMTP ready\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n" + b"x-long: " + b"a" * 70_000 + b"\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello!",
        b"HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\n folded: line\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\nshort",
    ]
    for answer in hostile:
        async with scripted(lambda n, _, a=answer: a, close_each=True) as (url, _):  # type: ignore[misc]
            sender = _sender()
            try:
                result = await _post(sender, url)
            finally:
                await sender.aclose()
        assert result.status_code is None and result.error, (answer[:40], result)
        assert not result.refused


async def test_no_header_can_be_smuggled_into_a_request() -> None:
    seen: list[bytes] = []

    def answer(n: int, request: bytes) -> bytes:
        seen.append(request)
        return _ok()

    async with scripted(answer) as (url, _):
        sender = _sender()
        try:
            bad_value = await _post(sender, url, headers={"x-a": "v\r\nx-evil: 1"})
            bad_name = await _post(sender, url, headers={"x-a\r\nx-evil": "1"})
            framing = await _post(sender, url, headers={"Content-Length": "0"})
            bad_id = await _post(sender, url, event_id="evt\r\nx-evil: 1")
            fine = await _post(sender, url, headers={"x-tenant": "acme"})
        finally:
            await sender.aclose()
    for result in (bad_value, bad_name, framing, bad_id):
        assert result.status_code is None and "cannot be sent" in (result.error or ""), result
    assert fine.status_code == 200
    (request,) = seen
    assert b"\r\nx-tenant: acme\r\n" in request and b"x-evil" not in request
