from typing import Literal

GroupSettingsMemberAddMode = Literal["admin_add", "all_member_add"]

GROUP_SETTINGS_MEMBER_ADD_MODE_VALUES: set[GroupSettingsMemberAddMode] = {
    "admin_add",
    "all_member_add",
}


def check_group_settings_member_add_mode(value: str) -> GroupSettingsMemberAddMode:
    if value in GROUP_SETTINGS_MEMBER_ADD_MODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GROUP_SETTINGS_MEMBER_ADD_MODE_VALUES!r}"
    )
