from typing import Literal

PrivacyChangeLastSeenType3Type1 = Literal["all", "contact_blacklist", "contacts", "none"]

PRIVACY_CHANGE_LAST_SEEN_TYPE_3_TYPE_1_VALUES: set[PrivacyChangeLastSeenType3Type1] = {
    "all",
    "contact_blacklist",
    "contacts",
    "none",
}


def check_privacy_change_last_seen_type_3_type_1(value: str) -> PrivacyChangeLastSeenType3Type1:
    if value in PRIVACY_CHANGE_LAST_SEEN_TYPE_3_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRIVACY_CHANGE_LAST_SEEN_TYPE_3_TYPE_1_VALUES!r}"
    )
