from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.media_announcement_type import MediaAnnouncementType, check_media_announcement_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="MediaAnnouncement")


@_attrs_define
class MediaAnnouncement:
    """Present when the message carries an attachment. `id` names it for
    `GET /sessions/{companyId}/media/{id}` (the bytes are copied from WhatsApp into
    the blob store on arrival, on first request, or never: `WAGATE_MEDIA_DOWNLOAD`).
    Webhooks add `downloadUrl`, a signed link that needs no token, valid until
    `downloadUrlExpiresAt`; the WebSocket does not (its reader has a token). Never
    the bytes themselves.

        Attributes:
            type_ (MediaAnnouncementType):
            mimetype (str):
            caption (str):
            filename (str): A document's file name; empty for other types.
            size_bytes (int):
            sha256 (str): The sha256 of the plain bytes as the sender declared it, hex.
            id (str | Unset):
            duration_seconds (int | Unset): Audio, voice notes and video, when known.
            width (int | Unset):
            height (int | Unset):
            video_note (bool | Unset): A video sent as a round video note (recorded in the app, shown as a circle);
                absent for any other attachment.
            download_url (str | Unset): Webhooks only; see `GET /media/{mediaId}`.
            download_url_expires_at (datetime.datetime | Unset): UTC ISO 8601 date-time with milliseconds, ending in `Z`.
    """

    type_: MediaAnnouncementType
    mimetype: str
    caption: str
    filename: str
    size_bytes: int
    sha256: str
    id: str | Unset = UNSET
    duration_seconds: int | Unset = UNSET
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    video_note: bool | Unset = UNSET
    download_url: str | Unset = UNSET
    download_url_expires_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        mimetype = self.mimetype

        caption = self.caption

        filename = self.filename

        size_bytes = self.size_bytes

        sha256 = self.sha256

        id = self.id

        duration_seconds = self.duration_seconds

        width = self.width

        height = self.height

        video_note = self.video_note

        download_url = self.download_url

        download_url_expires_at: str | Unset = UNSET
        if not isinstance(self.download_url_expires_at, Unset):
            download_url_expires_at = self.download_url_expires_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "mimetype": mimetype,
                "caption": caption,
                "filename": filename,
                "sizeBytes": size_bytes,
                "sha256": sha256,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if duration_seconds is not UNSET:
            field_dict["durationSeconds"] = duration_seconds
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if video_note is not UNSET:
            field_dict["videoNote"] = video_note
        if download_url is not UNSET:
            field_dict["downloadUrl"] = download_url
        if download_url_expires_at is not UNSET:
            field_dict["downloadUrlExpiresAt"] = download_url_expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_media_announcement_type(d.pop("type"))

        mimetype = d.pop("mimetype")

        caption = d.pop("caption")

        filename = d.pop("filename")

        size_bytes = d.pop("sizeBytes")

        sha256 = d.pop("sha256")

        id = d.pop("id", UNSET)

        duration_seconds = d.pop("durationSeconds", UNSET)

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        video_note = d.pop("videoNote", UNSET)

        download_url = d.pop("downloadUrl", UNSET)

        _download_url_expires_at = d.pop("downloadUrlExpiresAt", UNSET)
        download_url_expires_at: datetime.datetime | Unset
        if isinstance(_download_url_expires_at, Unset):
            download_url_expires_at = UNSET
        else:
            download_url_expires_at = datetime.datetime.fromisoformat(_download_url_expires_at)

        media_announcement = cls(
            type_=type_,
            mimetype=mimetype,
            caption=caption,
            filename=filename,
            size_bytes=size_bytes,
            sha256=sha256,
            id=id,
            duration_seconds=duration_seconds,
            width=width,
            height=height,
            video_note=video_note,
            download_url=download_url,
            download_url_expires_at=download_url_expires_at,
        )

        return media_announcement
