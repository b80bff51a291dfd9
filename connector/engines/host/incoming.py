"""What arrives over a host session (messages, receipts, presence, group changes) as the
connector's ingest events. Pure functions of the host's event models."""

from __future__ import annotations

import base64
import logging

from connector.engine import (
    MEDIA_KINDS,
    CallChanged,
    ChatStateChanged,
    ContactNamed,
    GroupUpdate,
    HistoryBatch,
    HistoryMessage,
    IncomingMessage,
    IngestEvent,
    Media,
    MessageEdited,
    MessageFlags,
    MessageRevoked,
    Person,
    PollVoteReceived,
    PresenceChanged,
    ReactionReceived,
    Receipt,
)
from connector.engines.host import groups
from connector.engines.host.jids import person
from connector.engines.host.messages import (
    CallEvent,
    ChatPresenceEvent,
    ChatStateEvent,
    ContactNameEvent,
    Content,
    GroupUpdateEvent,
    HistoryEvent,
    MediaInfo,
    MessageFields,
    PresenceEvent,
    ReceiptEvent,
)
from wagate.content import (
    STATUS_CHAT,
    ContactCard,
    Contacts,
    LiveLocation,
    Location,
    MessageContent,
    Poll,
)

log = logging.getLogger(__name__)

# WhatsApp's receipt types (`""` is delivery) as the connector's receipt statuses
_RECEIPTS = {"": "delivered", "read": "read", "played": "read"}  # a note played was read
MEDIA_REUPLOAD = "server-error"  # the media host lost an attachment: never a failed message


def _media(kind: str, info: MediaInfo) -> Media:
    ref = info.ref
    sha256 = base64.b64decode(ref.file_sha256).hex() if ref is not None else ""
    return Media(
        kind=kind,
        mimetype=info.mimetype,
        caption=info.caption,
        filename=info.filename,
        size_bytes=info.size_bytes or 0,
        sha256=sha256,
        duration_s=info.duration_s,
        width=info.width,
        height=info.height,
        video_note=bool(info.video_note),
        # what `download` needs, stored by the connector (JSON)
        ref={
            "kind": kind,
            "size_bytes": info.size_bytes,
            **(ref.model_dump(exclude_none=True) if ref else {}),
        },
    )


def _message_content(content: Content) -> MessageContent | None:
    if content.location is not None:
        loc = content.location
        if loc.live:
            return LiveLocation(
                loc.latitude, loc.longitude, loc.sequence, loc.accuracy_m, loc.speed_mps,
                loc.heading_deg, loc.caption,
            )  # fmt: skip
        return Location(loc.latitude, loc.longitude, loc.name, loc.address)
    if content.contacts is not None:
        return Contacts([ContactCard(c.display_name, c.vcard) for c in content.contacts])
    if content.poll is not None:
        return Poll(content.poll.question, content.poll.options, content.poll.selectable)
    return None


def message(event: MessageFields) -> IngestEvent | None:
    """A message to the business as its event; None for what is none (own messages from
    the phone, broadcast lists, kinds the host could not name). A contact's status update
    keeps the status broadcast as its chat (whatsmeow marks it a group's)."""
    if event.flags.from_me or (event.chat.endswith("@broadcast") and event.chat != STATUS_CHAT):
        return None
    phone, lid = person(event.sender, event.sender_alt)
    at, chat = event.timestamp_ms, event.chat if event.flags.group else ""
    content, own_id = event.content, event.message_id
    target = content.target.message_id if content.target is not None else ""
    match content.kind:
        case "reaction":
            return ReactionReceived(target, phone, content.text or "", at, lid, chat, own_id)
        case "edit":
            return MessageEdited(target, phone, content.text or "", at, lid, chat, own_id)
        case "revoke":
            return MessageRevoked(target, phone, at, lid, chat, own_id)
        case "poll_vote":
            if content.vote is None:  # the host could not decrypt it
                log.warning("a poll vote %s could not be decrypted", own_id)
                return None
            hashes = content.vote.option_hashes
            return PollVoteReceived(target, phone, hashes, at, lid, chat, own_id)
    flags = MessageFlags(event.flags.ephemeral, event.flags.view_once)
    media = None
    if content.kind in MEDIA_KINDS and content.media is not None:
        media = _media(content.kind, content.media)
    found = _message_content(content)
    if content.kind != "text" and media is None and found is None:
        log.info("a message of a kind not handled here: %s %s", content.kind, content.fields)
        return None
    text = media.caption if media is not None else (content.text or "")
    return IncomingMessage(
        own_id,
        phone,
        text,
        at,
        media,
        lid,
        flags,
        found,
        chat,
        push_name=event.push_name,
        mentions=tuple(Person(*person(jid)) for jid in event.mentions),
        mention_all=event.mention_all,
    )


