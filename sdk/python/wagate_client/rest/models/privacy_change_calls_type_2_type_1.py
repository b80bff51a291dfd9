from typing import Literal

PrivacyChangeCallsType2Type1 = Literal["all", "known"]

PRIVACY_CHANGE_CALLS_TYPE_2_TYPE_1_VALUES: set[PrivacyChangeCallsType2Type1] = {
    "all",
    "known",
}


def check_privacy_change_calls_type_2_type_1(value: str) -> PrivacyChangeCallsType2Type1:
    if value in PRIVACY_CHANGE_CALLS_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRIVACY_CHANGE_CALLS_TYPE_2_TYPE_1_VALUES!r}"
    )
