from typing import Literal

PrivacyChangeReadReceiptsType3Type1 = Literal["all", "none"]

PRIVACY_CHANGE_READ_RECEIPTS_TYPE_3_TYPE_1_VALUES: set[PrivacyChangeReadReceiptsType3Type1] = {
    "all",
    "none",
}


def check_privacy_change_read_receipts_type_3_type_1(
    value: str,
) -> PrivacyChangeReadReceiptsType3Type1:
    if value in PRIVACY_CHANGE_READ_RECEIPTS_TYPE_3_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRIVACY_CHANGE_READ_RECEIPTS_TYPE_3_TYPE_1_VALUES!r}"
    )
