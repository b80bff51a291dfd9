from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.stream import Stream


T = TypeVar("T", bound="StreamList")


@_attrs_define
class StreamList:
    """
    Attributes:
        success (bool):
        streams (list[Stream]):
        total (int):
    """

    success: bool
    streams: list[Stream]
    total: int

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        streams = []
        for streams_item_data in self.streams:
            streams_item = streams_item_data.to_dict()
            streams.append(streams_item)

        total = self.total

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "streams": streams,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stream import Stream  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        streams = []
        _streams = d.pop("streams")
        for streams_item_data in _streams:
            streams_item = Stream.from_dict(streams_item_data)

            streams.append(streams_item)

        total = d.pop("total")

        stream_list = cls(
            success=success,
            streams=streams,
            total=total,
        )

        return stream_list
