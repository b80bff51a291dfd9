"""Pacing a session's sends, in process on the fake engine, store and clock: caps on new
chats started per hour and per day (chats under way, or heard from, are never capped),
composing shown before a message for a time that grows with it, jitter that keeps a
chat's order, and a waiting send that lends its command slot out."""

from __future__ import annotations

import asyncio

import pytest

from connector.consumer import _Slot
from connector.engine import NOT_ON_WHATSAPP, EngineError, IncomingMessage
from connector.pacing import COMMAND_SLOT, NEW_CHAT_LIMIT_REACHED, lend_slot, typing_seconds
from tests.core_fakes import Core, settle
from wagate.tables.pacing import Pacing

A, B, C, D, E = (f"7900555000{i}" for i in range(1, 6))


async def test_new_chats_are_capped_per_hour_and_per_day_and_chats_under_way_never() -> None:
    core = Core()
    core.store.pacings["c-cap"] = Pacing(new_chats_per_hour=2, new_chats_per_day=3)
    session = await core.connected("c-cap")
    engine = core.kind.latest
    await session.send_text("cmd-1", A, "hi")
    await core.clock.advance(60)
    await session.send_text("cmd-2", B, "hi")
    with pytest.raises(EngineError) as capped:
        await session.send_text("cmd-3", C, "hi")
    assert capped.value.code == NEW_CHAT_LIMIT_REACHED
    assert capped.value.retry_after_s == pytest.approx(3600 - 60)  # when A's start leaves
    assert "cmd-3" not in core.store.sends  # nothing went out: the command may come again
    await session.send_text("cmd-4", A, "a chat under way")
    await engine.emit(IncomingMessage("in-1", D, "hello", 1_767_225_600_000))
    await session.send_text("cmd-5", D, "a chat they started")
    engine.send_error = EngineError(NOT_ON_WHATSAPP, "no")
    await core.clock.advance(3600)
    with pytest.raises(EngineError):  # a first message that did not go out starts nothing
        await session.send_text("cmd-6", E, "hi")
    engine.send_error = None
    await session.send_text("cmd-3", C, "hi")  # the hour's cap freed; the day's is now full
    with pytest.raises(EngineError) as daily:
        await session.send_text("cmd-7", E, "hi")
    assert daily.value.retry_after_s == pytest.approx(86400 - 3660)
    assert [chat for chat, *_ in engine.sent] == [A, B, A, D, C]


async def test_typing_shows_for_a_time_growing_with_the_text_then_the_message_then_paused() -> None:
    core = Core()
    core.store.pacings["c-typing"] = Pacing(typing=True)
    session = await core.connected("c-typing")
    engine = core.kind.latest
    text = "x" * 40
    sending = asyncio.create_task(session.send_text("cmd-1", A, text))
    await settle()
    assert engine.timeline == [("typing", A)]
    await core.clock.advance(typing_seconds(len(text)) - 0.01)
    assert engine.timeline == [("typing", A)]  # still composing
    await core.clock.advance(0.01)
    await sending
    assert engine.timeline == [("typing", A), ("send", A), ("paused", A)]
    assert typing_seconds(len(text)) == pytest.approx(0.5 + 0.04 * 40)
    assert typing_seconds(10_000) == 4.0  # bounded


async def test_jitter_delays_sends_yet_a_chat_keeps_its_order() -> None:
    core = Core()
    core.store.pacings["c-jitter"] = Pacing(jitter_ms=1000)
    session = await core.connected("c-jitter")
    engine = core.kind.latest
    first = asyncio.create_task(session.send_text("cmd-1", A, "first"))
    second = asyncio.create_task(session.send_text("cmd-2", A, "second"))
    await settle()
    assert engine.sent == []  # both wait: the first its jitter, the second the chat
    for _ in range(2):
        await core.clock.advance(1.0)
    await asyncio.gather(first, second)
    assert [text for _, text, *_ in engine.sent] == ["first", "second"]


async def test_a_waiting_send_lends_its_command_slot_and_takes_it_back() -> None:
    slots = asyncio.Semaphore(1)
    await slots.acquire()
    slot = _Slot(slots)
    token = COMMAND_SLOT.set(slot)
    try:
        async with lend_slot():
            await asyncio.wait_for(slots.acquire(), 1)  # another command runs meanwhile
            slots.release()
        assert slots.locked()  # taken back once the wait is over
    finally:
        COMMAND_SLOT.reset(token)
    slot.give_back()
    slot.give_back()  # once only: the semaphore never grows past its size
    assert not slots.locked()
    await slots.acquire()
    assert slots.locked()
