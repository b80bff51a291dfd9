from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SendResponse")


@_attrs_define
class SendResponse:
    """
    Attributes:
        success (bool):
        company_id (str):
        to (str): The chat as given: a number's digits (a leading `+` is removed), a group id, a
            LID (`digits@lid`), `status@broadcast` for a status update, or a channel's id for
            a post.
        message_id (str): WhatsApp's id of the message (receipts carry it).
        timestamp (datetime.datetime): UTC ISO 8601 date-time with milliseconds, ending in `Z`.
        chat (str | Unset): A 1:1 chat's number (the LID's, for a send to a LID); absent for a group, and
            from an answer replayed from the message log.
        lid (str | Unset): A 1:1 chat's LID digits, when WhatsApp has told the session; absent otherwise.
    """

    success: bool
    company_id: str
    to: str
    message_id: str
    timestamp: datetime.datetime
    chat: str | Unset = UNSET
    lid: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        to = self.to

        message_id = self.message_id

        timestamp = self.timestamp.isoformat()

        chat = self.chat

        lid = self.lid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "to": to,
                "messageId": message_id,
                "timestamp": timestamp,
            }
        )
        if chat is not UNSET:
            field_dict["chat"] = chat
        if lid is not UNSET:
            field_dict["lid"] = lid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        to = d.pop("to")

        message_id = d.pop("messageId")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        chat = d.pop("chat", UNSET)

        lid = d.pop("lid", UNSET)

        send_response = cls(
            success=success,
            company_id=company_id,
            to=to,
            message_id=message_id,
            timestamp=timestamp,
            chat=chat,
            lid=lid,
        )

        return send_response
