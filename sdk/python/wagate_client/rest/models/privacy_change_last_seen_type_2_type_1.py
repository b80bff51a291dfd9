from typing import Literal

PrivacyChangeLastSeenType2Type1 = Literal["all", "contact_blacklist", "contacts", "none"]

PRIVACY_CHANGE_LAST_SEEN_TYPE_2_TYPE_1_VALUES: set[PrivacyChangeLastSeenType2Type1] = {
    "all",
    "contact_blacklist",
    "contacts",
    "none",
}


def check_privacy_change_last_seen_type_2_type_1(value: str) -> PrivacyChangeLastSeenType2Type1:
    if value in PRIVACY_CHANGE_LAST_SEEN_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRIVACY_CHANGE_LAST_SEEN_TYPE_2_TYPE_1_VALUES!r}"
    )
