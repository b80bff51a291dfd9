from typing import Literal

ReceiptDataStatus = Literal["delivered", "read"]

RECEIPT_DATA_STATUS_VALUES: set[ReceiptDataStatus] = {
    "delivered",
    "read",
}


def check_receipt_data_status(value: str) -> ReceiptDataStatus:
    if value in RECEIPT_DATA_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RECEIPT_DATA_STATUS_VALUES!r}")
