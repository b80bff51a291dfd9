from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.channel_role import ChannelRole, check_channel_role

T = TypeVar("T", bound="Channel")


@_attrs_define
class Channel:
    """
    Attributes:
        channel_id (str):
        name (str):
        description (str):
        followers (int):
        role (ChannelRole): The account's own role; `guest` when it does not follow the channel.
        verified (bool):
        created_at (None | str):
    """

    channel_id: str
    name: str
    description: str
    followers: int
    role: ChannelRole
    verified: bool
    created_at: None | str

    def to_dict(self) -> dict[str, Any]:
        channel_id = self.channel_id

        name = self.name

        description = self.description

        followers = self.followers

        role: str = self.role

        verified = self.verified

        created_at: None | str
        created_at = self.created_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channelId": channel_id,
                "name": name,
                "description": description,
                "followers": followers,
                "role": role,
                "verified": verified,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel_id = d.pop("channelId")

        name = d.pop("name")

        description = d.pop("description")

        followers = d.pop("followers")

        role = check_channel_role(d.pop("role"))

        verified = d.pop("verified")

        def _parse_created_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        created_at = _parse_created_at(d.pop("createdAt"))

        channel = cls(
            channel_id=channel_id,
            name=name,
            description=description,
            followers=followers,
            role=role,
            verified=verified,
            created_at=created_at,
        )

        return channel
