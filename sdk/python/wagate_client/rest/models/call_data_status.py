from typing import Literal

CallDataStatus = Literal["accept", "missed", "offer", "terminate"]

CALL_DATA_STATUS_VALUES: set[CallDataStatus] = {
    "accept",
    "missed",
    "offer",
    "terminate",
}


def check_call_data_status(value: str) -> CallDataStatus:
    if value in CALL_DATA_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CALL_DATA_STATUS_VALUES!r}")
