"""The number-check cache: what WhatsApp said about a number, kept per tenant in Redis.

Asking WhatsApp whether numbers are on it is what gets numbers banned when done in bulk,
so an answer is reused for WAGATE_NUMBER_CHECK_CACHE_TTL: a check of numbers all in the
cache asks WhatsApp nothing and is not counted against the tenant's number-check limit.
Kept per tenant (not shared) so no tenant learns from another's checks.
"""

from __future__ import annotations

import json

from redis.asyncio import Redis

from wagate.bus import NumberStatus


class NumberCheckCache:
    def __init__(self, redis: Redis, prefix: str, ttl_s: int) -> None:
        self._redis = redis
        self._prefix = prefix
        self._ttl_s = ttl_s

    def _key(self, tenant_id: str, phone: str) -> str:
        return f"{self._prefix}:numcheck:{tenant_id}:{phone}"

    async def known(self, tenant_id: str, phones: list[str]) -> dict[str, NumberStatus]:
        """The cached answers among `phones`, by number."""
        if self._ttl_s == 0 or not phones:
            return {}
        raw = await self._redis.mget([self._key(tenant_id, p) for p in phones])
        known = {}
        for phone, found in zip(phones, raw, strict=True):
            if found is not None:
                on_whatsapp, jid, lid = json.loads(found)
                known[phone] = NumberStatus(phone, bool(on_whatsapp), str(jid), str(lid))
        return known

    async def remember(self, tenant_id: str, found: list[NumberStatus]) -> None:
        if self._ttl_s == 0 or not found:
            return
        async with self._redis.pipeline(transaction=False) as pipe:
            for status in found:
                pipe.set(
                    self._key(tenant_id, status.phone),
                    # [onWhatsApp, jid, lid]: compact, and read back without the bus
                    # codec's type reflection (50 of those cost milliseconds)
                    json.dumps([status.on_whatsapp, status.jid, status.lid]),
                    ex=self._ttl_s,
                )
            await pipe.execute()
