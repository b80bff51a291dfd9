"""The engine host adapter's account requests: a host `call` frame becomes the session's
CallChanged (a terminate for timeout is a missed call; a LID caller named by number where
the host gives it), a reject goes to the host as its reject_call request, and privacy
settings and the blocklist are asked by whatsmeow's names and read back as the API's."""

from __future__ import annotations

from connector.engine import CallChanged, EngineEvent
from connector.engines.host.engine import HostEngine
from connector.engines.host.kind import HostEngineKind
from connector.engines.host.mailbox import Mailbox
from connector.engines.host.messages import Reply, Request
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


def _engine(asked: Asked) -> HostEngine:
    kind = HostEngineKind(
        HostSettings("/nonexistent", "postgres://x", 1, 1), database_url="x", schema="s"
    )

    async def sink(event: EngineEvent) -> None:
        pass

    engine = HostEngine("t", sink, kind)
    engine.session = "t#9"
    engine._connection, engine._mailbox = asked, Mailbox(1)  # type: ignore[assignment]
    return engine


class Answering(Asked):
    """The host's answers to the account's requests."""

    async def request(self, request: Request, deadline_s: float) -> Reply:
        self.asked.append((request, deadline_s))
        privacy = {"last_seen": "contacts", "read_receipts": "none", "call_add": "known"}
        return Reply(type="reply", id=1, privacy=privacy, blocked=[PHONE, LID])


async def test_privacy_and_the_blocklist_by_whatsmeows_names() -> None:
    asked = Answering()
    engine = _engine(asked)
    settings = await engine.set_privacy("lastSeen", "contacts")
    assert (settings.last_seen, settings.read_receipts, settings.calls) == (
        "contacts",
        "none",
        "known",
    )
    assert (settings.online, settings.picture) == ("", "")  # not said: ""
    assert await engine.update_blocklist("447700900123", True) == ["447700900123", LID]
    assert [r.model_dump(exclude_none=True) for r, _ in asked.asked] == [
        {"type": "set_privacy", "id": 0, "session": "t#9", "name": "last", "value": "contacts"},
        {"type": "update_blocklist", "id": 0, "session": "t#9", "jid": PHONE, "block": True},
    ]


async def test_a_reject_asks_the_host_to_reject_that_call() -> None:
    asked = Asked()
    engine = _engine(asked)
    await engine.reject_call("447700900123", "C1")
    await engine.reject_call("123456789012345@lid", "C2")
    assert [r.model_dump(exclude_none=True) for r, _ in asked.asked] == [
        {"type": "reject_call", "id": 0, "session": "t#9", "caller": PHONE, "call_id": "C1"},
        {"type": "reject_call", "id": 0, "session": "t#9", "caller": LID, "call_id": "C2"},
    ]
