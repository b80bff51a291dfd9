"""The sim phone's history sync, in process: after pairing, the phone's earlier
conversations go to the device as compressed chunks of bounded size, bootstrap first,
one at a time (the next only once the device says it stored one), again after a
reconnect until stored; the sim engine reads each chunk into batches of at most 200."""

from __future__ import annotations

import base64
import json
import time
import zlib
from typing import Any

import pytest

from connector.engines.sim_history import batches
from devstack.waiting import until
from simnet import history
from simnet.errors import SimError
from simnet.network import Network
from tests.simnet.test_sim_groups import Link

OWNER, ALICE, BOB = "79005550100", "79005550101", "79005550102"


def _history(per_chat: int) -> dict[str, Any]:
    return {
        "chats": [
            {
                "chat": friend,
                "messages": [{"text": f"m{i}", "fromMe": i % 2 == 0} for i in range(per_chat)],
            }
            for friend in (ALICE, BOB)
        ]
    }


def _inflated(frame: dict[str, Any]) -> dict[str, Any]:
    chunk: dict[str, Any] = json.loads(zlib.decompress(base64.b64decode(frame["data"])))
    return chunk


async def test_a_linked_device_gets_the_history_chunk_by_chunk_until_stored() -> None:
    network = Network()
    for number in (OWNER, ALICE, BOB):
        network.add_phone(number)
    network.set_history(OWNER, history.parse(OWNER, _history(400)))
    link = Link()
    network.opened(link)
    network.hello(link, None)

    async def qr() -> list[dict[str, Any]]:
        return link.of("qr")

    device = network.link(OWNER, (await until(qr, "a QR code"))[0]["code"])
    seen: list[str] = []
    syncs: list[str] = []
    reconnected = False
    while link.of("history"):
        [chunk] = link.of("history")  # one at a time: the next waits for this one
        link.frames.clear()
        ids = [m["id"] for c in _inflated(chunk)["conversations"] for m in c["messages"]]
        assert 0 < len(ids) <= history.CHUNK_MESSAGES
        assert len(chunk["data"]) < len(json.dumps(_inflated(chunk)))  # compressed
        if not reconnected:  # the device drops before storing: the chunk comes again
            reconnected = True
            network.disconnected(link)
            network.hello(link, {"device_id": device.id, "secret": device.secret})
            assert link.of("history") == [chunk]
            link.frames.clear()
        seen += ids
        syncs.append(chunk["sync_type"])
        network.history_received(device, chunk["id"])
    assert len(seen) == len(set(seen)) == 800
    # the bootstrap (each chat's newest 100), then the older rest
    assert syncs == ["initial_bootstrap"] + ["recent"] * 3


def test_the_sim_engine_reads_a_chunk_into_bounded_batches_with_own_messages() -> None:
    messages = history.parse(OWNER, _history(250))
    [chunk] = list(history.sync_chunks("recent", messages[:250]))
    read = list(batches(chunk, OWNER))
    assert [len(b.messages) for b in read] == [200, 50]
    assert [b.last for b in read] == [False, True]
    first = read[0].messages[0]
    assert (first.chat, first.from_me, first.message.sender) == (ALICE, True, OWNER)
    second = read[0].messages[1]
    assert (second.from_me, second.message.sender, second.message.chat) == (False, ALICE, "")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"chats": []},
        {"chats": [{"chat": "nope", "messages": []}]},
        {"chats": [{"chat": ALICE, "messages": [{"text": ""}]}]},
        {"chats": [{"chat": ALICE, "messages": [{"text": "x", "id": "not an id!"}]}]},
        {"chats": [{"chat": ALICE, "messages": [{"text": "x", "fromMe": "yes"}]}]},
        {"chats": [{"chat": "1203630001@g.us", "messages": [{"text": "x"}]}]},  # no author
    ],
)
def test_a_malformed_history_is_refused(body: dict[str, Any]) -> None:
    with pytest.raises(SimError) as refused:
        history.parse(OWNER, body)
    assert refused.value.status == 400
    assert refused.value.code in ("invalid_history", "invalid_phone")


def test_a_device_gets_as_much_history_as_it_asked_for_when_pairing() -> None:
    day = 86_400_000
    now = int(time.time() * 1000)
    ages = (1, 10, 100)  # days
    body = {
        "chats": [
            {
                "chat": ALICE,
                "messages": [{"text": f"{a}", "timestamp": now - a * day} for a in ages],
            }
        ]
    }
    messages = history.parse(OWNER, body)

    def taken(asked: str) -> list[str]:
        return [
            m["text"]
            for f in history.chunks(messages, asked)
            for c in _inflated(f)["conversations"]
            for m in c["messages"]
        ]

    assert sorted(taken("all")) == ["1", "10", "100"]
    assert sorted(taken("30d")) == ["1", "10"]
    assert taken("none") == []
