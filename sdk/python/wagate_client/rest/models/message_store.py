from typing import Literal

MessageStore = Literal["full", "metadata", "off"]

MESSAGE_STORE_VALUES: set[MessageStore] = {
    "full",
    "metadata",
    "off",
}


def check_message_store(value: str) -> MessageStore:
    if value in MESSAGE_STORE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MESSAGE_STORE_VALUES!r}")
