from typing import Literal

EndpointDisabledReasonType1 = Literal["by_request", "failing"]

ENDPOINT_DISABLED_REASON_TYPE_1_VALUES: set[EndpointDisabledReasonType1] = {
    "by_request",
    "failing",
}


def check_endpoint_disabled_reason_type_1(value: str) -> EndpointDisabledReasonType1:
    if value in ENDPOINT_DISABLED_REASON_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ENDPOINT_DISABLED_REASON_TYPE_1_VALUES!r}"
    )
