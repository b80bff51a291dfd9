"""Calls to a tenant's account: the ones offered lately, kept per session (bounded and
expiring, so a reject names only a call this tenant was offered), each change published
as a `call` event, and the tenant's auto-reject with its optional text reply.

A reject goes to WhatsApp as whatsmeow's RejectCall (caller and call id). An automatic
one runs apart from the engine's reader (which delivered the offer and must not wait on
its own connection), and its reply is one message sent through the session's send,
logged under a command id made of the tenant and the call: a call offered again, or a
reject retried, never sends a second reply.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from connector.cached_setting import CachedSetting
from connector.clock import Clock
from connector.engine import CALL_ENDED, CALL_NOT_FOUND, CallChanged, EngineError
from wagate.bus.replies import CallView
from wagate.public_events import CallBody
from wagate.tables.tenant_calls import CallAnswering

log = logging.getLogger(__name__)

CALLS_KEPT = 200  # per session; the oldest is forgotten first
CALL_KEPT_S = 3600.0  # a call older than this is forgotten (no reject of it any more)
REJECTED = "rejected"  # the session declined it (by the API or automatically)


@dataclass(frozen=True)
class _Kept:
    view: CallView
    seen_at: float  # monotonic


@dataclass
class CallDesk:
    tenant_id: str
    clock: Clock
    answering: CachedSetting[CallAnswering]
    # WhatsApp's RejectCall(caller, call id), once the session is connected
    reject_at_network: Callable[[str, str], Awaitable[None]]
    # one text message (command id, chat, text), sent once per command id
    send_text: Callable[[str, str, str], Awaitable[object]]
    publish: Callable[[CallBody], Awaitable[None]]

    def __post_init__(self) -> None:
        self._calls: OrderedDict[str, _Kept] = OrderedDict()
        self._answering: set[asyncio.Task[None]] = set()

    async def seen(self, change: CallChanged) -> None:
        """A change WhatsApp reported: kept, published once per status; an offer is
        declined at once when the tenant asks so."""
        kept = self._find(change.call_id)
        if kept is not None and change.status in (kept.view.status, "offer"):
            return  # told again, or a late offer of a call answered or ended: nothing new
        view = _view(change) if kept is None else replace(kept.view, status=change.status)
        self._keep(view)
        await self.publish(_body(change))
        if change.status == "offer" and change.caller is not None:
            answering = await self.answering.get()
            if answering.auto_reject:
                self._start_auto_reject(view, answering.reply_text)

    def listed(self) -> list[CallView]:
        self._expire()
        return [kept.view for kept in reversed(self._calls.values())]

    async def reject(self, call_id: str) -> CallView:
        """Decline a call this session was offered lately and that still rings."""
        kept = self._find(call_id)
        if kept is None:
            raise EngineError(CALL_NOT_FOUND, f"no call {call_id} was offered to the session")
        if kept.view.status != "offer":
            raise EngineError(CALL_ENDED, f"call {call_id} is {kept.view.status}, not ringing")
        caller = kept.view.caller or f"{kept.view.caller_lid}@lid"  # a LID alone: its JID
        await self.reject_at_network(caller, call_id)
        rejected = replace(kept.view, status=REJECTED)
        self._keep(rejected)
        return rejected

    def _start_auto_reject(self, view: CallView, reply_text: str | None) -> None:
        task = asyncio.create_task(
            self._auto_reject(view, reply_text), name=f"call-reject-{self.tenant_id}"
        )
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)

    async def _auto_reject(self, view: CallView, reply_text: str | None) -> None:
        try:
            await self.reject(view.call_id)
            if reply_text and view.caller:
                await self.send_text(self._reply_id(view.call_id), view.caller, reply_text)
        except EngineError as e:  # ended meanwhile, or the session dropped: nothing to do
            log.info("tenant %s: call %s not auto-rejected: %s", self.tenant_id, view.call_id, e)
        except Exception:
            log.exception("tenant %s: auto-reject of call %s failed", self.tenant_id, view.call_id)

    def _reply_id(self, call_id: str) -> str:
        digest = hashlib.sha256(f"{self.tenant_id}\x1f{call_id}".encode()).hexdigest()
        return f"call-reply-{digest[:32]}"

    def _find(self, call_id: str) -> _Kept | None:
        self._expire()
        return self._calls.get(call_id)

    def _keep(self, view: CallView) -> None:
        self._calls.pop(view.call_id, None)
        self._calls[view.call_id] = _Kept(view, self.clock.monotonic())
        while len(self._calls) > CALLS_KEPT:
            self._calls.popitem(last=False)

    def _expire(self) -> None:
        oldest = self.clock.monotonic() - CALL_KEPT_S
        while self._calls:
            first = next(iter(self._calls.values()))
            if first.seen_at >= oldest:
                return
            self._calls.popitem(last=False)


def _view(change: CallChanged) -> CallView:
    return CallView(
        call_id=change.call_id,
        caller=change.caller,
        caller_lid=change.caller_lid,
        video=change.video,
        group=change.group or bool(change.group_id),
        group_id=change.group_id,
        status=change.status,
        offered_at_ms=change.timestamp_ms,
    )


def _body(change: CallChanged) -> CallBody:
    return CallBody(
        call_id=change.call_id,
        sender=change.caller,
        from_lid=change.caller_lid or None,
        is_video=change.video,
        is_group=change.group or bool(change.group_id),
        group_id=change.group_id or None,
        status=change.status,
        timestamp=change.timestamp_ms,
    )
