"""neonize's messages for the messaging kinds, both ways: the waE2E messages a location,
contact cards, a poll, a reaction, an edit and a revoke are sent as, and the engine
events made of what arrives (reactions, edits, revokes, poll votes, presence, and
locations / contact cards / polls as messages). Pure functions of protobuf messages,
tested offline as mapping.py is."""

from __future__ import annotations

import secrets

from neonize.proto import Neonize_pb2 as neonize
from neonize.proto.waCommon import WACommon_pb2 as common
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as wa

from connector.engine import (
    EngineEvent,
    IncomingMessage,
    MessageEdited,
    MessageRevoked,
    PollVoteReceived,
    PresenceChanged,
    Quote,
    ReactionReceived,
)
from connector.engines.whatsmeow.group_mapping import GROUP_SERVER
from connector.engines.whatsmeow.mapping import incoming_message, person
from wagate.content import ContactCard, Contacts, Location, MessageContent, Poll


def chat_address(chat: str) -> tuple[str, str]:
    """(user, server) of a chat wagate names by number or group id."""
    if chat.endswith("@" + GROUP_SERVER):
        return chat.removesuffix("@" + GROUP_SERVER), GROUP_SERVER
    return chat, "s.whatsapp.net"


def _jid_text(chat: str) -> str:
    user, server = chat_address(chat)
    return f"{user}@{server}"


def _context(quote: Quote | None) -> wa.ContextInfo | None:
    if quote is None:
        return None
    return wa.ContextInfo(
        stanzaID=quote.message_id,
        participant=f"{quote.sender}@s.whatsapp.net",
        quotedMessage=wa.Message(conversation=""),
    )


# ---- outgoing ---------------------------------------------------------------------------


def location_message(location: Location, quote: Quote | None) -> wa.Message:
    return wa.Message(
        locationMessage=wa.LocationMessage(
            degreesLatitude=location.latitude,
            degreesLongitude=location.longitude,
            name=location.name or None,
            address=location.address or None,
            contextInfo=_context(quote),
        )
    )


def contacts_message(cards: list[ContactCard], quote: Quote | None) -> wa.Message:
    """One card as a contact message; several as a contacts array, as the apps send."""
    contacts = [wa.ContactMessage(displayName=c.display_name, vcard=c.vcard) for c in cards]
    if len(contacts) == 1:
        contacts[0].contextInfo.CopyFrom(_context(quote) or wa.ContextInfo())
        if quote is None:
            contacts[0].ClearField("contextInfo")
        return wa.Message(contactMessage=contacts[0])
    return wa.Message(
        contactsArrayMessage=wa.ContactsArrayMessage(
            displayName=f"{len(cards)} contacts", contacts=contacts, contextInfo=_context(quote)
        )
    )


def poll_message(poll: Poll, quote: Quote | None, secret: bytes | None = None) -> wa.Message:
    """A poll with its 32-byte message secret, as whatsmeow's BuildPollCreation makes it:
    whatsmeow keeps the secret when it sends the message, and decrypts votes with it."""
    return wa.Message(
        pollCreationMessage=wa.PollCreationMessage(
            name=poll.question,
            options=[wa.PollCreationMessage.Option(optionName=o) for o in poll.options],
            selectableOptionsCount=poll.selectable,
            contextInfo=_context(quote),
        ),
        messageContextInfo=wa.MessageContextInfo(
            messageSecret=secret if secret is not None else secrets.token_bytes(32)
        ),
    )


def _target_key(chat: str, target: Quote, own_phone: str) -> common.MessageKey:
    from_me = target.sender == own_phone
    key = common.MessageKey(remoteJID=_jid_text(chat), fromMe=from_me, ID=target.message_id)
    if not from_me and chat.endswith("@" + GROUP_SERVER):
        key.participant = f"{target.sender}@s.whatsapp.net"
    return key


def reaction_message(
    chat: str, target: Quote, own_phone: str, emoji: str, now_ms: int
) -> wa.Message:
    key = _target_key(chat, target, own_phone)
    return wa.Message(
        reactionMessage=wa.ReactionMessage(key=key, text=emoji, senderTimestampMS=now_ms)
    )


def pin_message(
    chat: str, target: Quote, own_phone: str, duration_s: int, now_ms: int
) -> wa.Message:
    """As WhatsApp's apps send it: the pin, and for how long in the message's context
    (0 with an unpin)."""
    kind = wa.PinInChatMessage.PIN_FOR_ALL if duration_s else wa.PinInChatMessage.UNPIN_FOR_ALL
    pin = wa.PinInChatMessage(
        key=_target_key(chat, target, own_phone), type=kind, senderTimestampMS=now_ms
    )
    context = wa.MessageContextInfo(messageAddOnDurationInSecs=duration_s)
    return wa.Message(pinInChatMessage=pin, messageContextInfo=context)


