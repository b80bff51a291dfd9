from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_announcement import MediaAnnouncement


T = TypeVar("T", bound="StatusData")


@_attrs_define
class StatusData:
    """A status update (story) a contact posted, which WhatsApp sent the account as one of
    the poster's contacts: `from` the poster's number (null when WhatsApp named them by
    LID alone), `text` (a photo's or video's caption), `media` the attachment (fetched as
    a message's is). Statuses are not kept in the message store.

        Attributes:
            message_id (str):
            from_ (None | str):
            text (str):
            timestamp (int):
            from_lid (str | Unset):
            push_name (str | Unset):
            media (MediaAnnouncement | Unset): Present when the message carries an attachment. `id` names it for
                `GET /sessions/{companyId}/media/{id}` (the bytes are copied from WhatsApp into
                the blob store on arrival, on first request, or never: `WAGATE_MEDIA_DOWNLOAD`).
                Webhooks add `downloadUrl`, a signed link that needs no token, valid until
                `downloadUrlExpiresAt`; the WebSocket does not (its reader has a token). Never
                the bytes themselves.
    """

    message_id: str
    from_: None | str
    text: str
    timestamp: int
    from_lid: str | Unset = UNSET
    push_name: str | Unset = UNSET
    media: MediaAnnouncement | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        message_id = self.message_id

        from_: None | str
        from_ = self.from_

        text = self.text

        timestamp = self.timestamp

        from_lid = self.from_lid

        push_name = self.push_name

        media: dict[str, Any] | Unset = UNSET
        if not isinstance(self.media, Unset):
            media = self.media.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "messageId": message_id,
                "from": from_,
                "text": text,
                "timestamp": timestamp,
            }
        )
        if from_lid is not UNSET:
            field_dict["fromLid"] = from_lid
        if push_name is not UNSET:
            field_dict["pushName"] = push_name
        if media is not UNSET:
            field_dict["media"] = media

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media_announcement import MediaAnnouncement  # noqa: PLC0415

        d = dict(src_dict)
        message_id = d.pop("messageId")

        def _parse_from_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_ = _parse_from_(d.pop("from"))

        text = d.pop("text")

        timestamp = d.pop("timestamp")

        from_lid = d.pop("fromLid", UNSET)

        push_name = d.pop("pushName", UNSET)

        _media = d.pop("media", UNSET)
        media: MediaAnnouncement | Unset
        if isinstance(_media, Unset):
            media = UNSET
        else:
            media = MediaAnnouncement.from_dict(_media)

        status_data = cls(
            message_id=message_id,
            from_=from_,
            text=text,
            timestamp=timestamp,
            from_lid=from_lid,
            push_name=push_name,
            media=media,
        )

        return status_data
