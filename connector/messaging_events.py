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
    edited_body,
    poll_vote_body,
    presence_body,
    reaction_body,
    revoked_body,
)
from wagate import public_events
from wagate.bus import Event, stable_event_id
from wagate.content import option_hash
from wagate.public_events import Body

MessagingAction = ReactionReceived | MessageEdited | MessageRevoked | PollVoteReceived


@dataclass(frozen=True)
class IncomingAction:
    event: Event
    message_id: str  # the action's own id at WhatsApp ("": none given, not de-duplicated)
    peer: str  # the chat it came in (a number, a LID when no number is known, a group)
    timestamp_ms: int
    chosen: list[str]  # a vote's options, by name ([] for the others)


def incoming_action(
    tenant_id: str, action: MessagingAction, poll_options: list[str] | None = None
) -> IncomingAction:
    """`poll_options`: a vote's poll's options, to name the chosen ones by."""
    body: Body
    chosen: list[str] = []
    match action:
        case ReactionReceived():
            body, own_id = reaction_body(action), action.reaction_id
            person, lid = action.sender, action.sender_lid
        case MessageEdited():
            body, own_id = edited_body(action), action.edit_id
            person, lid = action.sender, action.sender_lid
        case MessageRevoked():
            body, own_id = revoked_body(action), action.revoke_id
            person, lid = action.sender, action.sender_lid
        case PollVoteReceived():
            by_hash = {option_hash(o): o for o in poll_options or []}
            chosen = [by_hash[h] for h in action.option_hashes if h in by_hash]
            body, own_id = poll_vote_body(action, chosen), action.vote_id
            person, lid = action.voter, action.voter_lid
    event_id = stable_event_id(tenant_id, body.KIND.value, own_id) if own_id else None
    event = public_events.event(tenant_id, body, id=event_id)
    peer = action.chat or person or lid
    return IncomingAction(event, own_id, peer, action.timestamp_ms, chosen)


def presence_event(tenant_id: str, presence: PresenceChanged) -> Event:
    return public_events.event(tenant_id, presence_body(presence))
