from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="ViewOnceUpload")


@_attrs_define
class ViewOnceUpload:
    """A multipart voice note send: the text fields, and the file as its `file` part.

    Attributes:
        to (str): A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        file (File): The file (its cap depends on the kind).
        quoted_message_id (str | Unset): Makes the message a reply quoting this one: the `messageId` of a message the
            session received (a `message` event) or sent. Absent: not a reply.
        mimetype (str | Unset): The file's type; absent, the bytes (or the part's or URL's `Content-Type`) decide.
        view_once (bool | Unset): true: the recipient can open it once (WhatsApp's view once); a multipart
            field says `true` or `false`.
             Default: False.
    """

    to: str
    file: File
    quoted_message_id: str | Unset = UNSET
    mimetype: str | Unset = UNSET
    view_once: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        to = self.to

        file = self.file.to_tuple()

        quoted_message_id = self.quoted_message_id

        mimetype = self.mimetype

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
        if view_once is not UNSET:
            field_dict["viewOnce"] = view_once

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("to", (None, str(self.to).encode(), "text/plain")))

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.quoted_message_id, Unset):
            files.append(
                ("quotedMessageId", (None, str(self.quoted_message_id).encode(), "text/plain"))
            )

        if not isinstance(self.mimetype, Unset):
            files.append(("mimetype", (None, str(self.mimetype).encode(), "text/plain")))

        if not isinstance(self.view_once, Unset):
            files.append(("viewOnce", (None, str(self.view_once).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        to = d.pop("to")

        file = File(payload=BytesIO(d.pop("file")))

        quoted_message_id = d.pop("quotedMessageId", UNSET)

        mimetype = d.pop("mimetype", UNSET)

        view_once = d.pop("viewOnce", UNSET)

        view_once_upload = cls(
            to=to,
            file=file,
            quoted_message_id=quoted_message_id,
            mimetype=mimetype,
            view_once=view_once,
        )

        return view_once_upload
