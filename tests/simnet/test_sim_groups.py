"""The sim network's groups, in process: WhatsApp's rules for who may change what, and
who hears of each change and each group message."""

from __future__ import annotations

from typing import Any

import pytest

from simnet import queries
from simnet.errors import SimError
from simnet.network import Device, Network

OWNER, ALICE, BOB, CAROL = "79005550100", "79005550101", "79005550102", "79005550103"


class Link:
    """A device socket that keeps what the network pushed to it."""

    def __init__(self) -> None:
        self.frames: list[dict[str, Any]] = []

    def push(self, frame: dict[str, Any], delay_s: float = 0.0) -> None:
        self.frames.append(frame)

    def close(self, reason: str, code: int = 4000) -> None:
        pass

    def stall(self, seconds: float | None) -> None:
        pass

    def of(self, op: str) -> list[dict[str, Any]]:
        return [f for f in self.frames if f["op"] == op]


def network_with_devices() -> tuple[Network, dict[str, Link]]:
    network = Network()
    links = {}
    for number in (OWNER, ALICE, BOB, CAROL):
        network.add_phone(number)
        device = Device(id=f"d{number}", secret="s", phone=number)
        network.devices[device.id] = device
        network.phones[number].devices.add(device.id)
        device.link = links.setdefault(number, Link())
    return network, links


def test_only_admins_change_participants_and_the_creator_stays() -> None:
    network, _ = network_with_devices()
    group = queries.answer(
        network, OWNER, "create_group", {"subject": "T", "participants": [ALICE, BOB]}
    )
    gid = group["id"]
    with pytest.raises(SimError) as refused:
        queries.answer(
            network,
            ALICE,
            "group_participants",
            {"group": gid, "action": "remove", "participants": [BOB]},
        )
    assert refused.value.code == "not_group_admin"
    queries.answer(
        network,
        OWNER,
        "group_participants",
        {"group": gid, "action": "promote", "participants": [ALICE]},
    )
    answer = queries.answer(
        network,
        ALICE,
        "group_participants",
        {"group": gid, "action": "remove", "participants": [OWNER, BOB]},
    )
    assert [(c["phone"], c["status"]) for c in answer["changes"]] == [
        (OWNER, "forbidden"),
        (BOB, "ok"),
    ]
    with pytest.raises(SimError) as outside:
        queries.answer(network, BOB, "group_info", {"group": gid})
    assert outside.value.code == "group_not_found"


def test_the_last_admin_leaving_leaves_the_group_an_admin() -> None:
    network, _ = network_with_devices()
    gid = queries.answer(
        network, OWNER, "create_group", {"subject": "T", "participants": [ALICE, BOB]}
    )["id"]
    queries.answer(network, OWNER, "leave_group", {"group": gid})
    roles = {
        p["phone"]: p["role"]
        for p in queries.answer(network, BOB, "group_info", {"group": gid})["participants"]
    }
    assert roles == {ALICE: "admin", BOB: "member"}


def test_everyone_concerned_hears_a_change_and_members_get_group_messages() -> None:
    network, links = network_with_devices()
    gid = queries.answer(
        network, OWNER, "create_group", {"subject": "T", "participants": [ALICE, BOB]}
    )["id"]
    queries.answer(
        network,
        OWNER,
        "group_participants",
        {"group": gid, "action": "remove", "participants": [BOB]},
    )
    removed = [f for f in links[BOB].of("group_update") if f["action"] == "remove"]
    assert removed and removed[0]["participants"] == [
        {"phone": BOB, "lid": network.phones[BOB].lid}
    ]
    assert not links[CAROL].of("group_update")  # not a member: hears nothing

    message = network.send_from_phone(ALICE, gid, "hello")
    assert [f["chat"] for f in links[OWNER].of("message")] == [gid]
    assert links[OWNER].of("message")[0]["from_lid"] == network.phones[ALICE].lid
    assert not links[ALICE].of("message") and not links[BOB].of("message")
    assert network.phones[OWNER].inbox[-1].id == message.id
    with pytest.raises(SimError) as outside:
        network.send_from_phone(BOB, gid, "let me in")
    assert outside.value.code == "group_not_found"
