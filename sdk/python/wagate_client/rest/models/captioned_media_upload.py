from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="CaptionedMediaUpload")


@_attrs_define
class CaptionedMediaUpload:
    """A multipart media send: the text fields, and the file as its `file` part.

    Attributes:
        to (Literal['status@broadcast'] | str): A chat (`ChatId`); `status@broadcast`: the message is a status update (a
            story),
            which WhatsApp sends to the account's contacts (the numbers its address book
            names); or a channel's id (`…@newsletter`): a post to a channel the account owns or
            administers (`403 not_channel_admin` otherwise, `404 channel_not_found` for no such
            channel). Only text, images and videos may be a status or a post, and neither
            quotes anything.
        file (File): The file (its cap depends on the kind).
        quoted_message_id (str | Unset): Makes the message a reply quoting this one: the `messageId` of a message the
            session received (a `message` event) or sent. Absent: not a reply.
        mimetype (str | Unset): The file's type; absent, the bytes (or the part's or URL's `Content-Type`) decide.
        caption (str | Unset):  Default: ''.
        view_once (bool | Unset): true: the recipient can open it once (WhatsApp's view once); a multipart
            field says `true` or `false`.
             Default: False.
    """

    to: Literal["status@broadcast"] | str
    file: File
    quoted_message_id: str | Unset = UNSET
    mimetype: str | Unset = UNSET
    caption: str | Unset = ""
    view_once: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        to: Literal["status@broadcast"] | str
        to = self.to

        file = self.file.to_tuple()

        quoted_message_id = self.quoted_message_id

        mimetype = self.mimetype

        caption = self.caption

        view_once = self.view_once

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
                "file": file,
            }
        )
        if quoted_message_id is not UNSET:
            field_dict["quotedMessageId"] = quoted_message_id
        if mimetype is not UNSET:
            field_dict["mimetype"] = mimetype
        if caption is not UNSET:
            field_dict["caption"] = caption
        if view_once is not UNSET:
            field_dict["viewOnce"] = view_once

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        if isinstance(self.to, str):
            files.append(("to", (None, str(self.to).encode(), "text/plain")))
        else:
            files.append(("to", (None, self.to, "text/plain")))

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.quoted_message_id, Unset):
            files.append(
                ("quotedMessageId", (None, str(self.quoted_message_id).encode(), "text/plain"))
            )

        if not isinstance(self.mimetype, Unset):
            files.append(("mimetype", (None, str(self.mimetype).encode(), "text/plain")))

        if not isinstance(self.caption, Unset):
            files.append(("caption", (None, str(self.caption).encode(), "text/plain")))

        if not isinstance(self.view_once, Unset):
            files.append(("viewOnce", (None, str(self.view_once).encode(), "text/plain")))

        return files

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

        file = File(payload=BytesIO(d.pop("file")))

        quoted_message_id = d.pop("quotedMessageId", UNSET)

        mimetype = d.pop("mimetype", UNSET)

        caption = d.pop("caption", UNSET)

        view_once = d.pop("viewOnce", UNSET)

        captioned_media_upload = cls(
            to=to,
            file=file,
            quoted_message_id=quoted_message_id,
            mimetype=mimetype,
            caption=caption,
            view_once=view_once,
        )

        return captioned_media_upload
