from typing import Literal

PrivacyChangeGroupsType2Type1 = Literal["all", "contact_blacklist", "contacts", "none"]

PRIVACY_CHANGE_GROUPS_TYPE_2_TYPE_1_VALUES: set[PrivacyChangeGroupsType2Type1] = {
    "all",
    "contact_blacklist",
    "contacts",
    "none",
}


def check_privacy_change_groups_type_2_type_1(value: str) -> PrivacyChangeGroupsType2Type1:
    if value in PRIVACY_CHANGE_GROUPS_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRIVACY_CHANGE_GROUPS_TYPE_2_TYPE_1_VALUES!r}"
    )
