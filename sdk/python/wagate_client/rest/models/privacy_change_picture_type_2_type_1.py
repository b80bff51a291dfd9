from typing import Literal

PrivacyChangePictureType2Type1 = Literal["all", "contact_blacklist", "contacts", "none"]

PRIVACY_CHANGE_PICTURE_TYPE_2_TYPE_1_VALUES: set[PrivacyChangePictureType2Type1] = {
    "all",
    "contact_blacklist",
    "contacts",
    "none",
}


def check_privacy_change_picture_type_2_type_1(value: str) -> PrivacyChangePictureType2Type1:
    if value in PRIVACY_CHANGE_PICTURE_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRIVACY_CHANGE_PICTURE_TYPE_2_TYPE_1_VALUES!r}"
    )
