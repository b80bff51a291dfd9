from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CaptionedMediaMessage")


@_attrs_define
class CaptionedMediaMessage:
    """A JSON media send, with exactly one of `url` and `data`.

    Attributes:
        to (Literal['status@broadcast'] | str): A chat (`ChatId`); `status@broadcast`: the message is a status update (a
            story),
            which WhatsApp sends to the account's contacts (the numbers its address book
            names); or a channel's id (`…@newsletter`): a post to a channel the account owns or
            administers (`403 not_channel_admin` otherwise, `404 channel_not_found` for no such
            channel). Only text, images and videos may be a status or a post, and neither
            quotes anything.
        quoted_message_id (str | Unset): Makes the message a reply quoting this one: the `messageId` of a message the
            session received (a `message` event) or sent. Absent: not a reply.
        mimetype (str | Unset): The file's type; absent, the bytes (or the part's or URL's `Content-Type`) decide.
        url (str | Unset): A public http(s) URL the connector fetches (SSRF guard, timeout, size cap).
        data (str | Unset): The file, base64 (within `WAGATE_MEDIA_JSON_MAX_BYTES`).
        mentions (list[str] | Unset): Numbers the caption mentions, each written in it as `@` and its digits (JSON sends
            only).
        mention_all (bool | Unset): In a group only, the caption's `@all` mentions every member (JSON sends only).
        caption (str | Unset):  Default: ''.
        view_once (bool | Unset): true: the recipient can open it once (WhatsApp's view once); a multipart
            field says `true` or `false`.
             Default: False.
    """

    to: Literal["status@broadcast"] | str
    quoted_message_id: str | Unset = UNSET
    mimetype: str | Unset = UNSET
    url: str | Unset = UNSET
    data: str | Unset = UNSET
    mentions: list[str] | Unset = UNSET
    mention_all: bool | Unset = UNSET
    caption: str | Unset = ""
    view_once: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        to: Literal["status@broadcast"] | str
        to = self.to

        quoted_message_id = self.quoted_message_id

        mimetype = self.mimetype

        url = self.url

        data = self.data

        mentions: list[str] | Unset = UNSET
        if not isinstance(self.mentions, Unset):
            mentions = self.mentions

        mention_all = self.mention_all

        caption = self.caption

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
        if mentions is not UNSET:
            field_dict["mentions"] = mentions
        if mention_all is not UNSET:
            field_dict["mentionAll"] = mention_all
        if caption is not UNSET:
            field_dict["caption"] = caption
        if view_once is not UNSET:
            field_dict["viewOnce"] = view_once

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_to(data: object) -> Literal["status@broadcast"] | str:
            componentsschemas_chat_or_status_type_1 = cast(Literal["status@broadcast"], data)
            if componentsschemas_chat_or_status_type_1 != "status@broadcast":
                raise ValueError(
                    f"/components/schemas/ChatOrStatus_type_1 must match const 'status@broadcast', got '{componentsschemas_chat_or_status_type_1}'"
                )
            return componentsschemas_chat_or_status_type_1
            return cast(Literal["status@broadcast"] | str, data)

        to = _parse_to(d.pop("to"))

        quoted_message_id = d.pop("quotedMessageId", UNSET)

        mimetype = d.pop("mimetype", UNSET)

        url = d.pop("url", UNSET)

        data = d.pop("data", UNSET)

        mentions = cast(list[str], d.pop("mentions", UNSET))

        mention_all = d.pop("mentionAll", UNSET)

        caption = d.pop("caption", UNSET)

        view_once = d.pop("viewOnce", UNSET)

        captioned_media_message = cls(
            to=to,
            quoted_message_id=quoted_message_id,
            mimetype=mimetype,
            url=url,
            data=data,
            mentions=mentions,
            mention_all=mention_all,
            caption=caption,
            view_once=view_once,
        )

        return captioned_media_message
