from typing import Literal

StoredMessageKind = Literal[
    "audio",
    "contacts",
    "document",
    "image",
    "location",
    "poll",
    "sticker",
    "text",
    "video",
    "voice",
]

STORED_MESSAGE_KIND_VALUES: set[StoredMessageKind] = {
    "audio",
    "contacts",
    "document",
    "image",
    "location",
    "poll",
    "sticker",
    "text",
    "video",
    "voice",
}


def check_stored_message_kind(value: str) -> StoredMessageKind:
    if value in STORED_MESSAGE_KIND_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {STORED_MESSAGE_KIND_VALUES!r}")
