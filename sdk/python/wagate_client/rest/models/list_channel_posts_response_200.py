from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.channel_post import ChannelPost


T = TypeVar("T", bound="ListChannelPostsResponse200")


@_attrs_define
class ListChannelPostsResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        channel_id (str):
        posts (list[ChannelPost]):
        next_before (int | None):
    """

    success: bool
    company_id: str
    channel_id: str
    posts: list[ChannelPost]
    next_before: int | None

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        channel_id = self.channel_id

        posts = []
        for posts_item_data in self.posts:
            posts_item = posts_item_data.to_dict()
            posts.append(posts_item)

        next_before: int | None
        next_before = self.next_before

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "channelId": channel_id,
                "posts": posts,
                "nextBefore": next_before,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_post import ChannelPost  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        channel_id = d.pop("channelId")

        posts = []
        _posts = d.pop("posts")
        for posts_item_data in _posts:
            posts_item = ChannelPost.from_dict(posts_item_data)

            posts.append(posts_item)

        def _parse_next_before(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_before = _parse_next_before(d.pop("nextBefore"))

        list_channel_posts_response_200 = cls(
            success=success,
            company_id=company_id,
            channel_id=channel_id,
            posts=posts,
            next_before=next_before,
        )

        return list_channel_posts_response_200
