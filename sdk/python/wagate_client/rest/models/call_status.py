from typing import Literal

CallStatus = Literal["accept", "missed", "offer", "rejected", "terminate"]

CALL_STATUS_VALUES: set[CallStatus] = {
    "accept",
    "missed",
    "offer",
    "rejected",
    "terminate",
}


def check_call_status(value: str) -> CallStatus:
    if value in CALL_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CALL_STATUS_VALUES!r}")
