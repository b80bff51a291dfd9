from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LinkPreviewFields")


@_attrs_define
class LinkPreviewFields:
    """A caller's own preview card for a URL the text writes.

    Attributes:
        url (str): The URL as the text writes it (WhatsApp's matched text).
        title (str | Unset):  Default: ''.
        description (str | Unset):  Default: ''.
    """

    url: str
    title: str | Unset = ""
    description: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        title = self.title

        description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        title = d.pop("title", UNSET)

        description = d.pop("description", UNSET)

        link_preview_fields = cls(
            url=url,
            title=title,
            description=description,
        )

        return link_preview_fields
