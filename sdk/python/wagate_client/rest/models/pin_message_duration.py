from typing import Literal

PinMessageDuration = Literal["24h", "30d", "7d"]

PIN_MESSAGE_DURATION_VALUES: set[PinMessageDuration] = {
    "24h",
    "30d",
    "7d",
}


def check_pin_message_duration(value: str) -> PinMessageDuration:
    if value in PIN_MESSAGE_DURATION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PIN_MESSAGE_DURATION_VALUES!r}")
