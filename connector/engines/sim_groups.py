"""The sim network's answers about numbers, contacts and groups, read into the engine's
types (the frames are simnet/protocol.py's `result` and `group_update`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from connector.engine import (
    GroupUpdate,
    Person,
)
from wagate.bus import (
    GroupInfo,
    GroupSettings,
    JoinRequest,
    NumberStatus,
    Participant,
    ParticipantChange,
    Profile,
)
from wagate.timestamps import iso_utc


def numbers(result: dict[str, Any]) -> list[NumberStatus]:
    return [
        NumberStatus(
            phone=str(n["phone"]),
            on_whatsapp=bool(n["on_whatsapp"]),
            jid=str(n.get("jid", "")),
            lid=str(n.get("lid", "")),
        )
        for n in result["numbers"]
    ]


def profile(result: dict[str, Any]) -> Profile:
    return Profile(
        phone=str(result["phone"]),
        lid=str(result.get("lid", "")),
        about=str(result.get("about", "")),
        picture_url=str(result.get("picture_url", "")),
        business_name=str(result.get("business_name", "")),
    )


def group_info(group: dict[str, Any]) -> GroupInfo:
    return GroupInfo(
        group_id=str(group["id"]),
        subject=str(group["subject"]),
        description=str(group.get("description", "")),
        owner=str(group["owner"]) if group.get("owner") else None,
        owner_lid=str(group.get("owner_lid", "")),
        created_at=_iso(int(group["created"])),
        participants=[
            Participant(str(m["phone"]), str(m.get("lid", "")), str(m["role"]))
            for m in group["participants"]
        ],
        settings=settings(group.get("settings", {})),
        picture_id=str(group.get("picture_id", "")),
    )


# the sim's names of the settings (simnet/group_settings.py), and the bus's
_SETTING_NAMES = {
    "announce": "announce",
    "locked": "locked",
    "ephemeral": "disappearing_s",
    "member_add_mode": "member_add_mode",
    "join_approval": "join_approval",
}


def settings(said: dict[str, Any]) -> GroupSettings:
    return GroupSettings(**{_SETTING_NAMES[k]: v for k, v in said.items() if k in _SETTING_NAMES})


def setting_frames(changes: GroupSettings) -> list[tuple[str, object]]:
    """(the sim's setting, value): one group_setting query each."""
    return [
        (sim_name, getattr(changes, name))
        for sim_name, name in _SETTING_NAMES.items()
        if getattr(changes, name) is not None
    ]


def join_requests(result: dict[str, Any]) -> list[JoinRequest]:
    return [
        JoinRequest(str(r["phone"]), str(r.get("lid", "")), _iso(int(r["requested"])))
        for r in result["requests"]
    ]


def _iso(epoch_ms: int) -> str | None:
    return iso_utc(datetime.fromtimestamp(epoch_ms / 1000, UTC))


def participant_changes(result: dict[str, Any]) -> list[ParticipantChange]:
    return [
        ParticipantChange(str(c["phone"]), str(c["status"]), str(c.get("lid", "")))
        for c in result["changes"]
    ]


def group_update(frame: dict[str, Any]) -> GroupUpdate:
    return GroupUpdate(
        group_id=str(frame["group"]),
        action=str(frame["action"]),
        by=Person(str(frame["by"]), str(frame.get("by_lid", ""))) if frame.get("by") else None,
        timestamp_ms=int(frame["timestamp"]),
        participants=tuple(
            Person(str(m["phone"]), str(m.get("lid", ""))) for m in frame.get("participants", [])
        ),
        subject=frame.get("subject"),
        description=frame.get("description"),
        settings=settings(frame["settings"]) if "settings" in frame else None,
        picture_id=frame.get("picture_id"),
    )
