from typing import Literal

StreamKind = Literal["amqp", "nats"]

STREAM_KIND_VALUES: set[StreamKind] = {
    "amqp",
    "nats",
}


def check_stream_kind(value: str) -> StreamKind:
    if value in STREAM_KIND_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {STREAM_KIND_VALUES!r}")
