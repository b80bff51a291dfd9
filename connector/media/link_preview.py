"""A text's link preview built as WhatsApp's apps build one: the page at the URL read for
its Open Graph title, description and image (`<title>` and the description meta tag when
it has none), and the image shrunk to a small JPEG thumbnail.

Both are fetched by the media URL fetcher (connector/media/url_fetch.py): the SSRF guard
on every connection, its timeout, a byte cap each. The connector builds it, so a
thumbnail never crosses the bus. A URL the guard refuses refuses the send
(`url_not_allowed`); a page or image that cannot be read otherwise leaves what could be
read (at worst the bare URL, as an app sends a text whose page it could not reach).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import logging
from dataclasses import dataclass, replace
from html.parser import HTMLParser

import httpx

from connector.engine import EngineError
from connector.media.url_fetch import UrlFetcher
from wagate.blobs import BlobStore
from wagate.blobs.keys import work_key
from wagate.content import LinkPreview, Text

log = logging.getLogger(__name__)

MAX_PAGE_BYTES = 2 * 1024 * 1024  # a bigger page is left unread: the bare URL goes
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a decompression bomb's declared size is refused unread
THUMBNAIL_PX = 192  # the longest side; WhatsApp's own thumbnails are about this size
# a preview is not worth holding a message up long (the apps send without one): both
# fetches together get this long, whatever the media fetch timeout is
PREVIEW_DEADLINE_S = 5.0
REFUSED = "url_not_allowed"


@dataclass
class PageMeta:
    title: str = ""
    description: str = ""
    image: str = ""  # as the page wrote it: absolute or relative to the page


class _MetaReader(HTMLParser):
    """The Open Graph tags of a page (og:title, og:description, og:image), and its
    <title> and description as the fallbacks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k.lower(): v or "" for k, v in attrs}
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = (named.get("property") or named.get("name") or "").lower()
            if key in ("og:title", "og:description", "og:image", "description"):
                self.found.setdefault(key, named.get("content", "").strip())

    def handle_endtag(self, tag: str) -> None:
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.found["title"] = self.found.get("title", "") + data


def page_meta(html: bytes) -> PageMeta:
    reader = _MetaReader()
    with contextlib.suppress(Exception):  # a page's markup is the page's problem, not a 500
        reader.feed(html.decode("utf-8", errors="replace"))
    f = reader.found
    return PageMeta(
        title=(f.get("og:title") or f.get("title", "")).strip()[:256],
        description=(f.get("og:description") or f.get("description", "")).strip()[:1024],
        image=f.get("og:image", ""),
    )


def thumbnail(image: bytes) -> bytes | None:
    """A small JPEG of the image; None for what is not an image PIL reads safely."""
    from PIL import Image  # here: most texts have no preview, and a connector starts without it

    try:
        with Image.open(io.BytesIO(image)) as img:
            if img.width * img.height > MAX_IMAGE_PIXELS:
                return None
            small = img.convert("RGB")
            small.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
            out = io.BytesIO()
            small.save(out, "JPEG", quality=70)
            return out.getvalue()
    except Exception:  # noqa: BLE001 - any bytes may come back; none may fail the send
        return None


class LinkPreviews:
    def __init__(
        self, fetcher: UrlFetcher, blobs: BlobStore, deadline_s: float = PREVIEW_DEADLINE_S
    ) -> None:
        self._fetcher = fetcher
        self._blobs = blobs
        self._deadline_s = deadline_s

    async def built(self, tenant_id: str, command_id: str, text: Text) -> Text:
        """`text` with its preview built, when it asks for one to be."""
        asked = text.link_preview
        if asked is None or not asked.build:
            return text
        meta, thumb = PageMeta(), None
        try:
            async with asyncio.timeout(self._deadline_s):
                page = await self._read(tenant_id, command_id, asked.url, "page", MAX_PAGE_BYTES)
                meta = page_meta(page)
                if meta.image:
                    image_url = _joined(asked.url, meta.image)
                    image = await self._read(
                        tenant_id, command_id, image_url, "og", MAX_IMAGE_BYTES
                    )
                    thumb = await asyncio.to_thread(thumbnail, image)
        except EngineError as e:
            if e.code == REFUSED:
                raise
            log.info("a link preview of %s is partial: %s", asked.url, e.message)
        except TimeoutError:
            log.info("a link preview of %s is partial: past %g s", asked.url, self._deadline_s)
        encoded = base64.b64encode(thumb).decode() if thumb else None
        preview = LinkPreview(asked.url, meta.title, meta.description, None, encoded)
        return replace(text, link_preview=preview)

    async def _read(self, tenant_id: str, command_id: str, url: str, name: str, cap: int) -> bytes:
        key = work_key(tenant_id, command_id, f"preview-{name}")
        try:
            await self._fetcher.fetch(tenant_id, url, self._blobs, key, cap)
            return b"".join([chunk async for chunk in self._blobs.get(key)])
        finally:
            with contextlib.suppress(Exception):
                await self._blobs.delete(key)


def _joined(page_url: str, image: str) -> str:
    try:
        return str(httpx.URL(page_url).join(image))
    except (httpx.InvalidURL, ValueError):
        raise EngineError("media_fetch_failed", "the page's image URL cannot be parsed") from None
