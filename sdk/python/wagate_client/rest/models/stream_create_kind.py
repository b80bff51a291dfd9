from typing import Literal

StreamCreateKind = Literal["amqp", "nats"]

STREAM_CREATE_KIND_VALUES: set[StreamCreateKind] = {
    "amqp",
    "nats",
}


def check_stream_create_kind(value: str) -> StreamCreateKind:
    if value in STREAM_CREATE_KIND_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {STREAM_CREATE_KIND_VALUES!r}")
