"""The sim network process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from hypercorn.asyncio import serve
from hypercorn.config import Config

from simnet.network import Network
from simnet.server import create_app
from wagate.config import Settings

log = logging.getLogger("wagate.sim")


async def serve_sim(settings: Settings, stop: asyncio.Event | None = None) -> None:
    network = Network(qr_interval_s=settings.sim_qr_interval_s, qr_count=settings.sim_qr_count)
    config = Config()
    config.bind = [f"{settings.sim_host}:{settings.sim_port}"]
    config.accesslog = None
    config.graceful_timeout = 2
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    log.info(
        "sim network on ws://%s:%d/ws, control API http://%s:%d (QR every %gs, %d codes)",
        settings.sim_host,
        settings.sim_port,
        settings.sim_host,
        settings.sim_port,
        settings.sim_qr_interval_s,
        settings.sim_qr_count,
    )
    await serve(create_app(network), config, shutdown_trigger=stop.wait)  # type: ignore[arg-type]
