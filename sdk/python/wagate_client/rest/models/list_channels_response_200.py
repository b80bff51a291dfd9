from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.channel import Channel


T = TypeVar("T", bound="ListChannelsResponse200")


@_attrs_define
class ListChannelsResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        channels (list[Channel]):
        total (int):
    """

    success: bool
    company_id: str
    channels: list[Channel]
    total: int

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        channels = []
        for channels_item_data in self.channels:
            channels_item = channels_item_data.to_dict()
            channels.append(channels_item)

        total = self.total

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "channels": channels,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel import Channel  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        channels = []
        _channels = d.pop("channels")
        for channels_item_data in _channels:
            channels_item = Channel.from_dict(channels_item_data)

            channels.append(channels_item)

        total = d.pop("total")

        list_channels_response_200 = cls(
            success=success,
            company_id=company_id,
            channels=channels,
            total=total,
        )

        return list_channels_response_200
