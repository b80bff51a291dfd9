from typing import Literal

ParticipantsChangedParticipantsItemStatus = Literal[
    "already_member", "failed", "forbidden", "not_member", "not_on_whatsapp", "not_requested", "ok"
]

PARTICIPANTS_CHANGED_PARTICIPANTS_ITEM_STATUS_VALUES: set[
    ParticipantsChangedParticipantsItemStatus
] = {
    "already_member",
    "failed",
    "forbidden",
    "not_member",
    "not_on_whatsapp",
    "not_requested",
    "ok",
}


def check_participants_changed_participants_item_status(
    value: str,
) -> ParticipantsChangedParticipantsItemStatus:
    if value in PARTICIPANTS_CHANGED_PARTICIPANTS_ITEM_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PARTICIPANTS_CHANGED_PARTICIPANTS_ITEM_STATUS_VALUES!r}"
    )
