"""A link preview's page reading and thumbnail (connector/media/link_preview.py), on
bytes: what a page's markup and an image's bytes become, whatever they are."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from connector.engine import EngineError
from connector.media.link_preview import (
    THUMBNAIL_PX,
    LinkPreviews,
    PageMeta,
    page_meta,
    thumbnail,
)
from wagate.blobs.keys import work_key
from wagate.blobs.local import LocalBlobStore
from wagate.content import LinkPreview, Text


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


class _Fetcher:
    """The media URL fetcher's part a preview uses: a page at once, an image never, or a
    refusal by the SSRF guard."""

    def __init__(self, page: bytes, refuse: bool = False) -> None:
        self.page, self.refuse = page, refuse

    async def fetch(
        self, tenant_id: str, url: str, blobs: Any, key: str, max_bytes: int
    ) -> tuple[Any, str | None]:
        if self.refuse:
            raise EngineError("url_not_allowed", "the media URL is refused: a loopback address")
        if url.endswith(".png"):
            await asyncio.sleep(3600)  # an image that never comes

        async def one() -> AsyncIterator[bytes]:
            yield self.page

        return await blobs.put(key, one()), "text/html"


async def test_a_slow_image_leaves_what_the_page_said_and_a_refusal_refuses(
    tmp_path: Path,
) -> None:
    page = b'<meta property="og:title" content="T"><meta property="og:image" content="/i.png">'
    blobs = LocalBlobStore(str(tmp_path))
    asked = Text(
        "see https://a.example/p", link_preview=LinkPreview("https://a.example/p", build=True)
    )
    slow = LinkPreviews(_Fetcher(page), blobs, deadline_s=0.2)  # type: ignore[arg-type]
    built = await slow.built("co", "cmd-1", asked)
    assert built.link_preview == LinkPreview("https://a.example/p", "T")
    refusing = LinkPreviews(_Fetcher(page, refuse=True), blobs)  # type: ignore[arg-type]
    with pytest.raises(EngineError) as refused:
        await refusing.built("co", "cmd-2", asked)
    assert refused.value.code == "url_not_allowed"
    for key in ("preview-page", "preview-og"):  # the work blobs went
        assert await blobs.stat(work_key("co", "cmd-1", key)) is None
