"""Incoming reactions, edits, revokes and poll votes as the tenant's events.

Each is a message of its own at WhatsApp (with its own id), so the session logs it as
an incoming message in the transaction that publishes its event: one event however
often the network sends it. Presence is not a message: it is published as it comes.
"""

from __future__ import annotations

from dataclasses import dataclass

from connector.engine import (
    MessageEdited,
    MessageRevoked,
    PollVoteReceived,
    PresenceChanged,
    ReactionReceived,
)
from connector.event_data import (
    edited_data,
    poll_vote_data,
    presence_data,
    reaction_data,
    revoked_data,
)
from wagate.bus import Event, EventType, stable_event_id
from wagate.content import option_hash

MessagingAction = ReactionReceived | MessageEdited | MessageRevoked | PollVoteReceived


@dataclass(frozen=True)
class IncomingAction:
    event: Event
    message_id: str  # the action's own id at WhatsApp ("": none given, not de-duplicated)
    peer: str  # the chat it came in (a number, a LID when no number is known, a group)
    timestamp_ms: int


def incoming_action(
    tenant_id: str, action: MessagingAction, poll_options: list[str] | None = None
) -> IncomingAction:
    """`poll_options`: a vote's poll's options, to name the chosen ones by."""
    match action:
        case ReactionReceived():
            kind, data, own_id = EventType.REACTION, reaction_data(action), action.reaction_id
            person, lid = action.sender, action.sender_lid
        case MessageEdited():
            kind, data, own_id = EventType.MESSAGE_EDITED, edited_data(action), action.edit_id
            person, lid = action.sender, action.sender_lid
        case MessageRevoked():
            kind, data, own_id = EventType.MESSAGE_REVOKED, revoked_data(action), action.revoke_id
            person, lid = action.sender, action.sender_lid
        case PollVoteReceived():
            by_hash = {option_hash(o): o for o in poll_options or []}
            chosen = [by_hash[h] for h in action.option_hashes if h in by_hash]
            kind, data, own_id = EventType.POLL_VOTE, poll_vote_data(action, chosen), action.vote_id
            person, lid = action.voter, action.voter_lid
    event_id = stable_event_id(tenant_id, kind.value, own_id) if own_id else None
    event = (
        Event(kind, tenant_id, data, id=event_id)
        if event_id is not None
        else Event(kind, tenant_id, data)
    )
    peer = action.chat or person or lid
    return IncomingAction(event, own_id, peer, action.timestamp_ms)


def presence_event(tenant_id: str, presence: PresenceChanged) -> Event:
    return Event(EventType.PRESENCE, tenant_id, presence_data(presence))
