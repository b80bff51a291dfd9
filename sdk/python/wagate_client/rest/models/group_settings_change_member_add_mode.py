from typing import Literal

GroupSettingsChangeMemberAddMode = Literal["admin_add", "all_member_add"]

GROUP_SETTINGS_CHANGE_MEMBER_ADD_MODE_VALUES: set[GroupSettingsChangeMemberAddMode] = {
    "admin_add",
    "all_member_add",
}


def check_group_settings_change_member_add_mode(value: str) -> GroupSettingsChangeMemberAddMode:
    if value in GROUP_SETTINGS_CHANGE_MEMBER_ADD_MODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GROUP_SETTINGS_CHANGE_MEMBER_ADD_MODE_VALUES!r}"
    )
