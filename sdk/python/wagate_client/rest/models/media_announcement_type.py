from typing import Literal

MediaAnnouncementType = Literal["audio", "document", "image", "sticker", "video", "voice"]

MEDIA_ANNOUNCEMENT_TYPE_VALUES: set[MediaAnnouncementType] = {
    "audio",
    "document",
    "image",
    "sticker",
    "video",
    "voice",
}


def check_media_announcement_type(value: str) -> MediaAnnouncementType:
    if value in MEDIA_ANNOUNCEMENT_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MEDIA_ANNOUNCEMENT_TYPE_VALUES!r}"
    )
