from typing import Literal

GroupUpdateDataAction = Literal[
    "add",
    "demote",
    "description",
    "join_request",
    "picture",
    "promote",
    "remove",
    "settings",
    "subject",
]

GROUP_UPDATE_DATA_ACTION_VALUES: set[GroupUpdateDataAction] = {
    "add",
    "demote",
    "description",
    "join_request",
    "picture",
    "promote",
    "remove",
    "settings",
    "subject",
}


def check_group_update_data_action(value: str) -> GroupUpdateDataAction:
    if value in GROUP_UPDATE_DATA_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GROUP_UPDATE_DATA_ACTION_VALUES!r}"
    )
