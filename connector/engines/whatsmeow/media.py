"""Media messages between wagate's words and whatsmeow's protobufs, both ways.

Pure functions, tested offline as the text mapping is: what a send builds around
whatsmeow's upload answer, what an incoming media message says (its descriptor and the
`ref` a later download needs), and whatsmeow's download failures as engine codes.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any
from urllib.parse import urlsplit

from neonize.proto import Neonize_pb2 as neonize
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as wa
from neonize.utils.enum import MediaType, MediaTypeToMMS

from connector.engine import (
    MEDIA_CORRUPT,
    MEDIA_DOWNLOAD_FAILED,
    MEDIA_EXPIRED,
    MEDIA_KINDS,
    EngineError,
    Media,
    OutgoingMedia,
    Quote,
)

VOICE_MIMETYPE = "audio/ogg; codecs=opus"  # what WhatsApp's apps send a voice note as

# wagate's kind -> the media type whatsmeow encrypts and uploads it as (its HKDF info
# string and upload path): a sticker is an image, a voice note audio, as on WhatsApp
UPLOAD_TYPE = {
    "image": MediaType.MediaImage,
    "sticker": MediaType.MediaImage,
    "video": MediaType.MediaVideo,
    "audio": MediaType.MediaAudio,
    "voice": MediaType.MediaAudio,
    "document": MediaType.MediaDocument,
}
assert set(UPLOAD_TYPE) == set(MEDIA_KINDS)

# the Message field of each media kind WhatsApp carries, and wagate's kind for it
MEDIA_FIELDS = {
    "imageMessage": "image",
    "videoMessage": "video",
    "audioMessage": "audio",  # "voice" when PTT is set
    "documentMessage": "document",
    "stickerMessage": "sticker",
}
_MMS_OF_FIELD = {
    "imageMessage": MediaTypeToMMS.MediaImage,
    "stickerMessage": MediaTypeToMMS.MediaImage,
    "videoMessage": MediaTypeToMMS.MediaVideo,
    "audioMessage": MediaTypeToMMS.MediaAudio,
    "documentMessage": MediaTypeToMMS.MediaDocument,
}
_MEDIA_TYPE_OF_MMS = {
    MediaTypeToMMS.MediaImage: MediaType.MediaImage,
    MediaTypeToMMS.MediaVideo: MediaType.MediaVideo,
    MediaTypeToMMS.MediaAudio: MediaType.MediaAudio,
    MediaTypeToMMS.MediaDocument: MediaType.MediaDocument,
}

# whatsmeow's download errors (download.go), as neonize passes on their text
_EXPIRED = re.compile(r"status code (403|404|410)\b")
_CORRUPT = re.compile(
    r"invalid media hmac|hash of media (ciphertext|plaintext) doesn't match|"
    r"file length does not match|file too short",
    re.I,
)


def quote_context(quote: Quote) -> wa.ContextInfo:
    """A reply's context: the quoted message's id and author. wagate keeps no message
    bodies, so the quote carries no content."""
    return wa.ContextInfo(
        stanzaID=quote.message_id,
        participant=f"{quote.sender}@s.whatsapp.net",
        quotedMessage=wa.Message(conversation=""),
    )


def media_message(
    media: OutgoingMedia,
    upload: neonize.UploadResponse,
    quote: Quote | None,
    now_s: int,
    thumbnail: bytes = b"",
) -> wa.Message:
    """The message a media send puts on the wire, naming whatsmeow's upload."""
    common: dict[str, Any] = {
        "URL": upload.url,
        "directPath": upload.DirectPath,
        "mediaKey": upload.MediaKey,
        "fileEncSHA256": upload.FileEncSHA256,
        "fileSHA256": upload.FileSHA256,
        "fileLength": upload.FileLength,
        "mediaKeyTimestamp": now_s,
    }
    if quote is not None:
        common["contextInfo"] = quote_context(quote)
    dimensions = {
        key: value
        for key, value in (("width", media.width), ("height", media.height))
        if value is not None
    }
    seconds = {"seconds": media.duration_s} if media.duration_s is not None else {}
    thumb = {"JPEGThumbnail": thumbnail} if thumbnail else {}
    match media.kind:
        case "image":
            part = wa.ImageMessage(
                mimetype=media.mimetype, caption=media.caption, **dimensions, **thumb, **common
            )
            return wa.Message(imageMessage=part)
        case "video":
            video = wa.VideoMessage(
                mimetype=media.mimetype,
                caption=media.caption,
                **dimensions,
                **seconds,
                **thumb,
                **common,
            )
            return wa.Message(videoMessage=video)
        case "audio" | "voice":
            voice = media.kind == "voice"
            audio = wa.AudioMessage(
                mimetype=VOICE_MIMETYPE if voice else media.mimetype,
                PTT=voice,
                **seconds,
                **common,
            )
            return wa.Message(audioMessage=audio)
        case "document":
            document = wa.DocumentMessage(
                mimetype=media.mimetype,
                fileName=media.filename,
                title=media.filename,
                caption=media.caption,
                **thumb,
                **common,
            )
            return wa.Message(documentMessage=document)
        case "sticker":
            sticker = wa.StickerMessage(mimetype=media.mimetype, **dimensions, **common)
            return wa.Message(stickerMessage=sticker)
    raise EngineError("validation_failed", f"no media kind {media.kind!r}")


