from typing import Literal

StoredMessageStatus = Literal["delivered", "played", "read", "received", "sent"]

STORED_MESSAGE_STATUS_VALUES: set[StoredMessageStatus] = {
    "delivered",
    "played",
    "read",
    "received",
    "sent",
}


def check_stored_message_status(value: str) -> StoredMessageStatus:
    if value in STORED_MESSAGE_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {STORED_MESSAGE_STATUS_VALUES!r}")
