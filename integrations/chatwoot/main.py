"""`wagate chatwoot`: the bridge process. It needs its settings (docs/chatwoot.md), its
tables (it applies wagate's migrations itself, as the connector does) and nothing else
of wagate's but the public API."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from hypercorn.asyncio import serve
from svix.webhooks import Webhook

from integrations.chatwoot.app import Receivers, bridge_app
from integrations.chatwoot.chatwoot_api import ChatwootApi
from integrations.chatwoot.inbound import Inbound
from integrations.chatwoot.outbound import Outbound
from integrations.chatwoot.store import TO_CHATWOOT, TO_WHATSAPP, BridgeStore
from integrations.chatwoot.wagate_api import WagateApi
from integrations.chatwoot.worker import Worker
from wagate import db, serving
from wagate.config import Settings
from wagate.migrate import prepare_database
from wagate.periodic import repeat

log = logging.getLogger(__name__)

_PRUNE_EVERY_S = 3600.0
_STOP_WAIT_S = 10.0  # below a deployment's usual stop grace (Kubernetes: 30 s)

_REQUIRED = {
    "WAGATE_CHATWOOT_API_KEY": "chatwoot_api_key",
    "WAGATE_CHATWOOT_COMPANY_ID": "chatwoot_company_id",
    "WAGATE_CHATWOOT_WEBHOOK_SECRET": "chatwoot_webhook_secret",
    "WAGATE_CHATWOOT_URL": "chatwoot_url",
    "WAGATE_CHATWOOT_TOKEN": "chatwoot_token",
    "WAGATE_CHATWOOT_ACCOUNT_ID": "chatwoot_account_id",
    "WAGATE_CHATWOOT_INBOX_ID": "chatwoot_inbox_id",
    "WAGATE_CHATWOOT_CALLBACK_TOKEN": "chatwoot_callback_token",
}


def missing_settings(settings: Settings) -> list[str]:
    """The variables the bridge cannot run without that are unset (or too weak)."""
    missing = [env for env, attr in _REQUIRED.items() if not getattr(settings, attr)]
    if settings.chatwoot_callback_token and len(settings.chatwoot_callback_token) < 16:
        missing.append("WAGATE_CHATWOOT_CALLBACK_TOKEN (at least 16 characters)")
    return missing


def run(settings: Settings) -> int:
    missing = missing_settings(settings)
    if missing:
        log.error("wagate chatwoot needs %s", ", ".join(missing))
        return 2
    serving.run_event_loop(serve_bridge(settings))
    return 0


async def _pruning(store: BridgeStore, days: int) -> None:
    async def one_pass() -> None:
        if pruned := await store.prune(days):
            log.info("pruned %d queue rows older than %d days", pruned, days)

    await repeat(one_pass, _PRUNE_EVERY_S, asyncio.Event(), "the queue's pruning")


async def _stop(workers: list[Worker], tasks: list[asyncio.Task[None]]) -> None:
    """The workers finish the job in hand (within _STOP_WAIT_S), then everything ends."""
    for worker in workers:
        worker.stop()
    await asyncio.wait(tasks[: len(workers)], timeout=_STOP_WAIT_S)
    for task in tasks:  # still running: cut short, its job stays pending for the next start
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def serve_bridge(s: Settings) -> None:
    await prepare_database(s.database_url)
    pool = await db.create_pool(s.database_url, max_size=4)
    store = BridgeStore(pool, s.chatwoot_company_id)
    chatwoot = ChatwootApi(
        s.chatwoot_url, s.chatwoot_token, s.chatwoot_account_id, s.chatwoot_inbox_id
    )
    wagate = WagateApi(s.chatwoot_api_url, s.chatwoot_api_key, s.chatwoot_company_id)
    inbound = Inbound(chatwoot, wagate, store)
    outbound = Outbound(chatwoot, wagate, store, s.chatwoot_account_id)
    retry = (s.chatwoot_retry_base_s, s.chatwoot_retry_cap_s)
    workers = {
        TO_CHATWOOT: Worker(store, TO_CHATWOOT, lambda _key, event: inbound.deliver(event), *retry),
        TO_WHATSAPP: Worker(store, TO_WHATSAPP, outbound.send, *retry),
    }
    receivers = Receivers(
        store, Webhook(s.chatwoot_webhook_secret), s.chatwoot_callback_token, workers
    )
    stop = asyncio.Event()
    serving.stop_on_signals(stop)
    tasks = [asyncio.create_task(w.run(), name=f"chatwoot {d}") for d, w in workers.items()]
    tasks.append(asyncio.create_task(_pruning(store, s.chatwoot_retention_days)))
    config = serving.hypercorn_config(s.chatwoot_host, s.chatwoot_port, graceful_timeout_s=5)
    log.info(
        "Chatwoot bridge for company %s on %s:%d",
        s.chatwoot_company_id,
        s.chatwoot_host,
        s.chatwoot_port,
    )
    try:
        await serve(bridge_app(receivers), config, shutdown_trigger=stop.wait)  # type: ignore[arg-type]
    finally:
        await _stop(list(workers.values()), tasks)
        await chatwoot.aclose()
        await wagate.aclose()
        await pool.close()
