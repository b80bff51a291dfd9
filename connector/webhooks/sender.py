"""One delivery attempt: a signed POST through the guarded transport, timed and bounded.

Connect and read timeouts, an overall deadline (so a receiver that trickles its answer
byte by byte cannot hold a slot for ever), no redirects, and at most RESPONSE_CAP bytes of
the answer read (and kept, for the attempt log). Never raises for what the receiver does:
every outcome is an `AttemptResult`.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import httpx

from connector.webhooks.signing import signature_headers
from connector.webhooks.transport import GuardedTransport
from wagate.ssrf import Resolver, UnsafeUrl, parse_url, system_resolver
from wagate.storable import storable

RESPONSE_CAP = 1024  # bytes of the receiver's answer read and stored
POOLS = 64  # connection pools, endpoints spread over them (see Sender)
USER_AGENT = "wagate-webhooks/1"


@dataclass(frozen=True)
class Outgoing:
    """Everything one attempt needs, read from the outbox when the delivery was claimed."""

    event_id: str  # the webhook-id
    url: str
    body: str
    secrets: tuple[str, ...]
    headers: dict[str, str]
    endpoint_id: str = ""  # which connection pool it goes through (see Sender)
    # an event stream's (connector/streams/): its kind, subject or routing key, and AMQP
    # exchange; `url` then shows the broker and `secrets[0]` is its URL with credentials
    kind: str = "webhook"
    tenant_id: str = ""
    event_type: str = ""
    target: str = ""
    exchange: str = ""


class Attempter(Protocol):
    """What the dispatcher sends through: a webhook `Sender`, or the event streams'
    `StreamPublisher` (connector/streams/)."""

    deadline_s: float

    async def attempt(self, out: Outgoing) -> AttemptResult: ...


@dataclass(frozen=True)
class AttemptResult:
    started_at: datetime
    duration_s: float
    status_code: int | None = None
    error: str | None = None  # a short sentence, when there was no usable answer
    response_body: str | None = None
    retry_after: str | None = None  # the Retry-After header as sent
    refused: bool = False  # the URL is not allowed (SSRF guard): not worth retrying
    confirmed: bool = False  # a broker confirmed the publication (event streams)

    @property
    def ok(self) -> bool:
        return self.confirmed or (self.status_code is not None and 200 <= self.status_code <= 299)


class Sender:
    def __init__(
        self,
        *,
        connect_timeout_s: float,
        timeout_s: float,
        allow_private: bool,
        max_connections: int,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.deadline_s = connect_timeout_s + timeout_s
        # Several connection pools, an endpoint always in the same one: httpcore walks
        # every connection of a pool on each request (expiry checks, a readability poll
        # of each socket), so one pool serving 100 endpoints of one origin spent 3 ms of
        # CPU per delivery there. An endpoint has one attempt in flight at a time, so a
        # pool holds about endpoints / POOLS connections; each may hold the whole limit,
        # as the dispatcher's slots already bound what is in flight.
        # one TLS context for all: loading the CA bundle takes ~30 ms, once per context
        tls = httpx.create_ssl_context(trust_env=False)
        self._clients = [
            httpx.AsyncClient(
                transport=GuardedTransport(
                    allow_private=allow_private,
                    max_connections=max_connections,
                    resolver=resolver,
                    ssl_context=tls,
                ),
                timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s, pool=timeout_s),
                follow_redirects=False,
                trust_env=False,
            )
            for _ in range(POOLS)
        ]

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()

    def _client_for(self, out: Outgoing) -> httpx.AsyncClient:
        key = (out.endpoint_id or out.url).encode()
        return self._clients[zlib.crc32(key) % len(self._clients)]

    async def attempt(self, out: Outgoing) -> AttemptResult:
        started_at = datetime.now(UTC)
        t0 = time.perf_counter()

        def result(**kw: object) -> AttemptResult:
            # the receiver's answer and error texts are stored: nothing PostgreSQL refuses
            return storable(AttemptResult(started_at, time.perf_counter() - t0, **kw))  # type: ignore[arg-type]

        try:
            parse_url(out.url)
        except UnsafeUrl as e:
            return result(error=f"refused: {e}", refused=True)
        headers = {
            **out.headers,
            **signature_headers(out.secrets, out.event_id, out.body, started_at),
            "content-type": "application/json",
            "user-agent": USER_AGENT,
        }
        try:
            async with asyncio.timeout(self.deadline_s):
                async with self._client_for(out).stream(
                    "POST", out.url, content=out.body.encode(), headers=headers
                ) as response:
                    captured = bytearray()
                    async for chunk in response.aiter_raw():
                        captured += chunk
                        if len(captured) >= RESPONSE_CAP:
                            break
                    return result(
                        status_code=response.status_code,
                        response_body=bytes(captured[:RESPONSE_CAP]).decode("utf-8", "replace"),
                        retry_after=response.headers.get("retry-after"),
                        error=_redirect_note(response),
                    )
        except UnsafeUrl as e:
            return result(error=f"refused: {e}", refused=True)
        except TimeoutError:
            return result(error=f"timed out after {self.deadline_s:g} s")
        except httpx.TimeoutException as e:
            return result(error=f"timed out ({type(e).__name__})")
        except httpx.HTTPError as e:
            return result(error=f"{type(e).__name__}: {e}"[:300])
        except OSError as e:
            return result(error=f"{type(e).__name__}: {e}"[:300])


def _redirect_note(response: httpx.Response) -> str | None:
    if 300 <= response.status_code <= 399:
        location = response.headers.get("location", "")[:200]
        return f"redirects are not followed (to {location!r}); register the final URL"
    return None
