"""The sim network's groups, in process: WhatsApp's rules for who may change what, and
who hears of each change and each group message."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from devstack import media_files
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

    def release_held(self) -> None:
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


def _group(network: Network, *members: str) -> str:
    answer = queries.answer(
        network, OWNER, "create_group", {"subject": "T", "participants": list(members)}
    )
    gid: str = answer["id"]
    return gid


def test_settings_are_for_admins_and_every_member_hears_each() -> None:
    network, links = network_with_devices()
    gid = _group(network, ALICE)
    with pytest.raises(SimError) as refused:
        queries.answer(
            network, ALICE, "group_setting", {"group": gid, "setting": "locked", "value": True}
        )
    assert refused.value.code == "not_group_admin"
    for setting, value in (("locked", True), ("ephemeral", 7 * 86400), ("announce", True)):
        queries.answer(
            network, OWNER, "group_setting", {"group": gid, "setting": setting, "value": value}
        )
        heard = links[ALICE].of("group_update")[-1]
        assert (heard["action"], heard["settings"]) == ("settings", {setting: value})
    for bad in (3600, True, "7d"):  # WhatsApp's server takes only off, 24h, 7d, 90d
        with pytest.raises(SimError) as invalid:
            queries.answer(
                network,
                OWNER,
                "group_setting",
                {"group": gid, "setting": "ephemeral", "value": bad},
            )
        assert invalid.value.code == "invalid_setting"
    info = queries.answer(network, ALICE, "group_info", {"group": gid})
    assert info["settings"] == {
        "announce": True,
        "locked": True,
        "ephemeral": 7 * 86400,
        "member_add_mode": "admin_add",
        "join_approval": False,
    }
    # locked: a member no longer edits the info; announce: nor writes
    with pytest.raises(SimError) as locked:
        queries.answer(network, ALICE, "group_subject", {"group": gid, "subject": "Mine"})
    assert locked.value.code == "not_group_admin"
    with pytest.raises(SimError) as announce:
        network.send_from_phone(ALICE, gid, "hello")
    assert announce.value.code == "not_group_admin"
    network.send_from_phone(OWNER, gid, "news")


def test_members_add_others_only_in_all_member_add_mode() -> None:
    network, _ = network_with_devices()
    gid = _group(network, ALICE)
    add = {"group": gid, "action": "add", "participants": [BOB]}
    with pytest.raises(SimError):
        queries.answer(network, ALICE, "group_participants", add)
    queries.answer(
        network,
        OWNER,
        "group_setting",
        {"group": gid, "setting": "member_add_mode", "value": "all_member_add"},
    )
    assert queries.answer(network, ALICE, "group_participants", add)["changes"][0]["status"] == "ok"


def test_with_join_approval_a_link_makes_a_request_admins_answer() -> None:
    network, links = network_with_devices()
    gid = _group(network, ALICE)
    on = {"group": gid, "setting": "join_approval", "value": True}
    queries.answer(network, OWNER, "group_setting", on)
    code = queries.answer(network, OWNER, "group_invite", {"group": gid})["code"]
    for number in (BOB, CAROL):
        asked = queries.answer(network, number, "join_group", {"code": code})
        assert asked == {"group": gid, "pending": True}
    assert [f["action"] for f in links[OWNER].of("group_update")][-2:] == ["join_request"] * 2
    assert not [f for f in links[ALICE].of("group_update") if f["action"] == "join_request"]
    with pytest.raises(SimError) as not_admin:
        queries.answer(network, ALICE, "group_requests", {"group": gid})
    assert not_admin.value.code == "not_group_admin"
    listed = queries.answer(network, OWNER, "group_requests", {"group": gid})["requests"]
    assert [r["phone"] for r in listed] == [BOB, CAROL]

    def answer(action: str, *numbers: str) -> list[tuple[str, str]]:
        frame = {"group": gid, "action": action, "participants": list(numbers)}
        changes = queries.answer(network, OWNER, "group_requests_action", frame)["changes"]
        return [(c["phone"], c["status"]) for c in changes]

    assert answer("approve", BOB, OWNER) == [(BOB, "ok"), (OWNER, "not_requested")]
    added = links[ALICE].of("group_update")[-1]
    assert (added["action"], added["by"], added["participants"][0]["phone"]) == ("add", OWNER, BOB)
    assert answer("reject", CAROL) == [(CAROL, "ok")]
    info = queries.answer(network, OWNER, "group_info", {"group": gid})
    assert [p["phone"] for p in info["participants"]] == [OWNER, ALICE, BOB]
    assert queries.answer(network, OWNER, "group_requests", {"group": gid})["requests"] == []


def test_a_group_picture_is_a_small_jpeg_and_members_hear_it() -> None:
    network, links = network_with_devices()
    gid = _group(network, ALICE)

    def put(by: str, picture: bytes | None) -> dict[str, Any]:
        jpeg = base64.b64encode(picture).decode() if picture is not None else None
        return queries.answer(network, by, "group_picture", {"group": gid, "jpeg": jpeg})

    picture_id = put(ALICE, media_files.jpeg(640))["picture_id"]
    assert picture_id and links[OWNER].of("group_update")[-1]["picture_id"] == picture_id
    assert queries.answer(network, OWNER, "group_info", {"group": gid})["picture_id"] == picture_id
    for bad in (media_files.png(), media_files.jpeg(641), b"\xff\xd8\xff" + b"\x00" * 20):
        with pytest.raises(SimError) as refused:
            put(OWNER, bad)
        assert refused.value.code == "invalid_image"
    assert put(OWNER, None)["picture_id"] == ""
    assert links[ALICE].of("group_update")[-1] | {"timestamp": 0} == {
        "op": "group_update",
        "group": gid,
        "action": "picture",
        "by": OWNER,
        "by_lid": network.phones[OWNER].lid,
        "participants": [],
        "picture_id": "",
        "timestamp": 0,
    }
