"""A profile picture's size read from its JPEG header, wherever the frame header is."""

from __future__ import annotations

import pytest

from tests.pictures import jpeg
from wagate.picture import PictureRefused, checked_size, jpeg_size


def test_the_size_comes_from_the_frame_header_past_an_exif_segment() -> None:
    assert jpeg_size(jpeg(640, 480)) == (640, 480)
    assert jpeg_size(jpeg(300, 200, padding=60_000)) == (300, 200)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,  # an image, not a JPEG
        b"\xff\xd8\xff\xe0\x00\x10JFIF",  # cut off before its frame header
        jpeg(640, 480)[:-17],  # cut inside the frame header
        b"\xff\xd8" + b"\x00" * 64,  # no marker after the start
        b"\xff\xd8\xff\xda\x00\x08" + b"\x00" * 16,  # image data before any frame header
    ],
)
def test_what_is_not_a_whole_jpeg_header_is_refused(data: bytes) -> None:
    with pytest.raises(PictureRefused):
        jpeg_size(data)


def test_sides_outside_what_whatsapp_takes_are_refused() -> None:
    assert checked_size(jpeg(192, 4096)) == (192, 4096)
    for width, height in [(1, 1), (191, 640), (640, 4097)]:
        with pytest.raises(PictureRefused):
            checked_size(jpeg(width, height))
