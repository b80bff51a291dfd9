"""The session's side of issue 17's incoming events, in-process on the fake engine: an
action (reaction, edit, revoke, vote) is published once however often the network
delivers it, a vote names the options of the poll the session sent, and presence is
published only for a tenant that opted in, the setting re-read every few seconds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from connector.engine import PollVoteReceived, PresenceChanged, ReactionReceived
from tests.core_fakes import Core, FakeStore
from wagate.content import option_hash

FRIEND = "447700900123"


class MessagingStore(FakeStore):
    def __init__(self) -> None:
        super().__init__()
        self.actions: set[tuple[str, str]] = set()
        self.polls: dict[tuple[str, str], list[str]] = {}
        self.presence_wanted: dict[str, bool] = {}
        self.presence_reads = 0

    async def log_incoming_action(
        self, conn: Any, tenant_id: str, message_id: str, peer: str, at: datetime
    ) -> bool:
        first = (tenant_id, message_id) not in self.actions
        self.actions.add((tenant_id, message_id))
        return first

    async def poll_options(self, tenant_id: str, poll_id: str) -> list[str] | None:
        return self.polls.get((tenant_id, poll_id))

    async def wants_presence(self, tenant_id: str) -> bool:
        self.presence_reads += 1
        return self.presence_wanted.get(tenant_id, False)


async def test_an_action_delivered_twice_is_one_event_and_votes_are_named() -> None:
    core = Core(store=MessagingStore())
    store = core.store
    assert isinstance(store, MessagingStore)
    await core.connected("co-a")
    engine = core.kind.latest
    reaction = ReactionReceived("3EB0MINE", FRIEND, "👍", 1_000, "", "", "3EB0R1")
    await engine.emit(reaction)
    await engine.emit(reaction)  # the network re-sent it (not confirmed before a crash)
    store.polls[("co-a", "3EB0POLL")] = ["Pizza", "Soup", "Sushi"]
    chosen = [option_hash("Sushi"), option_hash("Pizza"), "00" * 32]  # one not of the poll
    await engine.emit(PollVoteReceived("3EB0POLL", FRIEND, chosen, 2_000, "", "", "3EB0V1"))
    events = [e for e in core.publisher.of("co-a") if e.type.value in ("reaction", "poll_vote")]
    assert [(e.type.value, e.data) for e in events] == [
        ("reaction", {"messageId": "3EB0MINE", "emoji": "👍", "removed": False,
                      "timestamp": 1_000, "from": FRIEND, "chat": FRIEND}),
        ("poll_vote", {"pollId": "3EB0POLL", "options": ["Sushi", "Pizza"],
                       "timestamp": 2_000, "from": FRIEND, "chat": FRIEND}),
    ]  # fmt: skip
    assert events[0].id != events[1].id and events[0].id.startswith("evt_")


async def test_presence_only_for_a_tenant_that_opted_in() -> None:
    core = Core(store=MessagingStore())
    store = core.store
    assert isinstance(store, MessagingStore)
    await core.connected("co-p")
    engine = core.kind.latest
    await engine.emit(PresenceChanged(FRIEND, "typing"))
    store.presence_wanted["co-p"] = True  # switched on: seen once the setting is re-read
    await engine.emit(PresenceChanged(FRIEND, "paused"))
    assert "presence" not in core.publisher.types("co-p")
    assert store.presence_reads == 1  # not a query per presence
    await core.clock.advance(6)
    await engine.emit(PresenceChanged(FRIEND, "available"))
    presence = [e.data for e in core.publisher.of("co-p") if e.type.value == "presence"]
    assert presence == [{"state": "available", "from": FRIEND, "chat": FRIEND}]
    assert store.presence_reads == 2
