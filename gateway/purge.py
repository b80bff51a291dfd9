"""`DELETE /sessions/{companyId}?purge=true`: after the session is gone, the tenant's
stored messages, chats and contacts, and its media (bytes, then rows), deleted in batches.
What stays, and where: docs/conversations.md."""

from __future__ import annotations

from gateway.services import Services
from wagate.tables import contacts, media, message_store

BATCH = 1000


async def purge_tenant(made: Services, tenant_id: str) -> tuple[int, int]:
    """(messages, media) deleted."""
    pool = await made.db.pool()
    messages = 0
    while deleted := await message_store.purge_tenant(pool, tenant_id, BATCH):
        messages += deleted
    await contacts.purge_tenant(pool, tenant_id)
    files = 0
    while found := await media.of_tenant(pool, tenant_id, BATCH):
        for media_id, blob_key in found:
            if blob_key is not None:  # the bytes first: a row never outlives its blob's end
                await made.blobs.delete(blob_key)
            await media.delete(pool, media_id)
        files += len(found)
    return messages, files
