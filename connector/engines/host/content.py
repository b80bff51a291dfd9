"""What a send carries, as the host's `content` (and `target`, `quote`), for any kind."""

from __future__ import annotations

from typing import Any

from connector.engine import Attachment, Outgoing, OutgoingMedia, Quote
from connector.engines.host.jids import to_jid
from connector.engines.host.messages import Content, MediaInfo, Target
from wagate.bus.codec import encode


def target_of(quote: Quote) -> Target:
    return Target(message_id=quote.message_id, sender=to_jid(quote.sender) if quote.sender else "")


def media_info(media: OutgoingMedia, path: str) -> MediaInfo:
    return MediaInfo(
        mimetype=media.mimetype,
        caption=media.caption,
        filename=media.filename,
        duration_s=media.duration_s,
        width=media.width,
        height=media.height,
        size_bytes=media.size_bytes,
        view_once=media.view_once or None,
        forwarded=media.forwarded or None,
        mentions=list(media.mentions) or None,
        mention_all=media.mention_all or None,
        path=path,
    )


def content_of(item: Outgoing, path: str | None = None) -> dict[str, Any]:
    """The host's `content` of a send: any kind as the bus encodes it (the host's builder
    for the kind decodes it); an attachment as its file, at `path`, where its bytes were
    written for the host to read."""
    if isinstance(item, Attachment):
        assert path is not None, "an attachment is sent from a file"
        file = Content(kind=item.media.kind, media=media_info(item.media, path))
        return file.model_dump(exclude_none=True)
    wire: dict[str, Any] = encode(item)
    return wire
