"""One delivery attempt: a signed POST through the lean, guarded HTTP/1.1 client
(http1.py), timed and bounded.

Connect and read timeouts, an overall deadline (so a receiver that trickles its answer
byte by byte cannot hold a slot for ever), no redirects, and at most RESPONSE_CAP bytes of
the answer read (and kept, for the attempt log). Never raises for what the receiver does:
every outcome is an `AttemptResult`.
"""

from __future__ import annotations

import asyncio
import functools
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import httpx

from connector.webhooks import http1
from connector.webhooks.signing import signature_headers
from wagate.ssrf import Resolver, UnsafeUrl, parse_url, system_resolver
from wagate.storable import storable_text

RESPONSE_CAP = 1024  # bytes of the receiver's answer read and stored
USER_AGENT = "wagate-webhooks/1"
_FIXED_HEADERS = {"content-type": "application/json", "user-agent": USER_AGENT}


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
        # an endpoint has one attempt in flight at a time, so an origin keeps about as many
        # idle connections as it has endpoints; the dispatcher's slots bound the rest
        self._connections = http1.Connections(
            allow_private=allow_private,
            resolver=resolver,
            # loading the CA bundle takes ~30 ms: once
            ssl_context=httpx.create_ssl_context(trust_env=False),
            connect_timeout_s=connect_timeout_s,
            timeout_s=timeout_s,
            max_idle_per_origin=max_connections,
        )

    async def aclose(self) -> None:
        self._connections.close()

    async def attempt(self, out: Outgoing) -> AttemptResult:
        started_at = datetime.now(UTC)
        t0 = time.perf_counter()

        def result(**kw: object) -> AttemptResult:
            return AttemptResult(started_at, time.perf_counter() - t0, **kw)  # type: ignore[arg-type]

        try:
            to = _target(out.url, tuple(out.headers.items()))
            signed = http1.header_fields(
                signature_headers(out.secrets, out.event_id, out.body, started_at)
            )
            async with asyncio.timeout(self.deadline_s):
                answer = await self._connections.post(to, signed, out.body.encode(), RESPONSE_CAP)
        # the receiver's answer and error texts are stored: nothing PostgreSQL refuses
        except UnsafeUrl as e:
            return result(error=storable_text(f"refused: {e}"), refused=True)
        except TimeoutError:
            return result(error=f"timed out after {self.deadline_s:g} s")
        except http1.HttpError as e:
            return result(error=storable_text(str(e)[:300]))
        except OSError as e:
            return result(error=storable_text(f"{type(e).__name__}: {e}"[:300]))
        note = _redirect_note(answer)
        return result(
            status_code=answer.status,
            response_body=storable_text(answer.body.decode("utf-8", "replace")),
            retry_after=None if answer.retry_after is None else storable_text(answer.retry_after),
            error=None if note is None else storable_text(note),
        )


def _redirect_note(answer: http1.Answer) -> str | None:
    if 300 <= answer.status <= 399:
        location = (answer.location or "")[:200]
        return f"redirects are not followed (to {location!r}); register the final URL"
    return None


@functools.lru_cache(maxsize=4096)  # one per endpoint in use
def _target(url: str, headers: tuple[tuple[str, str], ...]) -> http1.Target:
    """The URL checked and the request's fixed head, once per URL and headers (a refusal
    raises UnsafeUrl and is not kept: refused each time)."""
    parse_url(url)
    return http1.target(url, {**dict(headers), **_FIXED_HEADERS})
