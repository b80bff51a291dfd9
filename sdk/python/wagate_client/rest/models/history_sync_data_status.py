from typing import Literal

HistorySyncDataStatus = Literal["done", "progress", "started"]

HISTORY_SYNC_DATA_STATUS_VALUES: set[HistorySyncDataStatus] = {
    "done",
    "progress",
    "started",
}


def check_history_sync_data_status(value: str) -> HistorySyncDataStatus:
    if value in HISTORY_SYNC_DATA_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {HISTORY_SYNC_DATA_STATUS_VALUES!r}"
    )
