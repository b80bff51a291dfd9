"""What a send carries, as the host's `content`: one Outgoing to one Content."""

from __future__ import annotations

from connector.engine import Attachment, Outgoing, OutgoingMedia, PinTo, Quote, ReactTo
from connector.engines.host.jids import to_jid
from connector.engines.host.messages import (
    Card,
    Content,
    LocationInfo,
    MediaInfo,
    PollInfo,
    Target,
)
from wagate.content import Contacts, Edit, Location, Poll, Revoke, Text


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
        path=path,
    )


def content_of(item: Outgoing, path: str | None = None) -> Content:
    """`path`: where an Attachment's bytes were written for the host to read."""
    match item:
        case Text(text):
            return Content(kind="text", text=text)
        case Attachment(media):
            assert path is not None, "an attachment is sent from a file"
            return Content(kind=media.kind, media=media_info(media, path))
        case Location(latitude, longitude, name, address):
            place = LocationInfo(latitude=latitude, longitude=longitude, name=name, address=address)
            return Content(kind="location", location=place)
        case Contacts(cards):
            found = [Card(display_name=c.display_name, vcard=c.vcard) for c in cards]
            return Content(kind="contacts", contacts=found)
        case Poll(question, options, selectable):
            poll = PollInfo(question=question, options=options, selectable=selectable)
            return Content(kind="poll", poll=poll)
        case ReactTo(target, emoji):
            return Content(kind="reaction", target=target_of(target), text=emoji)
        case PinTo(target, duration_s):
            return Content(kind="pin", target=target_of(target), seconds=duration_s)
        case Edit(message_id, text):
            return Content(kind="edit", target=Target(message_id=message_id), text=text)
        case Revoke(message_id):
            return Content(kind="revoke", target=Target(message_id=message_id))
    raise TypeError(f"no content for {type(item).__name__}")
