"""JPEG headers of a chosen size, for profile picture tests: SOI, a JFIF segment, an EXIF-
sized segment (so the frame header is past the first few KiB, as in a phone's photo), the
frame header with the size, then the end. Only the header is real: nothing decodes it."""

from __future__ import annotations


def jpeg(width: int, height: int, padding: int = 6000) -> bytes:
    jfif = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    app1 = b"\xff\xe1" + (padding + 2).to_bytes(2, "big") + b"\x00" * padding
    frame = (
        b"\xff\xc0\x00\x0b\x08"
        + height.to_bytes(2, "big")
        + width.to_bytes(2, "big")
        + b"\x01\x01\x11\x00"
    )
    return b"\xff\xd8" + jfif + app1 + frame + b"\xff\xd9"
