from typing import Literal

ChatPresenceState = Literal["paused", "recording", "typing"]

CHAT_PRESENCE_STATE_VALUES: set[ChatPresenceState] = {
    "paused",
    "recording",
    "typing",
}


def check_chat_presence_state(value: str) -> ChatPresenceState:
    if value in CHAT_PRESENCE_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHAT_PRESENCE_STATE_VALUES!r}")
