"""A background pass repeated at an interval (the retention sweeps): a pass that fails is
logged and tried again at the next one, never ends the loop; `wake` starts one early."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from wagate.db import DB_ERRORS

log = logging.getLogger(__name__)


async def repeat(
    one_pass: Callable[[], Awaitable[None]], interval_s: float, wake: asyncio.Event, what: str
) -> None:
    while True:
        try:
            await one_pass()
        except DB_ERRORS as e:
            log.warning("%s failed (next pass retries): %r", what, e)
        except Exception:
            log.exception("%s failed", what)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(interval_s):
                await wake.wait()
        wake.clear()
