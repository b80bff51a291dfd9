from typing import Literal

EventType = Literal[
    "call",
    "connected",
    "disconnected",
    "error",
    "group_update",
    "health_check_failed",
    "history_sync",
    "logout",
    "message",
    "message_edited",
    "message_revoked",
    "poll_vote",
    "presence",
    "qr",
    "reaction",
    "receipt",
    "reconnect_failed",
    "reconnecting",
    "state",
    "status",
]

EVENT_TYPE_VALUES: set[EventType] = {
    "call",
    "connected",
    "disconnected",
    "error",
    "group_update",
    "health_check_failed",
    "history_sync",
    "logout",
    "message",
    "message_edited",
    "message_revoked",
    "poll_vote",
    "presence",
    "qr",
    "reaction",
    "receipt",
    "reconnect_failed",
    "reconnecting",
    "state",
    "status",
}


def check_event_type(value: str) -> EventType:
    if value in EVENT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {EVENT_TYPE_VALUES!r}")
