from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FollowChannelResponse200")


@_attrs_define
class FollowChannelResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        channel_id (str):
        following (bool):
    """

    success: bool
    company_id: str
    channel_id: str
    following: bool

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        channel_id = self.channel_id

        following = self.following

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "channelId": channel_id,
                "following": following,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        channel_id = d.pop("channelId")

        following = d.pop("following")

        follow_channel_response_200 = cls(
            success=success,
            company_id=company_id,
            channel_id=channel_id,
            following=following,
        )

        return follow_channel_response_200
