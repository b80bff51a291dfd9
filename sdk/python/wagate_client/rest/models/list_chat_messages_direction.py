from typing import Literal

ListChatMessagesDirection = Literal["in", "out"]

LIST_CHAT_MESSAGES_DIRECTION_VALUES: set[ListChatMessagesDirection] = {
    "in",
    "out",
}


def check_list_chat_messages_direction(value: str) -> ListChatMessagesDirection:
    if value in LIST_CHAT_MESSAGES_DIRECTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_CHAT_MESSAGES_DIRECTION_VALUES!r}"
    )
