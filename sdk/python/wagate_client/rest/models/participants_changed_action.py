from typing import Literal

ParticipantsChangedAction = Literal["add", "approve", "demote", "promote", "reject", "remove"]

PARTICIPANTS_CHANGED_ACTION_VALUES: set[ParticipantsChangedAction] = {
    "add",
    "approve",
    "demote",
    "promote",
    "reject",
    "remove",
}


def check_participants_changed_action(value: str) -> ParticipantsChangedAction:
    if value in PARTICIPANTS_CHANGED_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PARTICIPANTS_CHANGED_ACTION_VALUES!r}"
    )
