"""`tenant_calls`: how a tenant's session answers calls (written by the gateway's calls
settings route, read by the connector when a call is offered)."""

from __future__ import annotations

from dataclasses import dataclass

from wagate.tables import Executor

MAX_REPLY_TEXT = 4096


@dataclass(frozen=True)
class CallAnswering:
    auto_reject: bool = False  # decline every call at once
    reply_text: str | None = None  # then tell the caller this, as a text message


async def get(db: Executor, tenant_id: str) -> CallAnswering:
    """The tenant's setting (calls ring on, no reply, for a tenant that set none)."""
    row = await db.fetchrow(
        "SELECT auto_reject, reply_text FROM tenant_calls WHERE tenant_id = $1", tenant_id
    )
    return CallAnswering() if row is None else CallAnswering(row["auto_reject"], row["reply_text"])


async def put(db: Executor, tenant_id: str, answering: CallAnswering) -> CallAnswering:
    """Set the tenant's setting whole (its tenants row exists: ensure_tenant first)."""
    await db.execute(
        """INSERT INTO tenant_calls (tenant_id, auto_reject, reply_text) VALUES ($1, $2, $3)
           ON CONFLICT (tenant_id) DO UPDATE
           SET auto_reject = $2, reply_text = $3, updated_at = now()""",
        tenant_id,
        answering.auto_reject,
        answering.reply_text,
    )
    return answering
