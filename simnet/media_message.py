"""The `media` object of a sim message frame: what WhatsApp's media messages carry
(ImageMessage, VideoMessage, AudioMessage, DocumentMessage, StickerMessage), under the
protobuf's own field names. The bytes themselves are at the media host, encrypted.

A voice note is an audio message with `ptt` set, as on WhatsApp; wagate's word for it
is the kind "voice". Binary fields are standard base64.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any, Final

from simnet.media_crypto import MEDIA_KEY_BYTES

WIRE_TYPES: Final = ("image", "video", "audio", "document", "sticker")
MAX_CAPTION: Final = 65536
MAX_FILENAME: Final = 1024
MAX_MIMETYPE: Final = 255
MAX_FILE_LENGTH: Final = 4 * 1024**3  # above WhatsApp's 2 GB document limit
MAX_DIMENSION: Final = 1 << 20
_DIRECT_PATH = re.compile(r"/v/[A-Za-z0-9._/-]{1,200}(\?[A-Za-z0-9._=&%-]{0,300})?")


class BadMedia(ValueError):
    pass


def kind_of(wire_type: str, ptt: bool) -> str:
    """wagate's media kind for WhatsApp's message type."""
    return "voice" if wire_type == "audio" and ptt else wire_type


def wire_type_of(kind: str) -> tuple[str, bool]:
    """WhatsApp's message type and ptt flag for wagate's media kind."""
    return ("audio", True) if kind == "voice" else (kind, False)


@dataclass(frozen=True)
class WireMedia:
    type: str  # one of WIRE_TYPES
    mimetype: str
    direct_path: str
    media_key: bytes
    file_sha256: bytes
    file_enc_sha256: bytes
    file_length: int
    ptt: bool = False
    caption: str = ""
    file_name: str = ""
    seconds: int | None = None
    width: int | None = None
    height: int | None = None

    @property
    def kind(self) -> str:
        return kind_of(self.type, self.ptt)

    def frame(self) -> dict[str, Any]:
        frame: dict[str, Any] = {
            "type": self.type,
            "mimetype": self.mimetype,
            "directPath": self.direct_path,
            "mediaKey": _b64(self.media_key),
            "fileSha256": _b64(self.file_sha256),
            "fileEncSha256": _b64(self.file_enc_sha256),
            "fileLength": self.file_length,
        }
        if self.ptt:
            frame["ptt"] = True
        if self.caption:
            frame["caption"] = self.caption
        if self.file_name:
            frame["fileName"] = self.file_name
        for key, value in (
            ("seconds", self.seconds),
            ("width", self.width),
            ("height", self.height),
        ):
            if value is not None:
                frame[key] = value
        return frame

    @classmethod
    def parse(cls, frame: object) -> WireMedia:
        """A frame's media object, as a device sent it: anything malformed is BadMedia."""
        if not isinstance(frame, dict):
            raise BadMedia("media must be an object")
        wire_type = frame.get("type")
        if wire_type not in WIRE_TYPES:
            raise BadMedia(f"media.type must be one of {', '.join(WIRE_TYPES)}")
        ptt = frame.get("ptt", False)
        if not isinstance(ptt, bool) or (ptt and wire_type != "audio"):
            raise BadMedia("media.ptt is true or false, and only for audio")
        direct_path = frame.get("directPath")
        if not isinstance(direct_path, str) or not _DIRECT_PATH.fullmatch(direct_path):
            raise BadMedia("media.directPath must be a media host path (/v/...)")
        return cls(
            type=str(wire_type),
            mimetype=_text(frame, "mimetype", MAX_MIMETYPE, required=True),
            direct_path=direct_path,
            media_key=_bytes(frame, "mediaKey", MEDIA_KEY_BYTES),
            file_sha256=_bytes(frame, "fileSha256", 32),
            file_enc_sha256=_bytes(frame, "fileEncSha256", 32),
            file_length=_whole(frame, "fileLength", MAX_FILE_LENGTH, required=True) or 0,
            ptt=ptt,
            caption=_text(frame, "caption", MAX_CAPTION),
            file_name=_text(frame, "fileName", MAX_FILENAME),
            seconds=_whole(frame, "seconds", 1 << 31),
            width=_whole(frame, "width", MAX_DIMENSION),
            height=_whole(frame, "height", MAX_DIMENSION),
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _text(frame: dict[str, Any], key: str, limit: int, required: bool = False) -> str:
    value = frame.get(key, None if required else "")
    if not isinstance(value, str) or len(value) > limit or (required and not value):
        raise BadMedia(f"media.{key} must be text of {'1' if required else '0'} to {limit}")
    return value


def _bytes(frame: dict[str, Any], key: str, length: int) -> bytes:
    value = frame.get(key)
    try:
        data = base64.b64decode(value, validate=True) if isinstance(value, str) else b""
    except (binascii.Error, ValueError):
        data = b""
    if len(data) != length:
        raise BadMedia(f"media.{key} must be {length} bytes in base64")
    return data


def _whole(frame: dict[str, Any], key: str, limit: int, required: bool = False) -> int | None:
    value = frame.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        raise BadMedia(f"media.{key} must be a whole number from 0 to {limit}")
    return value
