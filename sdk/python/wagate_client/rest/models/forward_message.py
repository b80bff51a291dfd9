from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ForwardMessage")


@_attrs_define
class ForwardMessage:
    """
    Attributes:
        to (str): A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
    """

    to: str

    def to_dict(self) -> dict[str, Any]:
        to = self.to

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        to = d.pop("to")

        forward_message = cls(
            to=to,
        )

        return forward_message
