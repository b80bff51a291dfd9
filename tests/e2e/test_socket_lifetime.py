"""An event socket ends when it should, promptly: at its credential's end wherever the
socket is in its life, and when its gateway stops."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import jwt
import pytest
import websockets
from redis.asyncio import Redis

from devstack.stack import Stack
from devstack.waiting import until
from wagate.bus import BusKeys, Event, EventType

SOCKETS = 6  # at once: a lost cancellation showed in one socket of two or three


def _token(stack: Stack, tenant: str, exp: float) -> str:
    """A tenant JWT that expires at `exp`, to the millisecond (issue_token counts whole
    seconds from now)."""
    settings = stack.settings
    claims = {
        "sub": f"company:{tenant}",
        "role": "tenant",
        "companyId": tenant,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": int(time.time()) - 60,
        "exp": exp,
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


async def _frames_until_closed(
    ws: Any, timeout_s: float, slow_until: float = 0
) -> tuple[list[dict[str, Any]], float]:
    """Every frame the server sends until it closes, and when (monotonic) it closed; up to
    `slow_until` (epoch seconds) a frame every 2 ms, as a client that takes its time."""
    frames: list[dict[str, Any]] = []
    with pytest.raises(websockets.ConnectionClosed):
        async with asyncio.timeout(timeout_s):
            while True:
                frames.append(json.loads(await ws.recv()))
                if time.time() < slow_until:
                    await asyncio.sleep(0.002)
    return frames, time.monotonic()


def _small_buffer_socket(stack: Stack) -> socket.socket:
    """A connection whose receive buffer stays small, so that a client reading slowly
    holds the gateway back instead of having the whole replay buffered at its end."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    sock.connect(("127.0.0.1", int(stack.env["WAGATE_PORT"])))
    sock.setblocking(False)
    return sock


async def _ends_with_its_token(
    stack: Stack, tenant: str, exp: float, query: str = "", slow: bool = False
) -> tuple[list[dict[str, Any]], float]:
    """The frames of a socket whose token expires at `exp`, and how long after `exp` it
    closed (4401 token_expired, or the test fails)."""
    url = f"{stack.ws_url}?token={_token(stack, tenant, exp)}{query}"
    async with websockets.connect(url, sock=_small_buffer_socket(stack)) as ws:
        frames, closed_at = await _frames_until_closed(ws, 20, exp if slow else 0)
        assert ws.close_code == 4401, (ws.close_code, frames[-3:])
    assert frames[-1]["code"] == "token_expired", frames[-3:]
    return frames, closed_at - time.monotonic() + (time.time() - exp)


async def test_a_token_already_past_exp_is_refused_at_connect(stack: Stack) -> None:
    """Inside the 30 s clock leeway a JWT passes verification, but a socket lives by its
    exp: it is refused at once, before any subscription, however many connect at once."""
    tenant = stack.new_tenant()
    ended = await asyncio.gather(
        *(_ends_with_its_token(stack, tenant, time.time() - 27) for _ in range(SOCKETS))
    )
    for frames, late_s in ended:
        assert [f.get("type") for f in frames] == [None], frames  # no `subscribed`
        assert late_s < 27 + 1.5


@contextlib.asynccontextmanager
async def _backlog(stack: Stack, tenant: str, count: int) -> AsyncIterator[None]:
    """`count` events of about 2 KB on the tenant's stream, removed after."""
    redis = Redis.from_url(stack.env["REDIS_URL"])
    stream = BusKeys(stack.env["WAGATE_REDIS_PREFIX"]).events(tenant)
    try:
        async with redis.pipeline(transaction=False) as pipe:
            for n in range(count):
                event = Event(EventType.PRESENCE, tenant, {"n": n, "pad": "x" * 2000})
                pipe.xadd(stream, event.to_fields())  # type: ignore[arg-type]
            await pipe.execute()
        yield
    finally:
        await redis.delete(stream)
        await redis.aclose()


async def test_a_token_ending_during_a_backlog_replay_closes_it(stack: Stack) -> None:
    """Resuming from the start of a long stream that the client reads at its own pace,
    the token ends mid-replay: the socket stops replaying and closes."""
    tenant = stack.new_tenant()
    async with _backlog(stack, tenant, 10_000):
        exp = time.time() + 1.0
        ended = await asyncio.gather(
            *(
                _ends_with_its_token(stack, tenant, exp, "&since=0-0", slow=True)
                for _ in range(SOCKETS)
            )
        )
    for frames, late_s in ended:
        assert frames[0] == {"type": "subscribed", "companyId": tenant}
        assert late_s < 1.5
        replayed = [f for f in frames if f.get("type") == "presence"]
        assert 0 < len(replayed) < 10_000, len(replayed)


async def test_a_token_ending_while_waiting_for_events_closes_it(stack: Stack) -> None:
    tenant = stack.new_tenant()
    exp = time.time() + 1.5
    ended = await asyncio.gather(
        *(_ends_with_its_token(stack, tenant, exp) for _ in range(SOCKETS))
    )
    for frames, late_s in ended:
        assert frames[0] == {"type": "subscribed", "companyId": tenant}
        assert -0.05 < late_s < 1.5


async def test_a_stopping_gateway_closes_its_sockets_at_once(stack: Stack) -> None:
    """SIGTERM: every socket closes at once with 1012 (service restart: reconnect, to
    another gateway, with ?since=), not with 1011 after the whole drain timeout, and the
    gateway exits soon after, logging no error."""
    tenant = stack.new_tenant()
    async with stack.extra_gateway(WAGATE_GATEWAY_DRAIN_TIMEOUT="20") as other:
        url = f"{other.ws_url}?token={stack.token(tenant)}"
        async with contextlib.AsyncExitStack() as held:
            sockets = [
                await held.enter_async_context(websockets.connect(url)) for _ in range(SOCKETS)
            ]
            for ws in sockets:
                assert json.loads(await ws.recv()) == {"type": "subscribed", "companyId": tenant}
            gateway = other.procs["gateway"]
            stopped = time.monotonic()
            gateway.send_signal(signal.SIGTERM)
            ends = await asyncio.gather(*(_frames_until_closed(ws, 5) for ws in sockets))
            assert [ws.close_code for ws in sockets] == [1012] * SOCKETS
            assert [frames for frames, _ in ends] == [[]] * SOCKETS
            assert max(closed for _, closed in ends) - stopped < 2

            async def exited() -> bool:
                return gateway.poll() is not None

            await until(exited, "the gateway to exit", timeout_s=5)
            assert gateway.returncode == 0
            assert time.monotonic() - stopped < 5  # the drain timeout is 20 s
    log = (other.logs / "gateway.log").read_text()
    errors = [
        line for line in log.splitlines() if '"level": "error"' in line or "Traceback" in line
    ]
    assert errors == [], errors[:3]
