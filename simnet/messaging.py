"""Messages beyond text on the sim network, modelled as WhatsApp does.

A location, contact cards and a poll are messages with a `kind` and its fields. A
reaction, a pin, a keep, an edit, a revoke and a poll vote are messages too, each with its own id,
naming the message they act on (`target`); the network routes them like any message and
the receiving phone applies them: an edit only from the message's sender and within
the edit window (WhatsApp's receivers ignore a later one), a revoke only from its
sender, a vote only when it decrypts with the poll's secret. Read marks and presence are
not messages: the phone sees them as activity (GET /phones/{phone}/activity).

Each kind's content, as a phone keeps it (its inbox, "message" frames to devices); a
device sends it as wagate's bus encodes it, and `from_device` makes it this:
    location   {"latitude", "longitude", "name"?, "address"?}
    live_location  {"latitude", "longitude", "sequence", "accuracy_m"?, "speed_mps"?,
               "heading_deg"?, "caption"?}   a phone's share (start: sequence 1) and each
               update; phones send it, devices do not (wagate has no position to share)
    contacts   {"contacts": [{"name", "vcard"}]}
    poll       {"question", "options", "selectable", "secret"}   secret: base64, 32 bytes
    reaction   {"target": {"id", "from"}, "emoji"}                "" removes it
    edit       {"target": {"id"}, "text"}     the receiver ignores it after 20 minutes
    revoke     {"target": {"id"}}
    pin        {"target": {"id", "from"}, "seconds"}   0 unpins; the phone shows pinnedUntil
    keep       {"target": {"id", "from"}, "keep"}   false undoes it; the phone shows kept
A new kind a device sends is its entry in FROM_DEVICE and its case in `arrived`.

What a message says beside its content, that its recipient sees (WhatsApp's ContextInfo
and view-once wrapper), is its context (`context_of`): the fields of the send frame and
of the message frame, the same for every kind:
    mentions      ["<number>", ...]   the numbers the text or caption names as "@<number>"
    mention_all   true                the text's "@all" mentions every member of the group
    view_once     true                an image, video or voice note opened once
    forwarded     true                sent as a forward of another message
    link_preview  {"url", "title", "description", "thumbnail"?}   a text's preview card
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simnet.poll_crypto import decrypt_vote, encrypt_vote
from wagate.content import EDIT_WINDOW_S, option_hash

TEXT = "text"
LOCATION = "location"
LIVE_LOCATION = "live_location"
CONTACTS = "contacts"
POLL = "poll"
REACTION = "reaction"
EDIT = "edit"
REVOKE = "revoke"
POLL_VOTE = "poll_vote"
PIN = "pin"
KEEP = "keep"
ACTIONS = (REACTION, EDIT, REVOKE, POLL_VOTE, PIN, KEEP)  # each names the message it acts on
# what a phone sends as a message of its own
CONTENT_KINDS = (LOCATION, LIVE_LOCATION, CONTACTS, POLL)
PRESENCE_STATES = frozenset({"available", "unavailable"})
CHAT_STATES = frozenset({"typing", "recording", "paused"})


@dataclass
class Applied:
    """What happened to one message in a phone's inbox after it arrived."""

    reactions: dict[str, str] = field(default_factory=dict)  # who -> emoji
    text: str | None = None  # the edited text
    revoked: bool = False
    pinned_until: int | None = None  # ms; a pin for everyone in the chat, until then
    kept: bool = False  # kept for everyone: it does not disappear with the chat's timer
    votes: dict[str, list[str]] = field(default_factory=dict)  # voter -> option names
    ignored: list[str] = field(default_factory=list)  # actions the receiver refused, why

    def public(self) -> dict[str, Any]:
        view: dict[str, Any] = {}
        if self.reactions:
            view["reactions"] = dict(self.reactions)
        if self.text is not None:
            view["editedText"] = self.text
        if self.revoked:
            view["revoked"] = True
        if self.pinned_until is not None:
            view["pinnedUntil"] = self.pinned_until
        if self.kept:
            view["kept"] = True
        if self.votes:
            view["votes"] = {k: list(v) for k, v in self.votes.items()}
        if self.ignored:
            view["ignored"] = list(self.ignored)
        return view


