"""Process plumbing every wagate process uses: the event loop, stop on SIGTERM/SIGINT,
Hypercorn config."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Coroutine
from typing import Any, TypeVar

import uvloop
from hypercorn.config import Config

T = TypeVar("T")


def run_event_loop(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` on uvloop: on the send path most of a process's CPU goes to socket
    writes and the loop's own bookkeeping, which uvloop does in C (the gateway's and
    connector's CPU per send measured in bench/send_path; docs/performance.md)."""
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)


def freeze_startup_objects() -> None:
    """Leave what is alive once a process has started (modules, classes, the app and its
    routes) out of the cyclic garbage collector's scans: they live as long as the process,
    and each full scan walked all of them (tens of ms on the gateway, a few percent of
    its CPU under load, bench/send_path). Garbage made so far is collected first."""
    gc.collect()
    gc.freeze()


def stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


def hypercorn_config(host: str, port: int, graceful_timeout_s: float) -> Config:
    config = Config()
    config.bind = [f"{host}:{port}"]
    config.accesslog = None
    # hand Hypercorn our logger, so its lines go through our format once, not twice
    config.errorlog = logging.getLogger("hypercorn.error")
    config.graceful_timeout = graceful_timeout_s
    # longer than a load balancer's idle timeout (commonly 60 s): otherwise the server may
    # close a kept-alive connection just as the balancer reuses it, and a request fails
    config.keep_alive_timeout = 75
    return config
