"""Publishing session events: to the webhook outbox (PostgreSQL), then to the tenant's
Redis stream (the bus's event side).

The order is the guarantee: an event is in the outbox before it is on the stream, and
`publish` returns only when both are done. Sessions call it under their emit lock, in the
order events happen, and an incoming message is confirmed to the network only after its
handler (and so this call) returned, so an event that anyone could see is always one the
webhooks will deliver, even if the connector dies right after.
"""

from __future__ import annotations

from redis.asyncio import Redis

from connector.webhooks.outbox import Outbox
from wagate.bus import EVENT_STREAM_MAXLEN, BusKeys, Event


class EventPublisher:
    def __init__(self, redis: Redis, keys: BusKeys, outbox: Outbox | None = None) -> None:
        self._redis = redis
        self._keys = keys
        self._outbox = outbox

    async def publish(self, event: Event) -> str:
        """Owe the event to the tenant's webhooks, then append it to the tenant's stream;
        returns the stream id (the WebSocket client's resume point)."""
        if self._outbox is not None:
            await self._outbox.add(event)
        return await self.to_stream(event)

    async def to_stream(self, event: Event) -> str:
        """The stream half alone, for an event already in the outbox."""
        stream_id = await self._redis.xadd(
            self._keys.events(event.company_id),
            event.to_fields(),  # type: ignore[arg-type]
            maxlen=EVENT_STREAM_MAXLEN,
            approximate=True,
        )
        return stream_id.decode() if isinstance(stream_id, bytes) else str(stream_id)
