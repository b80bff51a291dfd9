from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.stream import Stream


T = TypeVar("T", bound="StreamResponse")


@_attrs_define
class StreamResponse:
    """
    Attributes:
        success (bool):
        stream (Stream):
    """

    success: bool
    stream: Stream

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        stream = self.stream.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "stream": stream,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stream import Stream  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        stream = Stream.from_dict(d.pop("stream"))

        stream_response = cls(
            success=success,
            stream=stream,
        )

        return stream_response
