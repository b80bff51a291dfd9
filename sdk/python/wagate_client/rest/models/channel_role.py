from typing import Literal

ChannelRole = Literal["admin", "guest", "owner", "subscriber"]

CHANNEL_ROLE_VALUES: set[ChannelRole] = {
    "admin",
    "guest",
    "owner",
    "subscriber",
}


def check_channel_role(value: str) -> ChannelRole:
    if value in CHANNEL_ROLE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHANNEL_ROLE_VALUES!r}")