@dataclass
class Activity:
    """What a phone saw that is not a message."""

    read: dict[str, int] = field(default_factory=dict)  # its message id -> read at (ms)
    presence: list[dict[str, Any]] = field(default_factory=list)  # shown to it, in order


@dataclass
class Sent:
    """A message as its sender's phone keeps it: enough to apply what acts on it."""

    id: str
    sender: str
    kind: str
    timestamp: int
    content: dict[str, Any] | None


class Messaging:
    def __init__(self) -> None:
        self._applied: dict[tuple[str, str], Applied] = {}  # (phone, message id)
        self._messages: dict[tuple[str, str], Sent] = {}  # (phone, message id) in its inbox
        self._polls: dict[str, tuple[str, bytes, list[str]]] = {}  # id -> creator, secret, options
        self.activity: dict[str, Activity] = {}
        self.presence: dict[str, str] = {}  # number -> available | unavailable
        # number -> the devices subscribed to its availability (as WhatsApp pushes it)
        self.subscribers: dict[str, set[str]] = {}

    def activity_of(self, number: str) -> Activity:
        return self.activity.setdefault(number, Activity())

    def applied_to(self, number: str) -> dict[str, dict[str, Any]]:
        """Everything applied at this phone, by message id (its own messages too)."""
        return {mid: a.public() for (n, mid), a in self._applied.items() if n == number}

    def applied(self, number: str, message_id: str) -> dict[str, Any]:
        found = self._applied.get((number, message_id))
        return found.public() if found is not None else {}

    # ---- a message arrived at a phone ------------------------------------------------

    def arrived(self, recipient: str, sent: Sent) -> None:
        """The receiving phone files the message, and applies it when it acts on another."""
        self._messages[(recipient, sent.id)] = sent
        content = sent.content or {}
        if sent.kind == POLL:
            secret = base64.b64decode(str(content.get("secret", "")))
            self._polls[sent.id] = (sent.sender, secret, list(content.get("options", [])))
        if sent.kind not in ACTIONS:
            return
        target_id = str((content.get("target") or {}).get("id", ""))
        target = self._messages.get((recipient, target_id)) or self._own(recipient, target_id)
        applied = self._applied.setdefault((recipient, target_id), Applied())
        if target is None:
            applied.ignored.append(f"{sent.kind} {sent.id}: no such message")
            return
        if sent.kind == REACTION:
            emoji = str(content.get("emoji", ""))
            if emoji:
                applied.reactions[sent.sender] = emoji
            else:
                applied.reactions.pop(sent.sender, None)
        elif sent.kind == EDIT:
            if target.sender != sent.sender:
                applied.ignored.append(f"edit {sent.id}: not from the message's sender")
            elif sent.timestamp - target.timestamp > EDIT_WINDOW_S * 1000:
                applied.ignored.append(f"edit {sent.id}: after the edit window")
            else:
                applied.text = str(content.get("text", ""))
        elif sent.kind == REVOKE:
            if target.sender != sent.sender:
                applied.ignored.append(f"revoke {sent.id}: not from the message's sender")
            else:
                applied.revoked = True
        elif sent.kind == PIN:  # 0 seconds unpins
            seconds = content.get("seconds")
            if not isinstance(seconds, int) or seconds < 0:
                applied.ignored.append(f"pin {sent.id}: no duration")
            else:
                applied.pinned_until = sent.timestamp + seconds * 1000 if seconds else None
        elif sent.kind == KEEP:
            applied.kept = content.get("keep") is True
        else:
            options = self._decrypt(target_id, sent)
            if options is None:
                applied.ignored.append(f"vote {sent.id}: does not decrypt")
            else:
                applied.votes[sent.sender] = options

    def sent_by(self, sender: str, sent: Sent) -> None:
        """A phone keeps what its own devices sent, so it can apply reactions to it."""
        self._messages[(sender, sent.id)] = sent
        if sent.kind == POLL:
            content = sent.content or {}
            secret = base64.b64decode(str(content.get("secret", "")))
            self._polls[sent.id] = (sent.sender, secret, list(content.get("options", [])))

    def _own(self, number: str, message_id: str) -> Sent | None:
        found = self._messages.get((number, message_id))
        return found if found is not None and found.sender == number else None

    def _decrypt(self, poll_id: str, vote: Sent) -> list[str] | None:
        poll = self._polls.get(poll_id)
        content = vote.content or {}
        if poll is None:
            return None
        creator, secret, options = poll
        try:
            chosen = decrypt_vote(
                secret,
                poll_id,
                creator,
                vote.sender,
                base64.b64decode(str(content.get("enc_payload", ""))),
                base64.b64decode(str(content.get("enc_iv", ""))),
            )
        except Exception:
            return None
        by_hash = {option_hash(o): o for o in options}
        return [by_hash[h] for h in chosen if h in by_hash]

    # ---- what a phone does, through the control API ------------------------------------

    def vote_content(self, voter: str, poll_id: str, options: list[str]) -> dict[str, Any]:
        """A vote's encrypted content; SimError-free: the caller checks the poll first."""
        creator, secret, _ = self._polls[poll_id]
        payload, iv = encrypt_vote(secret, poll_id, creator, voter, options)
        return {
            "target": {"id": poll_id, "from": creator},
            "enc_payload": base64.b64encode(payload).decode(),
            "enc_iv": base64.b64encode(iv).decode(),
        }

    def poll(self, poll_id: str) -> tuple[str, list[str]] | None:
        """(creator, options) of a poll the network routed."""
        found = self._polls.get(poll_id)
        return None if found is None else (found[0], found[2])

    def message_in(self, number: str, message_id: str) -> Sent | None:
        """A message the phone received or sent."""
        return self._messages.get((number, message_id))


