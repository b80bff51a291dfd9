"""The webhook sender's own HTTP/1.1 client (connector/webhooks/http1.py) against scripted
receivers: every framing of an answer is read as a receiver meant it, connections are
kept alive and replaced when the receiver closed them, nothing a receiver answers makes
an attempt raise, nothing in an endpoint's headers or an event id can add a header, and
TLS checks the URL's host while the connection goes to the address the guard approved."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from connector.webhooks import http1
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


async def test_answers_framed_against_the_rules_are_not_taken_for_a_success() -> None:
    """What a lenient parser would read as a 200 (the first three digits of a longer
    status, a Transfer-Encoding it does not know taken for chunked, a header name with a
    space) is a failed attempt: the receiver did not say what the log would show."""
    misframed = [
        b"HTTP/1.1 2000 OK\r\ncontent-length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: xchunked\r\n\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nx y: 1\r\ncontent-length: 0\r\n\r\n",
    ]
    results = []
    for answer in misframed:
        async with scripted(lambda n, _, a=answer: a, close_each=True) as (url, _):  # type: ignore[misc]
            sender = _sender()
            try:
                results.append(await _post(sender, url))
            finally:
                await sender.aclose()
    assert [r.status_code for r in results] == [None] * len(misframed), results
    assert all("RemoteProtocolError" in (r.error or "") for r in results), results


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


def _certificates(tmp_path: Path) -> tuple[str, Path, Path]:
    """A CA (its PEM) and a server certificate it signed for `localhost` (files)."""
    now = datetime.now(UTC)

    def made(
        subject: str,
        key: ec.EllipticCurvePrivateKey,
        issuer: x509.Name | None,
        signer: ec.EllipticCurvePrivateKey,
        ca: bool,
    ) -> x509.Certificate:
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
        builder = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(issuer or name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1))
            .not_valid_after(now + timedelta(hours=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            san = x509.SubjectAlternativeName([x509.DNSName("localhost")])
            builder = builder.add_extension(san, critical=False)
        return builder.sign(signer, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = made("test CA", ca_key, None, ca_key, True)
    leaf = made("localhost", key, ca.subject, ca_key, False)
    cert, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca.public_bytes(serialization.Encoding.PEM).decode(), cert, key_file


async def test_tls_checks_the_certificate_against_the_urls_host(tmp_path: Path) -> None:
    """The connection goes to the address the guard approved, and TLS still names and
    checks the URL's host: a certificate for another name, or from a CA the sender does
    not trust, is an error and nothing is sent."""
    ca, cert, key = _certificates(tmp_path)
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(cert, key)
    names: list[str | None] = []
    served.sni_callback = lambda _sock, name, _ctx: names.append(name)
    requests: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            requests.append(await reader.readuntil(b"\r\n\r\n"))
            writer.write(_ok())
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=served)
    port = server.sockets[0].getsockname()[1]

    async def resolve(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    connections = http1.Connections(
        allow_private=True,
        resolver=resolve,
        ssl_context=ssl.create_default_context(cadata=ca),
        connect_timeout_s=5,
        timeout_s=5,
        max_idle_per_origin=1,
    )
    untrusting = Sender(
        connect_timeout_s=5, timeout_s=5, allow_private=True, max_connections=1, resolver=resolve
    )
    try:
        good = http1.target(f"https://localhost:{port}/hook", {})
        answer = await connections.post(good, b"", b"{}", RESPONSE_CAP)
        assert answer.status == 200 and names == ["localhost"]
        assert requests[0].startswith(b"POST /hook HTTP/1.1\r\nhost: localhost:")
        wrong = http1.target(f"https://hooks.example.com:{port}/hook", {})
        with pytest.raises(ssl.SSLCertVerificationError, match="mismatch|not valid"):
            await connections.post(wrong, b"", b"{}", RESPONSE_CAP)
        result = await _post(untrusting, f"https://localhost:{port}/hook")
        assert result.status_code is None and "SSLCertVerificationError" in (result.error or "")
    finally:
        connections.close()
        await untrusting.aclose()
        server.close()
    assert len(requests) == 1