def edit_message(chat: str, target_id: str, text: str, now_ms: int) -> wa.Message:
    key = common.MessageKey(remoteJID=_jid_text(chat), fromMe=True, ID=target_id)
    return wa.Message(
        protocolMessage=wa.ProtocolMessage(
            key=key,
            type=wa.ProtocolMessage.MESSAGE_EDIT,
            editedMessage=wa.Message(conversation=text),
            timestampMS=now_ms,
        )
    )


def revoke_message(chat: str, target_id: str) -> wa.Message:
    key = common.MessageKey(remoteJID=_jid_text(chat), fromMe=True, ID=target_id)
    return wa.Message(protocolMessage=wa.ProtocolMessage(key=key, type=wa.ProtocolMessage.REVOKE))


# ---- incoming ---------------------------------------------------------------------------


def _group_of(source: neonize.MessageSource) -> str:
    return f"{source.Chat.User}@{GROUP_SERVER}" if source.IsGroup else ""


def incoming_event(event: neonize.Message) -> EngineEvent | None:
    """What a MessageEv is to the tenant: a reaction, an edit, a revoke, a message with
    content (location, contacts, poll) or text/media (mapping.incoming_message); None for
    what is not for the tenant. A poll vote needs decrypting first (`is_poll_vote`,
    `poll_vote`)."""
    source = event.Info.MessageSource
    if source.IsFromMe or source.Chat.Server == "broadcast":
        return None
    message = event.Message
    phone, lid = person(source.Sender, source.SenderAlt)
    at, own_id, chat = int(event.Info.Timestamp), event.Info.ID, _group_of(source)
    if message.HasField("reactionMessage"):
        reaction = message.reactionMessage
        return ReactionReceived(reaction.key.ID, phone, reaction.text, at, lid, chat, own_id)
    if message.HasField("protocolMessage"):
        protocol = message.protocolMessage
        if protocol.type == wa.ProtocolMessage.MESSAGE_EDIT:
            edited = protocol.editedMessage
            text = (
                edited.conversation
                if edited.HasField("conversation")
                else edited.extendedTextMessage.text
            )
            return MessageEdited(protocol.key.ID, phone, text, at, lid, chat, own_id)
        if protocol.type == wa.ProtocolMessage.REVOKE:
            return MessageRevoked(protocol.key.ID, phone, at, lid, chat, own_id)
        return None
    content = message_content(message)
    if content is not None:
        return IncomingMessage(
            message_id=own_id, sender=phone, text="", timestamp_ms=at, sender_lid=lid,
            content=content,
        )  # fmt: skip
    return incoming_message(event)


def message_content(message: wa.Message) -> MessageContent | None:
    if message.HasField("locationMessage"):
        loc = message.locationMessage
        return Location(loc.degreesLatitude, loc.degreesLongitude, loc.name, loc.address)
    if message.HasField("contactMessage"):
        card = message.contactMessage
        return Contacts([ContactCard(card.displayName, card.vcard)])
    if message.HasField("contactsArrayMessage"):
        cards = message.contactsArrayMessage.contacts
        return Contacts([ContactCard(c.displayName, c.vcard) for c in cards])
    for field in ("pollCreationMessage", "pollCreationMessageV2", "pollCreationMessageV3"):
        if message.HasField(field):
            poll = getattr(message, field)
            options = [o.optionName for o in poll.options]
            return Poll(poll.name, options, poll.selectableOptionsCount or len(options))
    return None


def is_poll_vote(event: neonize.Message) -> bool:
    source = event.Info.MessageSource
    return not source.IsFromMe and event.Message.HasField("pollUpdateMessage")


def poll_vote(event: neonize.Message, vote: wa.PollVoteMessage) -> PollVoteReceived:
    """A vote, with `vote` what neonize's decrypt_poll_vote made of it (option hashes)."""
    source = event.Info.MessageSource
    phone, lid = person(source.Sender, source.SenderAlt)
    return PollVoteReceived(
        poll_id=event.Message.pollUpdateMessage.pollCreationMessageKey.ID,
        voter=phone,
        option_hashes=[bytes(h).hex() for h in vote.selectedOptions],
        timestamp_ms=int(event.Info.Timestamp),
        voter_lid=lid,
        chat=_group_of(source),
        vote_id=event.Info.ID,
    )


def presence(event: neonize.Presence) -> PresenceChanged:
    phone, lid = person(event.From)
    if not event.Unavailable:
        return PresenceChanged(phone, "available", None, lid)
    last_seen = event.LastSeen * 1000 if event.LastSeen > 0 else None
    return PresenceChanged(phone, "unavailable", last_seen, lid)


def chat_presence(event: neonize.ChatPresence) -> PresenceChanged:
    source = event.MessageSource
    phone, lid = person(source.Sender, source.SenderAlt)
    if event.State == neonize.ChatPresence.PAUSED:
        state = "paused"
    elif event.Media == neonize.ChatPresence.AUDIO:
        state = "recording"
    else:
        state = "typing"
    return PresenceChanged(phone, state, None, lid, _group_of(source))
