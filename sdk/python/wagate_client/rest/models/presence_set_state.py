from typing import Literal

PresenceSetState = Literal["paused", "recording", "typing"]

PRESENCE_SET_STATE_VALUES: set[PresenceSetState] = {
    "paused",
    "recording",
    "typing",
}


def check_presence_set_state(value: str) -> PresenceSetState:
    if value in PRESENCE_SET_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PRESENCE_SET_STATE_VALUES!r}")
