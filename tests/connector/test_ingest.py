"""What WhatsApp sends reaches the tenant whatever it holds, in-process on the fake
engine (both real engines hand their events to the same session sink):

- every string of every engine event, nested or not, comes out storable (NUL and
  unpaired surrogates become U+FFFD; engine-private fields excepted), so no field can
  make PostgreSQL refuse an event, and neither can the answer to a query fail to encode;
- an event the database refuses is tried WAGATE_EVENT_STORE_TRIES times, then set aside
  with an `error` event, and the session goes on; an unreachable database is not a
  refusal (the network sends the message again, as before);
- messages that arrived together are published together, in order, each once; one the
  database refuses among them is set aside and the others go on."""

from __future__ import annotations

import dataclasses
import types
from enum import Enum
from typing import Any, Union, get_args, get_origin, get_type_hints

import asyncpg
import pytest

from connector import engine as engine_module
from connector.engine import (
    GroupUpdate,
    IncomingMessage,
    IncomingMessages,
    Media,
    Paired,
    Person,
    Receipt,
)
from connector.session import SessionConfig
from tests.core_fakes import Core
from wagate.bus import Event, GroupInfo
from wagate.content import Contacts, Location, Poll
from wagate.storable import storable, storable_text

FRIEND = "447700900123"
DIRTY = "a\x00b\ud800c\udc00"  # NUL, a lone high and a lone low surrogate
CLEAN = "a\ufffdb\ufffdc\ufffd"
WHATSAPP_SENT = ("message", "group_update")


def _unstorable(text: str) -> bool:
    return "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def _sample(tp: Any) -> Any:
    """A value of type `tp` with DIRTY in every string it holds."""
    origin, args = get_origin(tp), get_args(tp)
    if tp is str:
        return DIRTY
    if tp in (int, float, bool):
        return tp(1)
    if tp is Any:
        return {DIRTY: [DIRTY]}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return next(iter(tp))
    if origin in (Union, types.UnionType):
        return _sample(next(a for a in args if a is not type(None)))
    if origin is list:
        return [_sample(args[0])]
    if origin is tuple:
        return (_sample(args[0]),)
    if origin is dict:
        return {_sample(args[0]): _sample(args[1])}
    assert dataclasses.is_dataclass(tp), tp
    hints = get_type_hints(tp)  # in the namespace of the module that declares it
    return tp(**{f.name: _sample(hints[f.name]) for f in dataclasses.fields(tp)})


def _dirty_paths(value: Any, path: str = "") -> list[str]:
    """Where a string that PostgreSQL refuses is left in `value` (opaque fields aside)."""
    if isinstance(value, str):
        return [path] if _unstorable(value) else []
    if isinstance(value, list | tuple):
        return [p for i, v in enumerate(value) for p in _dirty_paths(v, f"{path}[{i}]")]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _dirty_paths(k, path) + _dirty_paths(v, path)]
    if dataclasses.is_dataclass(value):
        return [
            p
            for f in dataclasses.fields(value)
            if not f.metadata.get("opaque")
            for p in _dirty_paths(getattr(value, f.name), f"{path}.{f.name}")
        ]
    return []


def _engine_events() -> list[Any]:
    # (those with no field at all, PairingExpired, have nothing to clean)
    kinds = [k for k in get_args(engine_module.EngineEvent) if dataclasses.fields(k)]
    events = [_sample(kind) for kind in kinds]
    # a message's content is one of three kinds: each, nested in a message
    events += [
        dataclasses.replace(_sample(IncomingMessage), content=_sample(kind))
        for kind in (Location, Contacts, Poll)
    ]
    return events


@pytest.mark.parametrize("event", _engine_events(), ids=lambda e: type(e).__name__)
def test_every_string_of_every_engine_event_comes_out_storable(event: Any) -> None:
    assert _dirty_paths(event), "the sample has nothing to clean: the test is broken"
    cleaned = storable(event)
    assert _dirty_paths(cleaned) == []
    assert type(cleaned) is type(event)


