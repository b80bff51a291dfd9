from typing import Literal

StoredChatLastMessageDirection = Literal["in", "out"]

STORED_CHAT_LAST_MESSAGE_DIRECTION_VALUES: set[StoredChatLastMessageDirection] = {
    "in",
    "out",
}


def check_stored_chat_last_message_direction(value: str) -> StoredChatLastMessageDirection:
    if value in STORED_CHAT_LAST_MESSAGE_DIRECTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {STORED_CHAT_LAST_MESSAGE_DIRECTION_VALUES!r}"
    )
