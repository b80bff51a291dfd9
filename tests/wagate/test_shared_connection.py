"""One Redis connection shared by many requests' commands (wagate/shared_connection.py):
each caller gets its own command's reply whatever the others do (fail, give up), a
script Redis lost is loaded again, and Redis gone is a ConnectionError until it is back,
as a pool's connection would raise."""

from __future__ import annotations

import asyncio
import secrets

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError

from devstack.stack import REDIS_URL
from gateway.metrics import GatewayMetrics
from gateway.ratelimit import RateLimiter
from tests.private_redis import private_redis
from wagate.shared_connection import SharedConnection


async def test_concurrent_commands_get_their_own_replies_whatever_the_others_do() -> None:
    redis = Redis.from_url(REDIS_URL)
    shared = SharedConnection(redis, 5.0)
    key = f"wagate-test-shared-{secrets.token_hex(4)}"
    try:
        echoes = [shared.command("ECHO", str(n)) for n in range(200)]
        failing = shared.command("INCR", "no-number-" + key, "extra")  # wrong arity
        given_up = asyncio.create_task(shared.command("ECHO", "late"))
        await asyncio.sleep(0)  # issued, then given up on before its reply
        given_up.cancel()
        got = await asyncio.gather(*echoes, failing, given_up, return_exceptions=True)
        assert got[:200] == [str(n).encode() for n in range(200)]
        assert isinstance(got[200], ResponseError)
        assert isinstance(got[201], asyncio.CancelledError)
        assert await shared.command("ECHO", "after") == b"after"  # still matched
    finally:
        await shared.close()
        await redis.aclose()


async def test_a_script_redis_lost_is_loaded_again() -> None:
    with private_redis() as server:  # flushed: never the shared Redis
        redis = Redis.from_url(server.url)
        shared = SharedConnection(redis, 5.0)
        script = redis.register_script("return ARGV[1]")
        try:
            assert await shared.script(script, [], ["one"]) == b"one"
            await shared.command("SCRIPT", "FLUSH")
            assert await shared.script(script, [], ["two"]) == b"two"
        finally:
            await shared.close()
            await redis.aclose()


async def test_redis_gone_is_a_connection_error_and_the_limit_falls_back_until_it_is_back() -> None:
    with private_redis() as server:
        redis = Redis.from_url(server.url, socket_connect_timeout=0.5)
        shared = SharedConnection(redis, 5.0)
        limiter = RateLimiter(redis, "wagate-test", GatewayMetrics(), shared)
        try:
            assert (await limiter.hit("send", "acme", 2)).remaining == 1
            server.kill()
            with pytest.raises(RedisConnectionError):
                await shared.command("PING")
            assert (await limiter.hit("send", "acme", 2)).allowed  # in memory
            assert limiter.fallback_active
            server.start()
            assert (await limiter.hit("send", "acme", 2)).remaining == 1  # a new window
            assert not limiter.fallback_active
        finally:
            await limiter.close()
            await redis.aclose()