def test_text_keeps_what_utf8_can_hold_and_engine_private_fields_are_untouched() -> None:
    assert storable_text(DIRTY) == CLEAN
    assert storable_text("ok ✓ 😀") == "ok ✓ 😀"
    # two halves of a pair left apart by a UTF-16 decoder are the character they encode
    assert storable_text("\ud83d\ude00") == "😀"
    paired = Paired(FRIEND, {"key": "\x00raw"})
    assert storable(paired).credentials == {"key": "\x00raw"}
    media = Media("document", "x\x00", ref={"path": "\x00"})
    assert storable(media) == Media("document", "x\ufffd", ref={"path": "\x00"})
    plain = Receipt("3EB0A", FRIEND, "read")
    assert storable(plain) is plain  # nothing to replace: not even copied


async def test_a_session_publishes_and_logs_what_whatsapp_sent_made_storable() -> None:
    core = Core()
    session = await core.connected("co-s")
    engine = core.kind.latest
    media = Media("document", "application/pdf\x00", "see\x00this", "re\ud800port.pdf")
    await engine.emit(IncomingMessage("3EB0\x00IN", FRIEND, "hi \ud800", 1_000, media=media))
    await engine.emit(GroupUpdate("1203@g.us", "subject", Person(FRIEND), 2_000, subject=DIRTY))
    message, update = [e for e in core.publisher.of("co-s") if e.type.value in WHATSAPP_SENT]
    assert message.data["messageId"] == "3EB0\ufffdIN"
    assert message.data["text"] == "hi \ufffd"
    assert message.data["media"]["mimetype"] == "application/pdf\ufffd"
    assert message.data["media"]["caption"] == "see\ufffdthis"
    assert message.data["media"]["filename"] == "re\ufffdport.pdf"
    assert ("co-s", "3EB0\ufffdIN") in core.store.incoming  # the de-duplication row too
    assert update.data["subject"] == CLEAN

    async def group_info(_: object) -> GroupInfo:
        return GroupInfo("1203@g.us", DIRTY, DIRTY, FRIEND)

    info = await session.ask(group_info)  # what WhatsApp answers a query with, too
    assert (info.subject, info.description) == (CLEAN, CLEAN)


def _is_message(event: Event, message_id: str) -> bool:
    return event.type.value == "message" and event.data["messageId"] == message_id


def _refusing(core: Core, message_id: str, error: Exception) -> None:
    core.publisher.refuse = lambda e: error if _is_message(e, message_id) else None


def _tries(core: Core, message_id: str) -> int:
    return sum(1 for e in core.publisher.tries if _is_message(e, message_id))


async def test_an_event_the_database_refuses_is_set_aside_and_the_stream_goes_on() -> None:
    core = Core()
    core.config = dataclasses.replace(core.config, store_tries=3)
    await core.connected("co-q")
    engine = core.kind.latest
    _refusing(core, "3EB0BAD", asyncpg.CheckViolationError("refused"))
    bad = IncomingMessage("3EB0BAD", FRIEND, "poison", 1_000)
    await engine.emit(bad)  # returns: the engine confirms it, the network moves on
    await engine.emit(IncomingMessage("3EB0NEXT", FRIEND, "next", 2_000))

    assert _tries(core, "3EB0BAD") == 3
    (kept, error, tries), *others = core.store.quarantined.values()
    assert others == [] and (kept.data["text"], tries) == ("poison", 3)
    assert error == "CheckViolationError: refused"
    notice, after = [e for e in core.publisher.of("co-q") if e.type.value in ("error", "message")]
    assert notice.data == {
        "code": "event_quarantined",
        "message": notice.data["message"],
        "eventId": kept.id,
        "eventType": "message",
        "messageId": "3EB0BAD",
        "chat": FRIEND,
    }
    assert after.data["text"] == "next"
    assert core.metrics.events_quarantined._value.get() == 1
    assert core.kind.latest is engine  # no reconnect

    await engine.emit(bad)  # the network sent it again: kept once, told once
    assert len(core.store.quarantined) == 1
    assert [e.type.value for e in core.publisher.of("co-q")].count("error") == 1


