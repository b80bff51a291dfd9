from typing import Literal

ParticipantsChangeAction = Literal["add", "demote", "promote", "remove"]

PARTICIPANTS_CHANGE_ACTION_VALUES: set[ParticipantsChangeAction] = {
    "add",
    "demote",
    "promote",
    "remove",
}


def check_participants_change_action(value: str) -> ParticipantsChangeAction:
    if value in PARTICIPANTS_CHANGE_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PARTICIPANTS_CHANGE_ACTION_VALUES!r}"
    )
