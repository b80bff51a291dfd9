from typing import Literal

WebhookEventTypeType1 = Literal["endpoint_disabled", "webhook_test"]

WEBHOOK_EVENT_TYPE_TYPE_1_VALUES: set[WebhookEventTypeType1] = {
    "endpoint_disabled",
    "webhook_test",
}


def check_webhook_event_type_type_1(value: str) -> WebhookEventTypeType1:
    if value in WEBHOOK_EVENT_TYPE_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {WEBHOOK_EVENT_TYPE_TYPE_1_VALUES!r}"
    )
