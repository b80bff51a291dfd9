from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ErrorDataType3")


@_attrs_define
class ErrorDataType3:
    """
    Attributes:
        code (Literal['new_contact_refused']):
        message (str):
        chat (str): The number the first message was refused to.
    """

    code: Literal["new_contact_refused"]
    message: str
    chat: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        chat = self.chat

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "message": message,
                "chat": chat,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = cast(Literal["new_contact_refused"], d.pop("code"))
        if code != "new_contact_refused":
            raise ValueError(f"code must match const 'new_contact_refused', got '{code}'")

        message = d.pop("message")

        chat = d.pop("chat")

        error_data_type_3 = cls(
            code=code,
            message=message,
            chat=chat,
        )

        return error_data_type_3
