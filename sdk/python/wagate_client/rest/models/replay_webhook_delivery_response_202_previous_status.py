from typing import Literal

ReplayWebhookDeliveryResponse202PreviousStatus = Literal["dead", "delivered", "failed"]

REPLAY_WEBHOOK_DELIVERY_RESPONSE_202_PREVIOUS_STATUS_VALUES: set[
    ReplayWebhookDeliveryResponse202PreviousStatus
] = {
    "dead",
    "delivered",
    "failed",
}


def check_replay_webhook_delivery_response_202_previous_status(
    value: str,
) -> ReplayWebhookDeliveryResponse202PreviousStatus:
    if value in REPLAY_WEBHOOK_DELIVERY_RESPONSE_202_PREVIOUS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {REPLAY_WEBHOOK_DELIVERY_RESPONSE_202_PREVIOUS_STATUS_VALUES!r}"
    )