# ---- what a device sends, as the phone keeps it --------------------------------------

# (content as the bus encodes it, the message it acts on {"id", "from"}, the secret)
FromDevice = Callable[[dict[str, Any], dict[str, Any], str], dict[str, Any]]


def _location(c: dict[str, Any], target: dict[str, Any], secret: str) -> dict[str, Any]:
    place = {"latitude": float(c["latitude"]), "longitude": float(c["longitude"])}
    return place | {k: str(c[k]) for k in ("name", "address") if c.get(k)}


def _contacts(c: dict[str, Any], target: dict[str, Any], secret: str) -> dict[str, Any]:
    return {
        "contacts": [{"name": str(x["displayName"]), "vcard": str(x["vcard"])} for x in c["cards"]]
    }


def _poll(c: dict[str, Any], target: dict[str, Any], secret: str) -> dict[str, Any]:
    fields = {"question": str(c["question"]), "options": list(c["options"])}
    return fields | {"selectable": int(c["selectable"]), "secret": secret}


FROM_DEVICE: dict[str, FromDevice] = {
    LOCATION: _location,
    CONTACTS: _contacts,
    POLL: _poll,
    REACTION: lambda c, target, _: {"target": target, "emoji": str(c["emoji"])},
    EDIT: lambda c, target, _: {"target": target, "text": str(c["text"])},
    REVOKE: lambda c, target, _: {"target": target},
    PIN: lambda c, target, _: {"target": target, "seconds": c["durationS"]},
    KEEP: lambda c, target, _: {"target": target, "keep": c["keep"] is True},
}


def from_device(kind: str, content: Any, target: Any, secret: Any) -> dict[str, Any]:
    """A device's message of `kind` as the phone keeps it; ValueError when it is not one."""
    make = FROM_DEVICE.get(kind)
    if make is None or not isinstance(content, dict) or content.get("kind") != kind:
        raise ValueError(f"unknown kind {kind!r}, or a content not of that kind")
    if kind in ACTIONS and not (isinstance(target, dict) and isinstance(target.get("id"), str)):
        raise ValueError(f"a {kind} without the message it acts on (target)")
    try:
        return make(content, dict(target or {}), str(secret or ""))
    except (KeyError, TypeError, ValueError) as e:
        raise ValueError(f"a {kind} without its fields: {e}") from e


def context_of(frame: dict[str, Any]) -> dict[str, Any]:
    """A send's or message's context (see the module's docstring); what is malformed is
    left out, as a receiving app ignores it."""
    context: dict[str, Any] = {}
    mentions = frame.get("mentions")
    if isinstance(mentions, list) and mentions and all(isinstance(n, str) for n in mentions):
        context["mentions"] = list(mentions)
    for flag in ("mention_all", "view_once", "forwarded"):
        if frame.get(flag) is True:
            context[flag] = True
    if isinstance(frame.get("link_preview"), dict):
        context["link_preview"] = frame["link_preview"]
    return context


def new_poll_secret() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()