def history(event: HistoryEvent) -> HistoryBatch:
    """A history frame as a batch: its messages mapped as live ones are (own messages
    too), each with its chat; reactions, edits and kinds not kept are left out."""
    kept = (_history_message(m) for m in event.messages)
    names = ((person(p.jid), p.name) for p in event.push_names)
    return HistoryBatch(
        event.sync_type,
        event.chunk_order,
        event.progress,
        tuple(m for m in kept if m is not None),
        tuple((phone or lid, name) for (phone, lid), name in names if phone or lid),
        event.last,
    )


def _history_message(fields: MessageFields) -> HistoryMessage | None:
    if fields.chat.endswith("@broadcast"):  # statuses too: no chat's messages
        return None
    from_me = fields.flags.from_me
    # mapped as a message to the business, which `message` skips an own one for
    as_received = fields.model_copy(
        update={"flags": fields.flags.model_copy(update={"from_me": False})}
    )
    mapped = message(as_received)
    if not isinstance(mapped, IncomingMessage):
        return None
    if fields.flags.group:
        chat = fields.chat
    else:
        phone, lid = person(fields.chat)
        chat = phone or lid
    return HistoryMessage(mapped, chat, from_me) if chat else None


def receipts(event: ReceiptEvent) -> list[Receipt]:
    """Receipts of a person for messages this session sent (1:1 chats; a group's receipts
    name no message status the connector keeps). Other types (retry, sender, inactive,
    newer ones) say nothing about a message's fate here."""
    status = _RECEIPTS.get(event.kind)
    if status is None or event.chat.endswith("@g.us"):
        return []
    phone, lid = person(event.chat, event.sender, event.sender_alt)
    return [Receipt(message_id, phone, status, lid) for message_id in event.message_ids]


def presence(event: PresenceEvent) -> PresenceChanged:
    phone, lid = person(event.jid)
    if event.available:
        return PresenceChanged(phone, "available", None, lid)
    return PresenceChanged(phone, "unavailable", event.last_seen_ms or None, lid)


def chat_presence(event: ChatPresenceEvent) -> PresenceChanged:
    phone, lid = person(event.sender, event.sender_alt)
    chat = event.chat if event.chat.endswith("@g.us") else ""
    return PresenceChanged(phone, event.state, None, lid, chat)


def call(event: CallEvent) -> CallChanged:
    """A terminate for a call nobody answered (reason timeout) is a missed call, as
    WhatsApp's clients show it."""
    phone, lid = person(event.caller, event.caller_alt)
    missed = event.status == "terminate" and event.reason == "timeout"
    return CallChanged(
        call_id=event.call_id,
        caller=phone,
        status="missed" if missed else event.status,
        video=event.video,
        timestamp_ms=event.timestamp_ms,
        caller_lid=lid,
        group_id=event.group_jid,
        group=event.group or bool(event.group_jid),
    )


def chat_state(event: ChatStateEvent) -> ChatStateChanged:
    """A chat as the store names it: a group by its id, a person by number (or LID)."""
    phone, lid = person(event.chat)
    chat = event.chat if event.chat.endswith("@g.us") else (phone or lid)
    return ChatStateChanged(chat, event.state, event.on, event.muted_until_ms)


def contact_name(event: ContactNameEvent) -> ContactNamed:
    phone, lid = person(event.jid, event.lid)
    return ContactNamed(phone, event.name, lid)


def group_update(event: GroupUpdateEvent) -> GroupUpdate:
    by = Person(*person(event.by, event.by_alt)) if event.by else None
    people = tuple(Person(*person(p.jid, p.alt)) for p in event.participants)
    description = event.description
    if event.action == "description" and description is None:
        description = ""  # the host omits an empty one: the description was removed
    settings = groups.settings(event.settings) if event.settings is not None else None
    return GroupUpdate(
        event.group,
        event.action,
        by,
        event.timestamp_ms,
        people,
        event.subject,
        description,
        settings,
        event.picture_id,
    )
