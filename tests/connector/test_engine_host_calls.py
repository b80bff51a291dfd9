"""The engine host adapter's calls: a host `call` frame becomes the session's CallChanged
(a terminate for timeout is a missed call; a LID caller named by number where the host
gives it), and a reject goes to the host as its reject_call request."""

from __future__ import annotations

from connector.engine import CallChanged, EngineEvent
from connector.engines.host.engine import HostEngine
from connector.engines.host.kind import HostEngineKind
from connector.engines.host.mailbox import Mailbox
from connector.engines.host.process import HostSettings
from tests.connector.test_engine_host_mapping import GROUP, LID, PHONE, Asked, routed


async def test_call_frames_become_call_changes() -> None:
    offer = {"type": "call", "call_id": "C1", "caller": LID, "caller_alt": PHONE,
             "status": "offer", "video": True, "timestamp_ms": 7}  # fmt: skip
    assert (await routed(offer))[0] == [
        CallChanged("C1", "447700900123", "offer", True, 7, "123456789012345")
    ]
    missed = {"type": "call", "call_id": "C1", "caller": PHONE, "status": "terminate",
              "reason": "timeout"}  # fmt: skip
    ((change,), _) = await routed(missed)
    assert isinstance(change, CallChanged) and change.status == "missed"
    ended = {**missed, "reason": ""}
    ((change,), _) = await routed(ended)
    assert isinstance(change, CallChanged) and change.status == "terminate"
    group = {"type": "call", "call_id": "G1", "caller": PHONE, "status": "offer",
             "group": True, "group_jid": GROUP}  # fmt: skip
    ((change,), _) = await routed(group)
    assert isinstance(change, CallChanged) and (change.group, change.group_id) == (True, GROUP)


async def test_a_reject_asks_the_host_to_reject_that_call() -> None:
    kind = HostEngineKind(
        HostSettings("/nonexistent", "postgres://x", 1, 1), database_url="x", schema="s"
    )

    async def sink(event: EngineEvent) -> None:
        pass

    engine = HostEngine("t", sink, kind)
    engine.session, asked = "t#9", Asked()
    engine._connection, engine._mailbox = asked, Mailbox(1)  # type: ignore[assignment]
    await engine.reject_call("447700900123", "C1")
    await engine.reject_call("123456789012345@lid", "C2")
    assert [r.model_dump(exclude_none=True) for r, _ in asked.asked] == [
        {"type": "reject_call", "id": 0, "session": "t#9", "caller": PHONE, "call_id": "C1"},
        {"type": "reject_call", "id": 0, "session": "t#9", "caller": LID, "call_id": "C2"},
    ]