async def test_a_refusal_of_the_moment_passes_on_the_next_try() -> None:
    core = Core()
    await core.connected("co-t")
    refusals = [asyncpg.SerializationError("conflict")]
    core.publisher.refuse = lambda e: refusals.pop() if refusals else None
    await core.kind.latest.emit(IncomingMessage("3EB0T", FRIEND, "hello", 1_000))
    assert [e.data.get("text") for e in core.publisher.of("co-t")][-1] == "hello"
    assert core.store.quarantined == {}


@pytest.mark.parametrize(
    "error",
    [OSError("refused"), asyncpg.ConnectionDoesNotExistError("gone"), asyncpg.InterfaceError("x")],
    ids=["socket", "connection_lost", "pool_closing"],
)
async def test_an_unreachable_database_is_not_a_refusal(error: Exception) -> None:
    core = Core()
    core.config = SessionConfig(backoff=core.config.backoff, store_tries=2)
    await core.connected("co-u")
    _refusing(core, "3EB0U", error)
    with pytest.raises(type(error)):  # unconfirmed: the network sends it again later
        await core.kind.latest.emit(IncomingMessage("3EB0U", FRIEND, "wait", 1_000))
    assert _tries(core, "3EB0U") == 1
    assert core.store.quarantined == {}


def _texts(core: Core, tenant_id: str) -> list[str]:
    return [e.data["text"] for e in core.publisher.of(tenant_id) if e.type.value == "message"]


async def test_messages_that_arrived_together_are_published_in_order_each_once() -> None:
    core = Core()
    await core.connected("co-b")
    engine = core.kind.latest
    await engine.emit(IncomingMessage("3EB0OLD", FRIEND, "seen before", 1_000))
    burst = [IncomingMessage(f"3EB0B{i}", FRIEND, f"burst {i}", 2_000 + i) for i in range(5)]
    repeat = IncomingMessage("3EB0OLD", FRIEND, "seen before", 1_000)
    tried = len(core.publisher.tries)
    # the network sent one again, and one twice in the same burst
    together = (burst[0], repeat, *burst[1:], burst[2])
    await engine.emit(IncomingMessages(together))
    assert _texts(core, "co-b") == ["seen before", *(f"burst {i}" for i in range(5))]
    assert len(core.publisher.tries) - tried == len(together)  # one commit, not one each


async def test_one_message_refused_among_others_is_set_aside_and_they_go_on() -> None:
    core = Core()
    await core.connected("co-r")
    _refusing(core, "3EB0BAD", asyncpg.CheckViolationError("refused"))
    burst = [IncomingMessage(f"3EB0B{i}", FRIEND, f"burst {i}", 1_000 + i) for i in range(3)]
    bad = IncomingMessage("3EB0BAD", FRIEND, "poison", 1_500)
    await core.kind.latest.emit(IncomingMessages((burst[0], bad, *burst[1:])))
    assert _texts(core, "co-r") == ["burst 0", "burst 1", "burst 2"]
    (kept, _, _), *others = core.store.quarantined.values()
    assert others == [] and kept.data["text"] == "poison"


async def test_messages_together_while_the_database_is_unreachable_are_not_confirmed() -> None:
    core = Core()
    await core.connected("co-w")
    _refusing(core, "3EB0B1", OSError("refused"))
    burst = tuple(IncomingMessage(f"3EB0B{i}", FRIEND, f"burst {i}", 1_000 + i) for i in range(3))
    with pytest.raises(OSError):  # unconfirmed: the network sends them all again later
        await core.kind.latest.emit(IncomingMessages(burst))
    assert _texts(core, "co-w") == [] and core.store.quarantined == {}
