from typing import Literal

PrivacyChangeAboutType1 = Literal["all", "contact_blacklist", "contacts", "none"]

PRIVACY_CHANGE_ABOUT_TYPE_1_VALUES: set[PrivacyChangeAboutType1] = {
    "all",
    "contact_blacklist",
    "contacts",
    "none",
}


def check_privacy_change_about_type_1(value: str) -> PrivacyChangeAboutType1:
    if value in PRIVACY_CHANGE_ABOUT_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRIVACY_CHANGE_ABOUT_TYPE_1_VALUES!r}"
    )
