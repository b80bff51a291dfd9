from typing import Literal

GroupSettingsChangeDisappearingTimer = Literal["24h", "7d", "90d", "off"]

GROUP_SETTINGS_CHANGE_DISAPPEARING_TIMER_VALUES: set[GroupSettingsChangeDisappearingTimer] = {
    "24h",
    "7d",
    "90d",
    "off",
}


def check_group_settings_change_disappearing_timer(
    value: str,
) -> GroupSettingsChangeDisappearingTimer:
    if value in GROUP_SETTINGS_CHANGE_DISAPPEARING_TIMER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GROUP_SETTINGS_CHANGE_DISAPPEARING_TIMER_VALUES!r}"
    )
