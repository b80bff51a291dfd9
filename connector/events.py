"""Publishing session events to the tenant's Redis stream (the bus's event side)."""

from __future__ import annotations

from redis.asyncio import Redis

from wagate.bus import EVENT_STREAM_MAXLEN, BusKeys, Event


class EventPublisher:
    def __init__(self, redis: Redis, keys: BusKeys) -> None:
        self._redis = redis
        self._keys = keys

    async def publish(self, event: Event) -> str:
        """Append to the tenant's stream; returns the stream id (the client's resume point)."""
        stream_id = await self._redis.xadd(
            self._keys.events(event.company_id),
            event.to_fields(),  # type: ignore[arg-type]
            maxlen=EVENT_STREAM_MAXLEN,
            approximate=True,
        )
        return stream_id.decode() if isinstance(stream_id, bytes) else str(stream_id)
