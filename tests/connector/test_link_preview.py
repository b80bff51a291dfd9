"""A link preview's page reading and thumbnail (connector/media/link_preview.py), on
bytes: what a page's markup and an image's bytes become, whatever they are."""

from __future__ import annotations

import io

from PIL import Image

from connector.media.link_preview import THUMBNAIL_PX, PageMeta, page_meta, thumbnail


def test_open_graph_tags_first_then_the_title_and_description() -> None:
    page = b"""<html><head><title> Plain title </title>
      <meta name="description" content="plain description">
      <meta property="og:title" content="OG &amp; title">
      <meta property="og:image" content="/img/card.png">
    </head><body><meta property="og:title" content="not this one"></body></html>"""
    assert page_meta(page) == PageMeta("OG & title", "plain description", "/img/card.png")
    assert page_meta(b"<title>Only a title</title>") == PageMeta("Only a title")
    # whatever a page holds, it is read as far as it goes, never an error
    for junk in (b"", b"\xff\xfe<<<meta", b"<meta property=og:title content>", b"<" * 5000):
        assert isinstance(page_meta(junk), PageMeta)


def test_a_thumbnail_is_a_small_jpeg_and_what_is_no_image_is_none() -> None:
    big = io.BytesIO()
    Image.new("RGB", (1200, 600), (200, 10, 10)).save(big, "PNG")
    small = thumbnail(big.getvalue())
    assert small is not None and small[:3] == b"\xff\xd8\xff"
    with Image.open(io.BytesIO(small)) as img:
        assert img.size == (THUMBNAIL_PX, THUMBNAIL_PX // 2)
    assert thumbnail(b"<html>not an image</html>") is None
    assert thumbnail(b"") is None
