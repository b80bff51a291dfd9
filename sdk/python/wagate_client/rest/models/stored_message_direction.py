from typing import Literal

StoredMessageDirection = Literal["in", "out"]

STORED_MESSAGE_DIRECTION_VALUES: set[StoredMessageDirection] = {
    "in",
    "out",
}


def check_stored_message_direction(value: str) -> StoredMessageDirection:
    if value in STORED_MESSAGE_DIRECTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {STORED_MESSAGE_DIRECTION_VALUES!r}"
    )
