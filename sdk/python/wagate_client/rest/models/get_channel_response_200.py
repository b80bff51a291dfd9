from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.channel import Channel


T = TypeVar("T", bound="GetChannelResponse200")


@_attrs_define
class GetChannelResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        channel (Channel):
    """

    success: bool
    company_id: str
    channel: Channel

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        channel = self.channel.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "channel": channel,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel import Channel  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        channel = Channel.from_dict(d.pop("channel"))

        get_channel_response_200 = cls(
            success=success,
            company_id=company_id,
            channel=channel,
        )

        return get_channel_response_200
