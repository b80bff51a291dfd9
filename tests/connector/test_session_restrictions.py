"""Account restrictions WhatsApp puts on a session's number, in-process on the fake engine
and clock: a restricted account, a refusal of new contacts (WhatsApp's 463) and a
temporary ban that the session waits out, connecting once when it lifts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from connector.engine import (
    ACCOUNT_RESTRICTED,
    NEW_CONTACT_REFUSED,
    Connected,
    Disconnected,
    DisconnectReason,
    EngineError,
)
from tests.core_fakes import Core, settle
from wagate.session_states import SessionState
from wagate.timestamps import iso_utc

FRIEND = "79005550123"
STRANGER = "79005550999"


async def test_a_restricted_account_sends_nothing_until_the_restriction_ends() -> None:
    core = Core()
    session = await core.connected("c-restricted")
    engine = core.kind.latest
    engine.send_error = EngineError(ACCOUNT_RESTRICTED, "restricted", retry_after_s=600)
    with pytest.raises(EngineError):
        await session.send_text("cmd-a", FRIEND, "1")
    assert "cmd-a" not in core.store.sends  # nothing went out: the command may come again
    told = core.publisher.of("c-restricted")[-1]
    assert (told.type, told.data["code"], told.data["retryAfterSeconds"]) == (
        "error",
        ACCOUNT_RESTRICTED,
        600,
    )
    view = session.snapshot()
    lifts = core.clock.now() + timedelta(seconds=600)
    assert (view.restriction, view.restricted_until) == (ACCOUNT_RESTRICTED, iso_utc(lifts))
    engine.send_error = None
    await core.clock.advance(400)
    with pytest.raises(EngineError) as refused:  # refused here: WhatsApp is not asked again
        await session.send_text("cmd-b", FRIEND, "2")
    assert refused.value.code == ACCOUNT_RESTRICTED
    assert refused.value.retry_after_s == pytest.approx(200)
    assert engine.sent == [] and session.state is SessionState.CONNECTED
    await core.clock.advance(200)
    await session.send_text("cmd-b", FRIEND, "2")
    assert len(engine.sent) == 1 and session.snapshot().restriction is None


async def test_a_refusal_of_new_contacts_shows_until_a_refused_chat_goes_through() -> None:
    core = Core()
    session = await core.connected("c-463")
    engine = core.kind.latest
    engine.send_error = EngineError(NEW_CONTACT_REFUSED, "463")
    with pytest.raises(EngineError):
        await session.send_text("cmd-a", STRANGER, "hello")
    assert "cmd-a" not in core.store.sends
    told = core.publisher.of("c-463")[-1]
    assert (told.data["code"], told.data["chat"]) == (NEW_CONTACT_REFUSED, STRANGER)
    view = session.snapshot()
    assert (view.restriction, view.restricted_until) == (NEW_CONTACT_REFUSED, None)
    engine.send_error = None
    await session.send_text("cmd-b", FRIEND, "an old chat still goes")  # tried, not refused
    assert session.snapshot().restriction == NEW_CONTACT_REFUSED
    await session.send_text("cmd-a", STRANGER, "hello")  # WhatsApp lifted it
    assert [chat for chat, *_ in engine.sent] == [FRIEND, STRANGER]
    assert session.snapshot().restriction is None


async def test_a_temporary_ban_is_waited_out_then_the_session_connects_once() -> None:
    core = Core()
    session = await core.connected("c-ban")
    lifts = core.clock.now() + timedelta(seconds=120)
    until_ms = int(lifts.timestamp() * 1000)
    await core.kind.latest.emit(
        Disconnected(DisconnectReason.TEMPORARY_BAN, "banned", until_ms=until_ms)
    )
    await settle()  # the wait has begun
    assert session.state is SessionState.FAILED
    assert session.snapshot().until == iso_utc(lifts)
    await core.clock.advance(119)
    assert len(core.kind.engines) == 1  # no reconnect while the ban lasts
    await core.clock.advance(2)
    assert len(core.kind.engines) == 2
    assert (session.state, session.reason) == (SessionState.STARTING, "ban_lifted")
    await core.kind.latest.emit(Connected("79001234567"))
    assert session.state is SessionState.CONNECTED and session.snapshot().until is None


async def test_a_stop_during_a_ban_cancels_the_wait() -> None:
    core = Core()
    session = await core.connected("c-ban-stop")
    until_ms = int((core.clock.now() + timedelta(seconds=60)).timestamp() * 1000)
    await core.kind.latest.emit(
        Disconnected(DisconnectReason.TEMPORARY_BAN, "banned", until_ms=until_ms)
    )
    await session.stop("stopped_by_request")
    await core.clock.advance(3600)
    assert len(core.kind.engines) == 1 and session.state is SessionState.FAILED
