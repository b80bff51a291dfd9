from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.stored_message import StoredMessage


T = TypeVar("T", bound="GetStoredMessageResponse200")


@_attrs_define
class GetStoredMessageResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        message (StoredMessage):
    """

    success: bool
    company_id: str
    message: StoredMessage

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        message = self.message.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stored_message import StoredMessage  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        message = StoredMessage.from_dict(d.pop("message"))

        get_stored_message_response_200 = cls(
            success=success,
            company_id=company_id,
            message=message,
        )

        return get_stored_message_response_200
