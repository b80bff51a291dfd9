"""Idempotency-Key on send: a retry with the same key and body gets the first answer and
sends nothing; the same key with another body is refused.

Records live in Redis for WAGATE_IDEMPOTENCY_TTL (24 h). The first request writes a
`pending` record with SET NX (so of 20 concurrent retries exactly one sends), then the
final answer. A retry that finds `pending` waits for it; if the first request ended
without an answer (the connector was slow), the record keeps the bus command id, and the
message log says whether that command's message went out.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

_POLL_S = 0.05


@dataclass(frozen=True)
class Record:
    body_hash: str
    command_id: str
    status: int | None  # None while pending
    body: dict[str, Any] | None

    @property
    def done(self) -> bool:
        return self.status is not None


def body_hash(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class IdempotencyStore:
    def __init__(self, redis: Redis, prefix: str, ttl_s: int) -> None:
        self._redis = redis
        self._prefix = prefix
        self._ttl_s = ttl_s

    def _key(self, tenant_id: str, key: str) -> str:
        return f"{self._prefix}:idem:{tenant_id}:{hashlib.sha256(key.encode()).hexdigest()}"

    async def begin(self, tenant_id: str, key: str, record: Record) -> Record | None:
        """Claim the key; returns the existing record when someone else has it."""
        raw = json.dumps({"h": record.body_hash, "c": record.command_id})
        if await self._redis.set(self._key(tenant_id, key), raw, nx=True, ex=self._ttl_s):
            return None
        return await self.get(tenant_id, key)

    async def get(self, tenant_id: str, key: str) -> Record | None:
        raw = await self._redis.get(self._key(tenant_id, key))
        if raw is None:
            return None
        d = json.loads(raw)
        return Record(d["h"], d["c"], d.get("s"), d.get("b"))

    async def finish(self, tenant_id: str, key: str, record: Record) -> None:
        raw = json.dumps(
            {"h": record.body_hash, "c": record.command_id, "s": record.status, "b": record.body}
        )
        await self._redis.set(self._key(tenant_id, key), raw, ex=self._ttl_s)

    async def abandon(self, tenant_id: str, key: str) -> None:
        """Nothing was attempted (refused before the bus): let a retry start afresh."""
        await self._redis.delete(self._key(tenant_id, key))

    async def wait_done(self, tenant_id: str, key: str, timeout_s: float) -> Record | None:
        deadline = time.monotonic() + timeout_s
        while True:
            record = await self.get(tenant_id, key)
            if record is None or record.done or time.monotonic() > deadline:
                return record
            await asyncio.sleep(_POLL_S)
