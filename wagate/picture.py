"""A profile picture's bytes, checked as WhatsApp takes them: a JPEG (whatsmeow's picture
call refuses other formats) whose header gives its size, within the sides allowed.

Only the header is read (the markers up to the frame header that holds the size), not
the image decoded: what a malformed JPEG past its header holds is WhatsApp's to refuse.
"""

from __future__ import annotations

MIN_SIDE = 192  # the smallest picture WhatsApp's apps take
MAX_SIDE = 4096
_SOI = b"\xff\xd8"
# start-of-frame markers (baseline, progressive, …): not DHT (C4), JPG (C8), DAC (CC)
_FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RSTn: no length follows


class PictureRefused(ValueError):
    """Why the bytes are not a profile picture (the API's `picture_invalid`)."""


def jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) from the JPEG's frame header; PictureRefused if none is found."""
    if not data.startswith(_SOI):
        raise PictureRefused("the picture is not a JPEG")
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise PictureRefused("the JPEG's markers are malformed")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _STANDALONE:
            at += 2
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if marker in _FRAME_MARKERS:
            if at + 9 > len(data) or length < 7:
                break
            height = int.from_bytes(data[at + 5 : at + 7], "big")
            width = int.from_bytes(data[at + 7 : at + 9], "big")
            return width, height
        if marker == 0xDA or length < 2:  # image data before any frame header
            break
        at += 2 + length
    raise PictureRefused("the JPEG has no frame header giving its size")


def checked_size(data: bytes) -> tuple[int, int]:
    """The picture's size, if it is a JPEG with sides within MIN_SIDE..MAX_SIDE."""
    width, height = jpeg_size(data)
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise PictureRefused(
            f"the picture is {width}x{height}; each side must be {MIN_SIDE} to {MAX_SIDE} pixels"
        )
    return width, height
