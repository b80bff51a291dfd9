from typing import Literal

MessageDataType = Literal["contacts", "location", "poll"]

MESSAGE_DATA_TYPE_VALUES: set[MessageDataType] = {
    "contacts",
    "location",
    "poll",
}


def check_message_data_type(value: str) -> MessageDataType:
    if value in MESSAGE_DATA_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MESSAGE_DATA_TYPE_VALUES!r}")
