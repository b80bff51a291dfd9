from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.media_send_response_kind import MediaSendResponseKind, check_media_send_response_kind
from ..types import UNSET, Unset

T = TypeVar("T", bound="MediaSendResponse")


@_attrs_define
class MediaSendResponse:
    """`kind`, `mimetype`, `sizeBytes`, `sha256` and `converted` say what went out. They
    are absent only from the answer to a retried `Idempotency-Key` whose first request
    ended without an answer (504) and which is answered from the message log.

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
            kind (MediaSendResponseKind | Unset):
            mimetype (str | Unset): The type sent (after any conversion).
            size_bytes (int | Unset):
            sha256 (str | Unset): The sha256 of the bytes sent, hex.
            converted (bool | Unset): A voice note converted to OGG/Opus by ffmpeg.
    """

    success: bool
    company_id: str
    to: str
    message_id: str
    timestamp: datetime.datetime
    chat: str | Unset = UNSET
    lid: str | Unset = UNSET
    kind: MediaSendResponseKind | Unset = UNSET
    mimetype: str | Unset = UNSET
    size_bytes: int | Unset = UNSET
    sha256: str | Unset = UNSET
    converted: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        to = self.to

        message_id = self.message_id

        timestamp = self.timestamp.isoformat()

        chat = self.chat

        lid = self.lid

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind

        mimetype = self.mimetype

        size_bytes = self.size_bytes

        sha256 = self.sha256

        converted = self.converted

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
        if kind is not UNSET:
            field_dict["kind"] = kind
        if mimetype is not UNSET:
            field_dict["mimetype"] = mimetype
        if size_bytes is not UNSET:
            field_dict["sizeBytes"] = size_bytes
        if sha256 is not UNSET:
            field_dict["sha256"] = sha256
        if converted is not UNSET:
            field_dict["converted"] = converted

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

        _kind = d.pop("kind", UNSET)
        kind: MediaSendResponseKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = check_media_send_response_kind(_kind)

        mimetype = d.pop("mimetype", UNSET)

        size_bytes = d.pop("sizeBytes", UNSET)

        sha256 = d.pop("sha256", UNSET)

        converted = d.pop("converted", UNSET)

        media_send_response = cls(
            success=success,
            company_id=company_id,
            to=to,
            message_id=message_id,
            timestamp=timestamp,
            chat=chat,
            lid=lid,
            kind=kind,
            mimetype=mimetype,
            size_bytes=size_bytes,
            sha256=sha256,
            converted=converted,
        )

        return media_send_response
