"""Pacing a tenant's sends against WhatsApp's ban heuristics, which look for numbers that
start many chats and send faster than people type (docs/pacing.md). Per tenant
(`tenant_pacing`, migration 020):

- caps on new chats started per hour and per day: a new chat is a 1:1 chat the tenant
  never wrote to nor heard from (the message log knows) nor started before; a first
  message over a cap is refused with `new_chat_limit_reached` and when a start frees up
  (Retry-After); messages to chats under way are never capped;
- typing: `composing` shown in the chat for `typing_seconds(len)` (the text's or the
  caption's length), then the message, then `paused`;
- jitter: a random delay up to `jitter_ms` before the message.

Delays run after the send is claimed in the message log (a re-delivered command that went
out is answered from it, not paced again) and under a lock of the chat, so two sends to
one chat go out in the order they came; the consumer's command slot is lent out while a
send waits (`lend_slot`), so waiting sends never hold up other tenants' commands."""

from __future__ import annotations

import contextlib
import logging
import random
from collections.abc import AsyncIterator, Callable
from contextvars import ContextVar
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from connector.cached_setting import CachedSetting
from connector.clock import Clock
from connector.engine import Attachment, Engine, EngineError, Outgoing
from connector.keyed_locks import KeyedLocks
from wagate.content import ActsOnMessage, Text
from wagate.tables.pacing import DAY, DEFAULT, HOUR, Pacing

if TYPE_CHECKING:
    from connector.store import Store

log = logging.getLogger(__name__)

NEW_CHAT_LIMIT_REACHED = "new_chat_limit_reached"
# composing shown before a message: a base plus a time a character, bounded, so a long
# text does not hold its chat for long (25 characters: 1.5 s; 88 and more: 4 s)
TYPING_BASE_S = 0.5
TYPING_PER_CHAR_S = 0.04
TYPING_MAX_S = 4.0


def typing_seconds(chars: int) -> float:
    return min(TYPING_MAX_S, TYPING_BASE_S + TYPING_PER_CHAR_S * chars)


def wait_for_start(pacing: Pacing, starts: list[datetime], now: datetime) -> float | None:
    """Seconds until the tenant may start another chat under its caps (`starts`: when it
    started each chat in the last day, oldest first); None: it may now."""
    waits = []
    for cap, window in ((pacing.new_chats_per_hour, HOUR), (pacing.new_chats_per_day, DAY)):
        inside = [at for at in starts if at > now - window]
        if cap is not None and len(inside) >= cap:
            # a start frees when the one that keeps the window full leaves it
            waits.append((inside[len(inside) - cap] + window - now).total_seconds())
    return max(waits) if waits else None


class SlotLender(Protocol):
    def lent(self) -> contextlib.AbstractAsyncContextManager[None]: ...


# the running command's slot in the consumer, which a waiting send lends out
COMMAND_SLOT: ContextVar[SlotLender | None] = ContextVar("command_slot", default=None)


@contextlib.asynccontextmanager
async def lend_slot() -> AsyncIterator[None]:
    slot = COMMAND_SLOT.get()
    if slot is None:
        yield
        return
    async with slot.lent():
        yield


class Pacer:
    """One session's pacing: its tenant's settings (re-read every few seconds), its chat
    starts counted in PostgreSQL, its delays."""

    def __init__(
        self,
        tenant_id: str,
        store: Store,
        clock: Clock,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self._tenant_id = tenant_id
        self._store = store
        self._clock = clock
        self._rng = rng
        self._settings = CachedSetting(lambda: store.pacing_of(tenant_id), clock, DEFAULT)
        self._chats = KeyedLocks()

    async def start_chat(self, chat: str, command_id: str) -> bool:
        """Count a first message to a new 1:1 chat against the caps (EngineError
        new_chat_limit_reached over one); True when this send started the chat."""
        pacing = await self._settings.get()
        if not pacing.capped or chat.endswith("@g.us"):
            return False
        return await self._store.start_chat(
            self._tenant_id, chat, command_id, self._clock.now(), pacing
        )

    async def unstart_chat(self, chat: str) -> None:
        """The first message did not go out: the chat was not started after all."""
        await self._store.unstart_chat(self._tenant_id, chat)

    @contextlib.asynccontextmanager
    async def paced(self, engine: Engine, chat: str, content: Outgoing) -> AsyncIterator[None]:
        """Around one message's send: the jitter and the typing before, `paused` after,
        the chat held meanwhile."""
        pacing = await self._settings.get()
        typing = pacing.typing and not isinstance(content, ActsOnMessage)
        if not typing and pacing.jitter_ms == 0:
            yield
            return
        async with contextlib.AsyncExitStack() as held:
            async with lend_slot():
                await held.enter_async_context(self._chats.hold(chat))
                await self._clock.sleep(self._rng() * pacing.jitter_ms / 1000)
                if typing:
                    await _show(engine, chat, "typing")
                    await self._clock.sleep(typing_seconds(_chars(content)))
            yield
            if typing:
                await _show(engine, chat, "paused")


async def _show(engine: Engine, chat: str, state: str) -> None:
    """Composing is a courtesy: a refusal of it does not stop the message."""
    try:
        await engine.send_chat_presence(chat, state)
    except EngineError as e:
        log.info("chat presence %s in %s refused: %s", state, chat, e)


def _chars(content: Outgoing) -> int:
    if isinstance(content, Text):
        return len(content.text)
    if isinstance(content, Attachment):
        return len(content.media.caption)
    return 0
