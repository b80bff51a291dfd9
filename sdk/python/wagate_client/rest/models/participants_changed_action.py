from typing import Literal

ParticipantsChangedAction = Literal["add", "demote", "promote", "remove"]

PARTICIPANTS_CHANGED_ACTION_VALUES: set[ParticipantsChangedAction] = {
    "add",
    "demote",
    "promote",
    "remove",
}


def check_participants_changed_action(value: str) -> ParticipantsChangedAction:
    if value in PARTICIPANTS_CHANGED_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PARTICIPANTS_CHANGED_ACTION_VALUES!r}"
    )
