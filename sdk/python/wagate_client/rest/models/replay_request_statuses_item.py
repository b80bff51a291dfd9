from typing import Literal

ReplayRequestStatusesItem = Literal["dead", "failed"]

REPLAY_REQUEST_STATUSES_ITEM_VALUES: set[ReplayRequestStatusesItem] = {
    "dead",
    "failed",
}


def check_replay_request_statuses_item(value: str) -> ReplayRequestStatusesItem:
    if value in REPLAY_REQUEST_STATUSES_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {REPLAY_REQUEST_STATUSES_ITEM_VALUES!r}"
    )