def incoming_media(message: wa.Message) -> Media | None:
    """The attachment of an incoming message, if it has one: what it says, and the ref
    download_media needs (the bytes fields base64, so the ref is JSON)."""
    for field, kind in MEDIA_FIELDS.items():
        if not message.HasField(field):
            continue
        part = getattr(message, field)
        if field == "audioMessage" and part.PTT:
            kind = "voice"
        return Media(
            kind=kind,
            mimetype=part.mimetype,
            caption=getattr(part, "caption", ""),
            filename=getattr(part, "fileName", ""),
            size_bytes=int(part.fileLength),
            sha256=bytes(part.fileSHA256).hex(),
            duration_s=int(part.seconds) if _has(part, "seconds") else None,
            width=int(part.width) if _has(part, "width") else None,
            height=int(part.height) if _has(part, "height") else None,
            ref={
                "directPath": part.directPath or _path_of(part.URL),
                "mediaKey": _b64(part.mediaKey),
                "fileEncSha256": _b64(part.fileEncSHA256),
                "fileSha256": _b64(part.fileSHA256),
                "fileLength": int(part.fileLength),
                "mmsType": _MMS_OF_FIELD[field].value,
            },
        )
    return None


def _has(part: Any, field: str) -> bool:
    return field in part.DESCRIPTOR.fields_by_name and bool(part.HasField(field))


def _path_of(url: str) -> str:
    """An old message names its file by URL only: its path is the direct path."""
    if not url:
        return ""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def download_args(
    ref: dict[str, Any],
) -> tuple[str, bytes, bytes, bytes, int, MediaType, MediaTypeToMMS]:
    """download_media_with_path's arguments from a ref; media_corrupt if unreadable."""
    try:
        mms = MediaTypeToMMS(str(ref["mmsType"]))
        direct_path = str(ref["directPath"])
        args = (
            direct_path,
            _unb64(ref["fileEncSha256"]),
            _unb64(ref["fileSha256"]),
            _unb64(ref["mediaKey"]),
            int(ref["fileLength"]),
            _MEDIA_TYPE_OF_MMS[mms],
            mms,
        )
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise EngineError(MEDIA_CORRUPT, "the media reference is unreadable") from None
    if not direct_path:
        raise EngineError(MEDIA_EXPIRED, "the message names no file to download")
    return args


def download_error(message: str) -> EngineError:
    """whatsmeow's refusal of a download, as the engine codes."""
    if _EXPIRED.search(message):
        return EngineError(MEDIA_EXPIRED, f"WhatsApp no longer has this media ({message})")
    if _CORRUPT.search(message):
        return EngineError(MEDIA_CORRUPT, f"the media fails its check ({message})")
    return EngineError(MEDIA_DOWNLOAD_FAILED, f"the download failed: {message}")


def _b64(data: bytes) -> str:
    return base64.b64encode(bytes(data)).decode()


def _unb64(value: object) -> bytes:
    if not isinstance(value, str):
        raise ValueError("not base64 text")
    return base64.b64decode(value, validate=True)
