from typing import Literal

PrivacyChangeOnlineType2Type1 = Literal["all", "match_last_seen"]

PRIVACY_CHANGE_ONLINE_TYPE_2_TYPE_1_VALUES: set[PrivacyChangeOnlineType2Type1] = {
    "all",
    "match_last_seen",
}


def check_privacy_change_online_type_2_type_1(value: str) -> PrivacyChangeOnlineType2Type1:
    if value in PRIVACY_CHANGE_ONLINE_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRIVACY_CHANGE_ONLINE_TYPE_2_TYPE_1_VALUES!r}"
    )
