"""One database per Redis prefix: the connector claims its bus for its database.

Two connectors of different databases pointed at one Redis prefix by mistake would take
each other's commands and interleave their tenants' event streams. So the leader writes
its database's identity (migration 009: kept by a restored dump or a promoted replica,
new for a new database) beside its heartbeat, with the same expiry, and a connector that
finds another database's identity there refuses to start. A new database that replaces
the old one takes over the prefix once the old connector is gone: at once after a clean
stop (which deletes the claim), within the heartbeat's expiry after a crash.
"""

from __future__ import annotations

from redis.asyncio import Redis

from connector.lock import AnotherConnectorRunning
from wagate.bus import BusKeys
from wagate.tables import Executor

# KEYS: the claim; ARGV: this database's identity, the expiry. Returns the identity that
# holds the claim when it is another database's, else renews it for this one.
_CLAIM = """
local held = redis.call('GET', KEYS[1])
if held and held ~= ARGV[1] then return held end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return false
"""


class BusOfAnotherDatabase(AnotherConnectorRunning):
    pass


async def database_identity(db: Executor) -> str:
    identity = await db.fetchval("SELECT id FROM database_identity ORDER BY created_at LIMIT 1")
    assert identity is not None, "migration 009 makes the database's identity"
    return str(identity)


class BusClaim:
    def __init__(self, redis: Redis, keys: BusKeys, database_id: str, ttl_s: int) -> None:
        self._script = redis.register_script(_CLAIM)
        self._redis = redis
        self._keys = keys
        self.database_id = database_id
        self._ttl_s = ttl_s

    async def renew(self) -> None:
        """Claim (or keep) the prefix for this database; raises BusOfAnotherDatabase when
        another database's connector holds it."""
        held = await self._script(
            keys=[self._keys.connector_database], args=[self.database_id, self._ttl_s]
        )
        if held:
            other = held.decode() if isinstance(held, bytes) else str(held)
            raise BusOfAnotherDatabase(
                f"the Redis prefix {self._keys.prefix!r} is in use by the connector of another "
                f"database (identity {other}, this one is {self.database_id}); refusing to "
                "start: give each deployment its own WAGATE_REDIS_PREFIX (if that database "
                f"is gone for good, its claim expires within {self._ttl_s} s)"
            )

    async def release(self) -> None:
        await self._redis.delete(self._keys.connector_database)
