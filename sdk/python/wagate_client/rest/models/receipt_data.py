from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.receipt_data_status import ReceiptDataStatus, check_receipt_data_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReceiptData")


@_attrs_define
class ReceiptData:
    """
    Attributes:
        message_id (str): The `messageId` a send returned.
        to (None | str): The recipient's number. null only when WhatsApp named the recipient by LID
            alone and the engine knows no number for it.
        status (ReceiptDataStatus):
        to_lid (str | Unset): The recipient's LID, when WhatsApp named the recipient by it.
    """

    message_id: str
    to: None | str
    status: ReceiptDataStatus
    to_lid: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        message_id = self.message_id

        to: None | str
        to = self.to

        status: str = self.status

        to_lid = self.to_lid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "messageId": message_id,
                "to": to,
                "status": status,
            }
        )
        if to_lid is not UNSET:
            field_dict["toLid"] = to_lid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message_id = d.pop("messageId")

        def _parse_to(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        to = _parse_to(d.pop("to"))

        status = check_receipt_data_status(d.pop("status"))

        to_lid = d.pop("toLid", UNSET)

        receipt_data = cls(
            message_id=message_id,
            to=to,
            status=status,
            to_lid=to_lid,
        )

        return receipt_data
