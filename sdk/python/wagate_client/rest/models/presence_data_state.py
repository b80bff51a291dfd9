from typing import Literal

PresenceDataState = Literal["available", "paused", "recording", "typing", "unavailable"]

PRESENCE_DATA_STATE_VALUES: set[PresenceDataState] = {
    "available",
    "paused",
    "recording",
    "typing",
    "unavailable",
}


def check_presence_data_state(value: str) -> PresenceDataState:
    if value in PRESENCE_DATA_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PRESENCE_DATA_STATE_VALUES!r}")
