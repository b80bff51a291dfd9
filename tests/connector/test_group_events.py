"""Group events and group queries in the connector core, on the fake engine: what the
tenant sees of a group change and a group message, and when a query may run."""

from __future__ import annotations

import pytest

from connector.engine import EngineError, GroupUpdate, IncomingMessage, Person
from tests.core_fakes import Core
from wagate.session_states import SessionState

ADMIN, ALICE, ALICE_LID = "79005550100", "79005550123", "190000000000002"
GROUP = "120363025246125888@g.us"


async def test_a_group_change_is_published_naming_everyone_by_number_and_lid() -> None:
    core = Core()
    await core.connected("c-grp")
    await core.kind.latest.emit(
        GroupUpdate(GROUP, "promote", Person(ADMIN), 1_767_225_600_000, (Person(ALICE, ALICE_LID),))
    )
    await core.kind.latest.emit(
        GroupUpdate(GROUP, "subject", None, 1_767_225_600_500, subject="Team")
    )
    updates = [e.data for e in core.publisher.of("c-grp") if e.type == "group_update"]
    assert updates == [
        {
            "groupId": GROUP,
            "action": "promote",
            "by": {"phone": ADMIN},
            "participants": [{"phone": ALICE, "lid": ALICE_LID}],
            "timestamp": 1_767_225_600_000,
        },
        {
            "groupId": GROUP,
            "action": "subject",
            "by": None,
            "subject": "Team",
            "timestamp": 1_767_225_600_500,
        },
    ]


async def test_a_group_message_carries_its_group_and_author_a_direct_one_its_sender() -> None:
    core = Core()
    await core.connected("c-msg")
    engine = core.kind.latest
    await engine.emit(IncomingMessage("G-1", ALICE, "hi all", 1, sender_lid=ALICE_LID, chat=GROUP))
    await engine.emit(IncomingMessage("D-1", ALICE, "hi you", 2))
    group, direct = [e.data for e in core.publisher.of("c-msg") if e.type == "message"]
    assert (group["chat"], group["from"], group["author"]) == (
        GROUP,
        ALICE,
        {"phone": ALICE, "lid": ALICE_LID},
    )
    assert (direct["chat"], direct["from"]) == (ALICE, ALICE)
    assert "author" not in direct


async def test_a_group_query_needs_a_connected_session() -> None:
    core = Core()
    session = await core.connected("c-ask")
    assert await session.ask(lambda engine: engine.ping(1.0)) >= 0
    await session.stop("stopped")
    assert session.state is SessionState.STOPPED
    with pytest.raises(EngineError) as refused:
        await session.ask(lambda engine: engine.ping(1.0))
    assert refused.value.code == "session_not_connected"
