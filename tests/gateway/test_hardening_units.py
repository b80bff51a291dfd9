"""Unit regressions from issue 13 and 14: the SSRF guard's address tables, and the byte
bound on what a slow event reader may hold in the gateway."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from devstack.stack import REDIS_URL
from gateway.event_fanout import EventFanout, SlowSubscriber
from wagate.ssrf import UnsafeUrl, blocked_reason, check_url

# ---- 5. the SSRF guard decides from IANA's special-purpose registries ----------------------


@pytest.mark.parametrize(
    "address",
    [
        "fec0::1",  # site-local (deprecated): Python's ipaddress calls it global
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "2002:c0a8:101::",  # 6to4 of 192.168.1.1
        "64:ff9b::a00:1",  # NAT64 (well-known prefix) of 10.0.0.1
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b:1::808:808",  # local-use NAT64, whatever it embeds
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "2001:0:a00:1::",  # Teredo with a private server
        "::127.0.0.1",  # IPv4-compatible
        "::10.0.0.1",
        "::8.8.8.8",  # IPv4-compatible is deprecated, whatever it embeds
        "::ffff:10.0.0.1",  # IPv4-mapped
        "::ffff:0:a00:1",  # IPv4-translated
        "100::1",  # discard-only
        "2001:db8::1",  # documentation
        "3fff::1",
        "5f00::1",  # SRv6
        "4000::1",  # outside 2000::/3
        "fc00::1",
        "fe80::1",
        "ff02::1",
        "192.0.2.1",
        "198.18.0.1",
        "198.51.100.1",
        "203.0.113.1",
        "192.0.0.8",
        "192.88.99.1",
        "240.0.0.1",
        "255.255.255.255",
        "0.1.2.3",
    ],
)
def test_not_globally_reachable_addresses_are_refused(address: str) -> None:
    assert blocked_reason(address, allow_private=False) is not None


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"],
)
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(address, allow_private=False) is None


@pytest.mark.parametrize(
    "address", ["2002:a9fe:a9fe::", "64:ff9b::a9fe:a9fe", "::169.254.169.254", "2001:0:a9fe:a9fe::"]
)
def test_metadata_addresses_inside_ipv6_stay_refused_even_when_private_is_allowed(
    address: str,
) -> None:
    assert blocked_reason(address, allow_private=True) == "a cloud metadata address"


async def test_a_site_local_webhook_url_is_refused() -> None:
    with pytest.raises(UnsafeUrl, match="site-local"):
        await check_url("http://[fec0::1]/", allow_private=False)


# ---- issue 14, 6. a slow reader's bytes are bounded --------------------------------------------


@pytest.fixture
async def redis() -> AsyncIterator[tuple[Redis, str]]:
    prefix = f"wagate-harden-test-{secrets.token_hex(4)}"
    client = Redis.from_url(REDIS_URL)
    try:
        yield client, prefix
    finally:
        async for key in client.scan_iter(match=f"{prefix}*"):
            await client.delete(key)
        await client.aclose()


async def _until_cut_off(fanout: EventFanout, timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while fanout.subscribers:
        assert time.monotonic() < deadline, "the slow reader was never cut off"
        await asyncio.sleep(0.02)


async def test_a_reader_of_large_events_is_cut_off_by_bytes_not_count(
    redis: tuple[Redis, str],
) -> None:
    client, prefix = redis
    fanout = EventFanout(client, prefix, max_bytes=1024 * 1024)  # 10,000 events by count
    stream = f"{prefix}:big"
    big = "x" * 100_000
    async with fanout.subscribe(stream, "0-0") as sub:
        for n in range(30):  # 3 MB, far below the count limit
            await client.xadd(stream, {"n": str(n), "data": big})
        await _until_cut_off(fanout)
        # what it held is let go at once, not after the reader works through it
        assert sub.queued_bytes == 0 and fanout.queued_bytes == 0
        with pytest.raises(SlowSubscriber):
            async for _ in fanout.entries(sub):
                pass


async def test_the_gateway_total_cuts_off_the_reader_furthest_behind(
    redis: tuple[Redis, str],
) -> None:
    client, prefix = redis
    fanout = EventFanout(client, prefix, max_bytes=4_000_000, max_total_bytes=1_500_000)
    stream = f"{prefix}:shared"
    big = "y" * 100_000
    async with (
        fanout.subscribe(stream, "0-0") as behind,
        fanout.subscribe(stream, "0-0") as keeping_up,
    ):
        got: list[str] = []

        async def read() -> None:
            async for _, fields in fanout.entries(keeping_up):
                got.append(fields["n"])

        reader = asyncio.create_task(read())
        for n in range(30):  # 3 MB for each: the total bound holds, not the per-reader one
            await client.xadd(stream, {"n": str(n), "data": big})
        deadline = time.monotonic() + 10
        while fanout.subscribers == 2:
            assert time.monotonic() < deadline, "nobody was cut off"
            await asyncio.sleep(0.02)
        with pytest.raises(SlowSubscriber):
            async for _ in fanout.entries(behind):
                pass
        while len(got) < 30:
            assert time.monotonic() < deadline, got
            await asyncio.sleep(0.02)
        reader.cancel()
    assert got == [str(n) for n in range(30)]
