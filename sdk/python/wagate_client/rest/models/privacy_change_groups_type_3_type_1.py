from typing import Literal

PrivacyChangeGroupsType3Type1 = Literal["all", "contact_blacklist", "contacts", "none"]

PRIVACY_CHANGE_GROUPS_TYPE_3_TYPE_1_VALUES: set[PrivacyChangeGroupsType3Type1] = {
    "all",
    "contact_blacklist",
    "contacts",
    "none",
}


def check_privacy_change_groups_type_3_type_1(value: str) -> PrivacyChangeGroupsType3Type1:
    if value in PRIVACY_CHANGE_GROUPS_TYPE_3_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRIVACY_CHANGE_GROUPS_TYPE_3_TYPE_1_VALUES!r}"
    )
