"""The sim network process."""

from __future__ import annotations

import asyncio
import logging

from hypercorn.asyncio import serve

from simnet.media_host import MediaHost
from simnet.network import Network
from simnet.server import create_app
from wagate.config import SimSettings
from wagate.serving import hypercorn_config, stop_on_signals

log = logging.getLogger("wagate.sim")


async def serve_sim(settings: SimSettings, stop: asyncio.Event | None = None) -> None:
    network = Network(
        qr_first_s=settings.sim_qr_first_s,
        qr_interval_s=settings.sim_qr_interval_s,
        qr_count=settings.sim_qr_count,
        media=MediaHost(settings.sim_media_max_bytes, settings.sim_media_ttl_s),
    )
    config = hypercorn_config(settings.sim_host, settings.sim_port, graceful_timeout_s=2)
    stop = stop or asyncio.Event()
    stop_on_signals(stop)
    log.info(
        "sim network on ws://%s:%d/ws, control API http://%s:%d (QR %gs, then every %gs, %d codes)",
        settings.sim_host,
        settings.sim_port,
        settings.sim_host,
        settings.sim_port,
        settings.sim_qr_first_s,
        settings.sim_qr_interval_s,
        settings.sim_qr_count,
    )
    try:
        await serve(create_app(network), config, shutdown_trigger=stop.wait)  # type: ignore[arg-type]
    finally:
        network.media.close()  # its files are in a temporary directory
