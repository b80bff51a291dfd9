from typing import Literal

MediaSendResponseKind = Literal["audio", "document", "image", "sticker", "video", "voice"]

MEDIA_SEND_RESPONSE_KIND_VALUES: set[MediaSendResponseKind] = {
    "audio",
    "document",
    "image",
    "sticker",
    "video",
    "voice",
}


def check_media_send_response_kind(value: str) -> MediaSendResponseKind:
    if value in MEDIA_SEND_RESPONSE_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MEDIA_SEND_RESPONSE_KIND_VALUES!r}"
    )
