"""What each kind of media message may carry, and whether a file's bytes are what its
sender says: one place for the gateway (uploads, base64) and the connector (URLs).

The bytes decide, not the name or the header: the first bytes of the file are sniffed
(`filetype`, pure Python) and checked against the declared type and the kind. A declared
type is optional; without one the sniffed type is used (a document of a type the sniffer
does not know, e.g. plain text or CSV, keeps `application/octet-stream` unless declared).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import filetype

from wagate.config import ServiceSettings

MEDIA_KINDS = ("image", "video", "audio", "voice", "document", "sticker")
OGG_OPUS = "audio/ogg; codecs=opus"  # what WhatsApp calls a voice note's type
GENERIC = "application/octet-stream"
_MIMETYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,62}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")

# the types WhatsApp takes for each kind (its Cloud API's supported media types)
ALLOWED: dict[str, frozenset[str]] = {
    "image": frozenset({"image/jpeg", "image/png"}),
    "video": frozenset({"video/mp4", "video/3gpp"}),
    "audio": frozenset({"audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/ogg"}),
    "voice": frozenset({"audio/ogg"}),
    "sticker": frozenset({"image/webp"}),
}
# what sniffing says for the same thing under another name
_ALIASES = {
    "image/jpg": "image/jpeg",
    "audio/mp3": "audio/mpeg",
    "audio/x-m4a": "audio/mp4",
    "audio/m4a": "audio/mp4",
    "video/x-m4v": "video/mp4",
    "video/quicktime": "video/mp4",  # an .mp4 from many phones sniffs as QuickTime
    "audio/opus": "audio/ogg",
    "audio/x-wav": "audio/wav",
    "audio/wave": "audio/wav",
    "audio/vnd.wave": "audio/wav",
    "audio/x-flac": "audio/flac",
}
# documents whose container is a zip: a sniffer may see only the zip
_ZIP_BASED = ("application/vnd.openxmlformats", "application/vnd.oasis", "application/epub")


class MediaRefused(ValueError):
    """The file cannot be sent as this kind; `code` is in wagate/errors.py."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Checked:
    mimetype: str  # what the message will say (the declared type, or the sniffed one)
    needs_conversion: bool = False  # a voice note that is audio but not OGG/Opus


def essence(mimetype: str) -> str:
    """`type/subtype`, lower case, without parameters, aliases resolved."""
    bare = mimetype.split(";", 1)[0].strip().lower()
    return _ALIASES.get(bare, bare)


def valid_mimetype(mimetype: str) -> bool:
    """`type/subtype`, optionally with parameters, and nothing a header cannot carry."""
    if not mimetype.isascii() or not mimetype.isprintable() or len(mimetype) > 255:
        return False
    return bool(_MIMETYPE.fullmatch(mimetype.split(";", 1)[0].strip().lower()))


def sniff(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return essence(kind.mime) if kind is not None else None


def is_ogg_opus(head: bytes) -> bool:
    # an Ogg stream whose first packet is Opus's identification header
    return head.startswith(b"OggS") and b"OpusHead" in head[:128]


def is_animated_webp(head: bytes) -> bool:
    # RIFF....WEBPVP8X, then the flags byte: bit 1 is "animation"
    return head[8:16] == b"WEBPVP8X" and len(head) > 20 and bool(head[20] & 0x02)


def max_bytes(settings: ServiceSettings, kind: str) -> int:
    """The most a file of this kind may have (a sticker: the animated cap; a static one
    is held to its own after sniffing, in `check`)."""
    return {
        "image": settings.media_max_image_bytes,
        "video": settings.media_max_video_bytes,
        "audio": settings.media_max_audio_bytes,
        "voice": settings.media_max_audio_bytes,
        "document": settings.media_max_document_bytes,
        "sticker": max(settings.media_max_sticker_bytes, settings.media_max_animated_sticker_bytes),
    }[kind]


def check(
    settings: ServiceSettings, kind: str, declared: str | None, head: bytes, size_bytes: int
) -> Checked:
    """The type the message will carry, or MediaRefused saying what is wrong."""
    if size_bytes == 0:
        raise MediaRefused("media_type_mismatch", "the file is empty")
    if declared is not None and not valid_mimetype(declared):
        raise MediaRefused("media_type_not_allowed", f"{declared!r} is not a media type")
    sniffed = sniff(head)
    named = essence(declared) if declared else None
    if named == GENERIC:
        named = declared = None  # says nothing about the bytes
    if named is not None and sniffed is not None and not _same(named, sniffed):
        raise MediaRefused(
            "media_type_mismatch",
            f"the file was declared {named} but its bytes are {sniffed}",
        )
    if kind == "document":
        return Checked(declared.strip() if declared else (sniffed or GENERIC))
    allowed = ALLOWED[kind]
    actual = sniffed or named
    if kind == "voice":
        if is_ogg_opus(head):
            return Checked(OGG_OPUS)
        if actual is not None and actual.startswith(("audio/", "video/")):
            return Checked(OGG_OPUS, needs_conversion=True)
    if actual is None or actual not in allowed or sniffed is None:
        shown = sniffed or "of a type that cannot be recognised"
        raise MediaRefused(
            "media_type_not_allowed" if sniffed else "media_type_mismatch",
            f"{_article(kind)} {kind} must be {' or '.join(sorted(allowed))}; the file is {shown}",
        )
    if kind == "sticker" and not is_animated_webp(head):
        if size_bytes > settings.media_max_sticker_bytes:
            raise MediaRefused(
                "media_too_large",
                f"a static sticker may have at most {settings.media_max_sticker_bytes} bytes",
            )
    return Checked(actual)


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _same(declared: str, sniffed: str) -> bool:
    if declared in (sniffed, GENERIC):
        return True
    # a zip-based document seen only as a zip
    return sniffed == "application/zip" and declared.startswith(_ZIP_BASED)
