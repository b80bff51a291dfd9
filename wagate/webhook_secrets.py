"""Webhook signing secrets at rest: sealed like WhatsApp credentials. The gateway seals a
new secret before storing it (and shows it once); only the connector opens them, to sign.

Rows written before secrets were sealed hold them in clear ("whsec_..."); the connector
seals those when it starts, and `wagate rotate-credentials` re-seals every one.
"""

from __future__ import annotations

import asyncpg

from wagate.sealing import Sealer
from wagate.tables import webhook_endpoints

_CLEAR_PREFIX = "whsec_"


def opened(sealer: Sealer, stored: str) -> str:
    """The secret to sign with, from its stored form."""
    return stored if stored.startswith(_CLEAR_PREFIX) else sealer.open_text(stored)


def _resealed(sealer: Sealer, stored: str | None) -> str | None:
    if stored is None:
        return None
    if stored.startswith(_CLEAR_PREFIX):
        return sealer.seal_text(stored)
    return sealer.reseal(stored)


async def seal_stored(pool: asyncpg.Pool, sealer: Sealer, *, only_clear: bool) -> int:
    """Seal every secret still stored in clear, and with `only_clear=False` also re-seal
    the sealed ones under the newest key. Returns how many endpoints changed."""
    clear = f"{_CLEAR_PREFIX}%"
    count = 0
    async with pool.acquire() as conn, conn.transaction():
        stored = await webhook_endpoints.lock_secrets(conn, only_clear=only_clear, clear=clear)
        for each in stored:
            resealed = _resealed(sealer, each.secret)
            assert resealed is not None  # every endpoint has a secret
            await webhook_endpoints.store_secrets(
                conn,
                webhook_endpoints.StoredSecrets(
                    each.endpoint_id, resealed, _resealed(sealer, each.previous_secret)
                ),
            )
            count += 1
    return count
