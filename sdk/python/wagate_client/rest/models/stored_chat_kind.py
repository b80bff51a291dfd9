from typing import Literal

StoredChatKind = Literal["group", "person"]

STORED_CHAT_KIND_VALUES: set[StoredChatKind] = {
    "group",
    "person",
}


def check_stored_chat_kind(value: str) -> StoredChatKind:
    if value in STORED_CHAT_KIND_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {STORED_CHAT_KIND_VALUES!r}")
