from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ViewOnceMessage")


@_attrs_define
class ViewOnceMessage:
    """A JSON voice note send, with exactly one of `url` and `data`.

    Attributes:
        to (str): A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        quoted_message_id (str | Unset): Makes the message a reply quoting this one: the `messageId` of a message the
            session received (a `message` event) or sent. Absent: not a reply.
        mimetype (str | Unset): The file's type; absent, the bytes (or the part's or URL's `Content-Type`) decide.
        url (str | Unset): A public http(s) URL the connector fetches (SSRF guard, timeout, size cap).
        data (str | Unset): The file, base64 (within `WAGATE_MEDIA_JSON_MAX_BYTES`).
        view_once (bool | Unset): true: the recipient can open it once (WhatsApp's view once); a multipart
            field says `true` or `false`.
             Default: False.
    """

    to: str
    quoted_message_id: str | Unset = UNSET
    mimetype: str | Unset = UNSET
    url: str | Unset = UNSET
    data: str | Unset = UNSET
    view_once: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        to = self.to

        quoted_message_id = self.quoted_message_id

        mimetype = self.mimetype

        url = self.url

        data = self.data

        view_once = self.view_once

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
            }
        )
        if quoted_message_id is not UNSET:
            field_dict["quotedMessageId"] = quoted_message_id
        if mimetype is not UNSET:
            field_dict["mimetype"] = mimetype
        if url is not UNSET:
            field_dict["url"] = url
        if data is not UNSET:
            field_dict["data"] = data
        if view_once is not UNSET:
            field_dict["viewOnce"] = view_once

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        to = d.pop("to")

        quoted_message_id = d.pop("quotedMessageId", UNSET)

        mimetype = d.pop("mimetype", UNSET)

        url = d.pop("url", UNSET)

        data = d.pop("data", UNSET)

        view_once = d.pop("viewOnce", UNSET)

        view_once_message = cls(
            to=to,
            quoted_message_id=quoted_message_id,
            mimetype=mimetype,
            url=url,
            data=data,
            view_once=view_once,
        )

        return view_once_message
