"""A group's settings on the sim network, as WhatsApp keeps them, and the checks of a
change to one: each is its own request at WhatsApp (whatsmeow's SetGroupAnnounce,
SetGroupLocked, SetDisappearingTimer, SetGroupMemberAddMode, SetGroupJoinApprovalMode),
so the network takes one setting at a time and tells the members each change.

announce          only admins may send messages
locked            only admins may edit the group's info (subject, description, picture)
ephemeral         the disappearing-messages timer in seconds: off, 24 h, 7 days, 90 days;
                  WhatsApp's server refuses any other value (bad-request)
member_add_mode   admin_add (only admins add members) or all_member_add
join_approval     joining by link makes a request an admin approves or rejects
"""

from __future__ import annotations

from dataclasses import dataclass

from simnet.errors import SimError

DAY_S = 24 * 3600
EPHEMERAL_TIMERS = (0, DAY_S, 7 * DAY_S, 90 * DAY_S)
MEMBER_ADD_MODES = ("admin_add", "all_member_add")
SETTINGS = ("announce", "locked", "ephemeral", "member_add_mode", "join_approval")
# a group picture as WhatsApp takes it: a JPEG, at most 640 pixels a side
JPEG_MAGIC = b"\xff\xd8\xff"
MAX_PICTURE_SIDE = 640
MAX_PICTURE_BYTES = 1 << 20


@dataclass
class GroupSettings:
    announce: bool = False
    locked: bool = False
    ephemeral: int = 0
    member_add_mode: str = "admin_add"  # WhatsApp's default for a new group
    join_approval: bool = False

    def public(self) -> dict[str, bool | int | str]:
        return {name: getattr(self, name) for name in SETTINGS}


def checked(setting: object, value: object) -> bool | int | str:
    """The value, if it is one `setting` takes; SimError (400) otherwise."""
    match setting:
        case "announce" | "locked" | "join_approval" if isinstance(value, bool):
            return value
        case "ephemeral" if type(value) is int and value in EPHEMERAL_TIMERS:
            return value
        case "member_add_mode" if isinstance(value, str) and value in MEMBER_ADD_MODES:
            return value
        case str() if setting in SETTINGS:
            raise SimError(400, "invalid_setting", f"{setting} cannot be {value!r}")
    raise SimError(400, "bad_frame", f"setting must be one of {', '.join(SETTINGS)}")


def check_picture(jpeg: bytes) -> None:
    """Refused (WhatsApp answers not-acceptable) for anything but a JPEG of at most 640x640."""
    if not jpeg.startswith(JPEG_MAGIC) or len(jpeg) > MAX_PICTURE_BYTES:
        raise SimError(422, "invalid_image", "a group picture is a JPEG")
    size = jpeg_size(jpeg)
    if size is None or max(size) > MAX_PICTURE_SIDE:
        raise SimError(422, "invalid_image", f"at most {MAX_PICTURE_SIDE}x{MAX_PICTURE_SIDE}")


def jpeg_size(jpeg: bytes) -> tuple[int, int] | None:
    """(width, height) from the JPEG's start-of-frame segment; None if there is none."""
    at = 2
    while at + 9 <= len(jpeg) and jpeg[at] == 0xFF:
        marker, length = jpeg[at + 1], int.from_bytes(jpeg[at + 2 : at + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = (
                int.from_bytes(jpeg[at + 5 : at + 7]),
                int.from_bytes(jpeg[at + 7 : at + 9]),
            )
            return width, height
        at += 2 + length
    return None
