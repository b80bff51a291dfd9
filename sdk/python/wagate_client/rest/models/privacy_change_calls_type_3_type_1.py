from typing import Literal

PrivacyChangeCallsType3Type1 = Literal["all", "known"]

PRIVACY_CHANGE_CALLS_TYPE_3_TYPE_1_VALUES: set[PrivacyChangeCallsType3Type1] = {
    "all",
    "known",
}


def check_privacy_change_calls_type_3_type_1(value: str) -> PrivacyChangeCallsType3Type1:
    if value in PRIVACY_CHANGE_CALLS_TYPE_3_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRIVACY_CHANGE_CALLS_TYPE_3_TYPE_1_VALUES!r}"
    )
