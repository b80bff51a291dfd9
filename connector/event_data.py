"""The bodies of the events that name a person or carry an engine's detail: one place
that decides what the tenant sees, whichever engine reported it (the bodies, and their
JSON, are in wagate/public_events.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from connector.engine import (
    Disconnected,
    GroupUpdate,
    IncomingMessage,
    Media,
    MessageEdited,
    MessageRevoked,
    Person,
    PollVoteReceived,
    PresenceChanged,
    ReactionReceived,
    Receipt,
)
from wagate.bus import Event
from wagate.content import Contacts, LiveLocation, Location, MessageContent, Poll
from wagate.public_events import (
    ContactInfo,
    Content,
    ErrorBody,
    GroupSettingsRef,
    GroupUpdateBody,
    LocationInfo,
    MediaInfo,
    MessageBody,
    MessageEditedBody,
    MessageRevokedBody,
    PersonRef,
    PollInfo,
    PollVoteBody,
    PresenceBody,
    ReactionBody,
    ReceiptBody,
    Sender,
    StateChanged,
    StatusBody,
)
from wagate.timestamps import iso_utc

EVENT_QUARANTINED = "event_quarantined"


def message_body(message: IncomingMessage, media_id: str | None = None) -> MessageBody:
    """An attachment's descriptor names its `id` (GET .../media/{id}) when it has a row."""
    return MessageBody(
        message_id=message.message_id,
        sender=message.sender,
        text=message.text,
        timestamp=message.timestamp_ms,
        from_lid=message.sender_lid or None,
        chat=message.chat or message.sender or message.sender_lid,
        author=_person_ref(Person(message.sender, message.sender_lid)) if message.chat else None,
        media=media_info(message.media, media_id) if message.media is not None else None,
        content=_content(message.content) if message.content is not None else None,
        ephemeral=True if message.flags.ephemeral else None,
        view_once=True if message.flags.view_once else None,
        mentions=[_person_ref(p) for p in message.mentions] or None,
        mention_all=True if message.mention_all else None,
    )


def status_body(message: IncomingMessage, media_id: str | None = None) -> StatusBody:
    """A message to WhatsApp's status broadcast: a contact's status update."""
    return StatusBody(
        message_id=message.message_id,
        sender=message.sender,
        text=message.text,
        timestamp=message.timestamp_ms,
        from_lid=message.sender_lid or None,
        push_name=message.push_name or None,
        media=media_info(message.media, media_id) if message.media is not None else None,
    )


def media_info(media: Media, media_id: str | None) -> MediaInfo:
    return MediaInfo(
        type=media.kind,
        mimetype=media.mimetype,
        caption=media.caption,
        filename=media.filename,
        size_bytes=media.size_bytes,
        sha256=media.sha256,
        duration_seconds=media.duration_s,
        width=media.width,
        height=media.height,
        video_note=True if media.video_note else None,
        id=media_id,
    )


def _content(content: MessageContent) -> Content:
    """An incoming location, contact cards or poll."""
    match content:
        case Location(latitude, longitude, name, address):
            location = LocationInfo(
                latitude=latitude, longitude=longitude, name=name or None, address=address or None
            )
            return Content(type="location", location=location)
        case LiveLocation():
            return Content(type="location", location=live_location_info(content))
        case Contacts(cards):
            contacts = [ContactInfo(name=c.display_name, vcard=c.vcard) for c in cards]
            return Content(type="contacts", contacts=contacts)
        case Poll(question, options, selectable):
            poll = PollInfo(question=question, options=options, selectable_count=selectable)
            return Content(type="poll", poll=poll)
    raise AssertionError(f"unknown content {content!r}")


def live_location_info(share: LiveLocation) -> LocationInfo:
    """A live location share as an event and the message store show it."""
    return LocationInfo(
        latitude=share.latitude,
        longitude=share.longitude,
        live=True,
        sequence_number=share.sequence,
        accuracy_meters=share.accuracy_m,
        speed_mps=share.speed_mps,
        heading_degrees=share.heading_deg,
        caption=share.caption or None,
    )


def receipt_body(receipt: Receipt) -> ReceiptBody:
    return ReceiptBody(
        message_id=receipt.message_id,
        to=receipt.peer,
        status=receipt.status,
        to_lid=receipt.peer_lid or None,
    )


def failed_body(event: Disconnected) -> StateChanged:
    """What a session that gave up says: the engine's detail, and for a temporary ban
    when WhatsApp lifts it (a restart before then meets the same refusal)."""
    until = None
    if event.until_ms is not None:
        until = iso_utc(datetime.fromtimestamp(event.until_ms / 1000, UTC))
    return StateChanged(detail=event.detail, until=until)


def quarantined_body(event: Event, tries: int) -> ErrorBody:
    """The `error` event of an event set aside (connector/quarantine.py): which event it
    was, and the message and chat it names, for the tenant to look up."""
    message_id, chat = event.data.get("messageId"), event.data.get("chat")
    return ErrorBody(
        code=EVENT_QUARANTINED,
        message=(
            f"the database refused to store this {event.type.value} event {tries} times: "
            "it was set aside for the operator, and the events after it go on"
        ),
        event_id=event.id,
        event_type=event.type.value,
        message_id=message_id if isinstance(message_id, str) else None,
        chat=chat if isinstance(chat, str) else None,
    )


# ---- messaging ----------------------------------------------------------------


def _sender(number: str | None, lid: str, chat: str) -> Sender:
    """`chat` as a message event has it: the group's id in a group, else the person's
    number (or LID)."""
    return Sender(sender=number, from_lid=lid or None, chat=chat or number or lid)


def reaction_body(event: ReactionReceived) -> ReactionBody:
    return ReactionBody(
        message_id=event.message_id,
        emoji=event.emoji,
        removed=event.emoji == "",
        timestamp=event.timestamp_ms,
        person=_sender(event.sender, event.sender_lid, event.chat),
    )


def edited_body(event: MessageEdited) -> MessageEditedBody:
    return MessageEditedBody(
        message_id=event.message_id,
        text=event.text,
        timestamp=event.timestamp_ms,
        person=_sender(event.sender, event.sender_lid, event.chat),
    )


def revoked_body(event: MessageRevoked) -> MessageRevokedBody:
    return MessageRevokedBody(
        message_id=event.message_id,
        timestamp=event.timestamp_ms,
        person=_sender(event.sender, event.sender_lid, event.chat),
    )


def poll_vote_body(event: PollVoteReceived, options: list[str]) -> PollVoteBody:
    """`options`: the names of the chosen options (the session knows its polls)."""
    return PollVoteBody(
        poll_id=event.poll_id,
        options=options,
        timestamp=event.timestamp_ms,
        person=_sender(event.voter, event.voter_lid, event.chat),
    )


def presence_body(event: PresenceChanged) -> PresenceBody:
    return PresenceBody(
        state=event.state,
        last_seen=event.last_seen_ms,
        person=_sender(event.peer, event.peer_lid, event.chat),
    )


def _person_ref(person: Person) -> PersonRef:
    return PersonRef(phone=person.phone, lid=person.lid or None)


def group_update_body(update: GroupUpdate) -> GroupUpdateBody:
    return GroupUpdateBody(
        group_id=update.group_id,
        action=update.action,
        by=_person_ref(update.by) if update.by is not None else None,
        timestamp=update.timestamp_ms,
        participants=[_person_ref(p) for p in update.participants] or None,
        subject=update.subject,
        description=update.description,
        settings=GroupSettingsRef.of(update.settings) if update.settings is not None else None,
        picture_id=update.picture_id,
    )
