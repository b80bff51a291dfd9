from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ChannelPost")


@_attrs_define
class ChannelPost:
    """
    Attributes:
        server_id (int): The post's number in the channel (what `before` pages by).
        message_id (str):
        timestamp (str):
        type_ (str): text, image, video, … as a message's type.
        text (str):
        views (int):
    """

    server_id: int
    message_id: str
    timestamp: str
    type_: str
    text: str
    views: int

    def to_dict(self) -> dict[str, Any]:
        server_id = self.server_id

        message_id = self.message_id

        timestamp = self.timestamp

        type_ = self.type_

        text = self.text

        views = self.views

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "serverId": server_id,
                "messageId": message_id,
                "timestamp": timestamp,
                "type": type_,
                "text": text,
                "views": views,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        server_id = d.pop("serverId")

        message_id = d.pop("messageId")

        timestamp = d.pop("timestamp")

        type_ = d.pop("type")

        text = d.pop("text")

        views = d.pop("views")

        channel_post = cls(
            server_id=server_id,
            message_id=message_id,
            timestamp=timestamp,
            type_=type_,
            text=text,
            views=views,
        )

        return channel_post
