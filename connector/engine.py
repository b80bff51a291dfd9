"""The one small interface between a session and WhatsApp, whichever engine implements it.

An engine makes one connection attempt per `start()` and reports what happens as events;
deciding whether and when to try again belongs to the session, not the engine, so the
reconnect policy is the same for every engine.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from wagate import media_types

# number checks, contacts, groups: the bus's result types are the engines' too, so what
# WhatsApp answered reaches the API in one shape
from wagate.bus.commands import SetChatState
from wagate.bus.replies import (
    BusinessProfile,
    ChannelInfo,
    ChannelPost,
    GroupInfo,
    GroupSettings,
    JoinRequest,
    LidPair,
    NumberStatus,
    ParticipantChange,
    PrivacySettings,
    Profile,
)
from wagate.content import MessageContent, SentAsIs
from wagate.storable import OPAQUE


class DisconnectReason(StrEnum):
    CONNECTION_LOST = "connection_lost"  # transient: reconnect
    REPLACED = "connection_replaced"  # another client took the device: do not fight it
    CONNECT_FAILED = "connect_failed"  # could not reach the network: reconnect
    RESTART_REQUIRED = "restart_required"  # the network asks for a new connection: at once
    HEALTH_CHECK_FAILED = "health_check_failed"  # the socket stopped answering: reconnect
    # WhatsApp refuses this device for now: retrying cannot help and may make it worse
    TEMPORARY_BAN = "temporary_ban"
    CLIENT_OUTDATED = "client_outdated"  # the engine's protocol version is too old
    REJECTED = "connect_rejected"  # the network refused the connection for another reason
    # the engine got an event it cannot read (a code newer than its library): what it
    # meant is unknown, so neither logging in again nor carrying on is safe
    UNREADABLE_EVENT = "unreadable_event"
    # the tenant's proxy (docs/proxies.md) failed; the session never connects around it.
    # Retried as a dropped connection is: the proxy may come back
    PROXY_UNREACHABLE = "proxy_unreachable"  # no TCP connection to the proxy
    PROXY_AUTH_FAILED = "proxy_auth_failed"  # the proxy refused its credentials
    PROXY_REFUSED = "proxy_refused"  # the proxy would not connect on to WhatsApp
    # no key in WAGATE_CREDENTIALS_KEYS opens the stored proxy URL: retrying cannot help
    PROXY_UNREADABLE = "proxy_unreadable"


# the session gives up (state `failed`, reason kept) instead of reconnecting
NO_RETRY = frozenset(
    {
        DisconnectReason.REPLACED,
        DisconnectReason.TEMPORARY_BAN,
        DisconnectReason.CLIENT_OUTDATED,
        DisconnectReason.REJECTED,
        DisconnectReason.UNREADABLE_EVENT,
        DisconnectReason.PROXY_UNREADABLE,
    }
)


@dataclass(frozen=True)
class QrCode:
    code: str


@dataclass(frozen=True)
class PairingExpired:
    pass


@dataclass(frozen=True)
class Paired:
    phone: str
    credentials: dict[str, Any] = field(metadata=OPAQUE)  # engine-private, stored sealed


@dataclass(frozen=True)
class Connected:
    phone: str


@dataclass(frozen=True)
class Disconnected:
    reason: DisconnectReason
    detail: str = ""
    until_ms: int | None = None  # a temporary ban: when WhatsApp lifts it (Unix ms)


@dataclass(frozen=True)
class LoggedOut:
    reason: str


# The kinds of attachment, sent and received (wagate/media_types.py). voice: a push-to-talk
# note (OGG/Opus), which WhatsApp carries as an audio message flagged ptt
MEDIA_KINDS = media_types.MEDIA_KINDS


@dataclass(frozen=True)
class Media:
    """An attachment announced with an incoming message; its bytes stay at WhatsApp until
    `Engine.download_media(ref)` fetches them."""

    kind: str  # one of MEDIA_KINDS
    mimetype: str
    caption: str = ""
    filename: str = ""
    size_bytes: int = 0
    sha256: str = ""  # hex of the plain bytes, as the sender declared it
    duration_s: int | None = None
    width: int | None = None
    height: int | None = None
    video_note: bool = False  # a video sent as a round video note (WhatsApp's ptv)
    # engine-private and JSON-serialisable: what download_media needs. The connector
    # stores it, so a download can happen long after the message arrived
    ref: dict[str, Any] = field(default_factory=dict, metadata=OPAQUE)


@dataclass(frozen=True)
class MessageFlags:
    """How WhatsApp wrapped a message, kept so the tenant can treat it as the apps do."""

    ephemeral: bool = False  # sent in a chat with disappearing messages on
    view_once: bool = False


@dataclass(frozen=True)
class IncomingMessage:
    message_id: str
    # the sender's number; None only when WhatsApp named the sender by LID alone and
    # the engine knows no number for it
    sender: str | None
    text: str  # the body, or a media message's caption ("" when there is none)
    timestamp_ms: int
    media: Media | None = None
    sender_lid: str = ""  # WhatsApp's hidden-number id of the sender, when it sent one
    flags: MessageFlags = MessageFlags()
    content: MessageContent | None = None  # a location, contact cards or a poll
    # a group message: the group's id (…@g.us); `sender` is then its author. "" for a 1:1
    chat: str = ""
    push_name: str = ""  # the name the sender chose for themselves, when WhatsApp sent it
    mentions: tuple[Person, ...] = ()  # whom the text or caption mentions
    mention_all: bool = False  # its "@all" mentions every member of the group


@dataclass(frozen=True)
class IncomingMessages:
    """Messages that were waiting together on the connection, oldest first: published in
    one transaction (a burst costs a few round trips, not a few per message), each
    confirmed to the network only after it committed."""

    messages: tuple[IncomingMessage, ...]


@dataclass(frozen=True)
class Receipt:
    message_id: str
    peer: str | None  # the recipient's number (None: named by LID alone, no number known)
    status: str  # delivered | read
    peer_lid: str = ""


# ---- messaging events: each names the person by number and LID, and the
# chat when it happened in a group ("" = the 1:1 chat with that person)


@dataclass(frozen=True)
class ReactionReceived:
    message_id: str  # the message reacted to
    sender: str | None  # who reacted (None: named by LID alone, no number known)
    emoji: str  # "" when the reaction was removed
    timestamp_ms: int
    sender_lid: str = ""
    chat: str = ""
    reaction_id: str = ""  # the reaction's own message id, when the network gives one


@dataclass(frozen=True)
class MessageEdited:
    message_id: str  # the message whose text changed
    sender: str | None
    text: str
    timestamp_ms: int
    sender_lid: str = ""
    chat: str = ""
    edit_id: str = ""


@dataclass(frozen=True)
class MessageRevoked:
    message_id: str  # the message deleted for everyone
    sender: str | None
    timestamp_ms: int
    sender_lid: str = ""
    chat: str = ""
    revoke_id: str = ""


@dataclass(frozen=True)
class PollVoteReceived:
    poll_id: str  # the poll this session sent
    voter: str | None
    # SHA-256 (hex) of each option the voter now chooses ([]: withdrew the vote), as the
    # decrypted vote says; the session names them from the poll it sent
    option_hashes: list[str]
    timestamp_ms: int
    voter_lid: str = ""
    chat: str = ""
    vote_id: str = ""


@dataclass(frozen=True)
class PresenceChanged:
    peer: str | None
    # available | unavailable (the person), typing | recording | paused (in the chat)
    state: str
    last_seen_ms: int | None = None  # with unavailable, when WhatsApp tells it
    peer_lid: str = ""
    chat: str = ""


MESSAGING_EVENTS = (
    ReactionReceived,
    MessageEdited,
    MessageRevoked,
    PollVoteReceived,
    PresenceChanged,
)


@dataclass(frozen=True)
class Person:
    """Someone an event names: the number, and the LID where WhatsApp uses one."""

    phone: str | None  # None only when WhatsApp named them by LID alone, no number known
    lid: str = ""


# what can happen in a group, as GroupUpdate.action says it
PARTICIPANT_ACTIONS = ("add", "remove", "promote", "demote")
# settings: one or more of GroupSettings changed; picture: a new one, or none; join_request:
# someone asked to join by link (told to admins)
GROUP_ACTIONS = (
    *PARTICIPANT_ACTIONS,
    "subject",
    "description",
    "settings",
    "picture",
    "join_request",
)


@dataclass(frozen=True)
class GroupUpdate:
    """A change in a group the session is in: one action, who did it, to whom."""

    group_id: str
    action: str  # one of GROUP_ACTIONS
    by: Person | None  # None when WhatsApp did not say (e.g. a member who left by link)
    timestamp_ms: int
    participants: tuple[Person, ...] = ()  # add, remove, promote, demote, join_request
    subject: str | None = None  # action "subject": the new subject
    description: str | None = None  # action "description": the new description
    settings: GroupSettings | None = None  # action "settings": those changed (others None)
    picture_id: str | None = None  # action "picture": the new one's id, "" when removed


@dataclass(frozen=True)
class HistoryMessage:
    """One message of a history sync: as a live message would be, plus its chat (a
    number or a group id, for 1:1 chats too) and whether the account wrote it (history
    carries the business's own messages, sent from the phone or any device)."""

    message: IncomingMessage
    chat: str
    from_me: bool = False


@dataclass(frozen=True)
class HistoryBatch:
    """A bounded part of a history sync the phone sends after pairing (and on request).
    A sync comes as chunks, each in batches; the engine confirms a batch to the network
    only after the sink returned (ack after store), so one batch at a time is in memory."""

    sync_type: str  # initial_bootstrap, recent, full, on_demand, … (WhatsApp's names)
    chunk_order: int  # the chunk's place in the sync
    progress: int  # percent of the whole sync sent so far, as the phone reports it
    messages: tuple[HistoryMessage, ...]
    push_names: tuple[tuple[str, str], ...] = ()  # (number or LID, the name people set)
    last: bool = False  # the chunk's last batch


@dataclass(frozen=True)
class OldestMessage:
    """The oldest message of a chat the connector has: the phone needs it named to send
    what came before it."""

    message_id: str
    from_me: bool
    timestamp_ms: int


@dataclass(frozen=True)
class ChatStateChanged:
    """The account's phone, or another of its devices, changed how a chat shows (app
    state): `state` (bus CHAT_STATES) set (`on`) or undone; a mute until
    `muted_until_ms` (0: forever)."""

    chat: str  # a number or a group id
    state: str
    on: bool
    muted_until_ms: int = 0


@dataclass(frozen=True)
class ContactNamed:
    """The account's address book (app state) names a person, or no longer does
    (`name` "")."""

    phone: str | None  # None: named by LID alone, no number known
    name: str
    lid: str = ""


# what a call to the account did, as CallChanged.status says it
CALL_STATUSES = ("offer", "accept", "terminate", "missed")


@dataclass(frozen=True)
class CallChanged:
    """A call to the account: offered (rung), accepted on another of its devices, ended
    by the caller (terminate), or not answered in time (missed)."""

    call_id: str
    caller: str | None  # None: named by LID alone, no number known
    status: str  # one of CALL_STATUSES
    video: bool
    timestamp_ms: int
    caller_lid: str = ""
    group_id: str = ""  # a group call: the group's id, when WhatsApp names it
    group: bool = False  # a group call (WhatsApp does not always name the group)


# the connection's own life: the session's state machine handles these
LifecycleEvent = QrCode | PairingExpired | Paired | Connected | Disconnected | LoggedOut
LIFECYCLE_EVENTS = (QrCode, PairingExpired, Paired, Connected, Disconnected, LoggedOut)
# what arrives over the connection (connector/ingest.py)
IngestEvent = (
    IncomingMessage
    | IncomingMessages
    | Receipt
    | ReactionReceived
    | MessageEdited
    | MessageRevoked
    | PollVoteReceived
    | PresenceChanged
    | GroupUpdate
    | HistoryBatch
    | ChatStateChanged
    | ContactNamed
    | CallChanged
)
EngineEvent = LifecycleEvent | IngestEvent

# The session's handler. For IncomingMessage(s) and HistoryBatch, the engine confirms
# receipt to the network only after this returns, so a message is never dropped between
# network and bus.
EventSink = Callable[[EngineEvent], Awaitable[None]]


@dataclass(frozen=True)
class Quote:
    """The message a send replies to: its id, and who wrote it (a number)."""

    message_id: str
    sender: str


@dataclass(frozen=True)
class OutgoingMedia:
    """What a media send says about its file; the bytes come as `MediaBytes`."""

    kind: str  # one of MEDIA_KINDS
    mimetype: str
    size_bytes: int
    sha256: str  # hex, of the plain bytes
    caption: str = ""  # image, video, document
    filename: str = ""  # document
    duration_s: int | None = None
    width: int | None = None
    height: int | None = None
    view_once: bool = False  # an image, video or voice note the recipient opens once
    forwarded: bool = False  # sent as a forward of a stored message
    mentions: tuple[str, ...] = ()  # numbers the caption mentions
    mention_all: bool = False  # the caption's "@all", in a group


class MediaBytes(Protocol):
    """The plain bytes of an outgoing file, read once, in chunks (from the blob store)."""

    size_bytes: int

    def chunks(self) -> AsyncIterator[bytes]: ...


@dataclass(frozen=True)
class Attachment:
    """A media message as an engine sends it: what it says about its file, and the bytes."""

    media: OutgoingMedia
    data: MediaBytes


# What `Engine.send` sends: one message of one kind, as the bus carried it (SentAsIs,
# wagate/content.py), or an Attachment with its bytes. Each engine maps the content to its
# network's message; a new kind of message is a new member of SentAsIs, not a new engine
# method or type here.
Outgoing = SentAsIs | Attachment


@dataclass(frozen=True)
class SentMessage:
    message_id: str
    timestamp_ms: int


class EngineError(Exception):
    """A send or command the network refused. `code` is stable and tenant-visible;
    `retry_after_s` is set when the network said when to try again (rate_overlimit)."""

    def __init__(self, code: str, message: str, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after_s = retry_after_s


RATE_OVERLIMIT = "rate_overlimit"
NOT_ON_WHATSAPP = "not_on_whatsapp"  # the recipient has no WhatsApp account: not sent
ENGINE_UNAVAILABLE = "engine_unavailable"  # the tenant's engine is not installed here
MEDIA_EXPIRED = "media_expired"  # the network no longer has an attachment's bytes
MEDIA_CORRUPT = "media_corrupt"  # an attachment's bytes fail their hash or MAC
MEDIA_UPLOAD_FAILED = "media_upload_failed"  # the media host refused or lost an upload
MEDIA_DOWNLOAD_FAILED = "media_download_failed"  # the media host failed otherwise than expired
GROUP_NOT_FOUND = "group_not_found"  # no such group, or the session is not in it
NOT_GROUP_ADMIN = "not_group_admin"  # the change needs the session to be a group admin
INVITE_NOT_FOUND = "invite_not_found"  # the invite code is unknown or was revoked
INVALID_IMAGE = "invalid_image"  # a group picture WhatsApp does not take
CALL_NOT_FOUND = "call_not_found"  # no call by that id was offered to the session lately
CALL_ENDED = "call_ended"  # the call was answered or ended: no longer to be rejected
CONTACT_BLOCKED = "contact_blocked"  # a send to a number the account blocked: not sent
# account restrictions (connector/restrictions.py): nothing was sent
NEW_CONTACT_REFUSED = "new_contact_refused"  # WhatsApp's 463: no first message to a new chat
ACCOUNT_RESTRICTED = "account_restricted"  # no message at all until the restriction ends
NOT_A_BUSINESS = "not_a_business"  # the account has no business profile
PICTURE_INVALID = "picture_invalid"  # WhatsApp refused the image as a profile picture
CHANNEL_NOT_FOUND = "channel_not_found"  # no such channel (newsletter)
NOT_CHANNEL_ADMIN = "not_channel_admin"  # posting needs the account to own or administer it


class Engine(Protocol):
    """One session's link to WhatsApp (made by its `EngineKind`)."""

    async def start(
        self,
        credentials: dict[str, Any] | None,
        available: bool = True,
        history_sync: str = "all",
        proxy: str | None = None,
    ) -> None:
        """Open one connection: resume with `credentials`, or pair (QR events) without.
        `available`: mark the business available (online) at WhatsApp once connected
        (the tenant's markOnline). `history_sync` (all, none, <N>d): how much history to
        ask the phone for, which WhatsApp takes only when pairing. `proxy`: the tenant's
        proxy URL (wagate/proxies.py), which the socket and media transfers go through;
        one that fails is a Disconnected with a PROXY_* reason, never a direct try."""

    async def send(
        self,
        chat: str,
        content: Outgoing,
        message_id: str,
        quote: Quote | None = None,
        target: Quote | None = None,
    ) -> SentMessage:
        """Send one message of any kind to `chat` (a number or a group id) under
        `message_id`; `quote` makes it a reply. A content that acts on another message
        (wagate.content.ActsOnMessage) comes with that message as `target`: its id and
        author, found in the message log (None for every other content).
        An Attachment is uploaded to the network's media host first: EngineError
        ("media_corrupt", ...) when the bytes read are not the file described (size,
        sha256), ("media_upload_failed", ...) when the media host refuses or loses the
        upload; in both cases nothing was sent."""

    def download_media(self, ref: dict[str, Any]) -> AsyncIterator[bytes]:
        """The plain bytes of an incoming attachment (an async generator); raises
        EngineError("media_expired", ...) when the network no longer has them, and
        EngineError("media_corrupt", ...) when they fail their hash."""
        ...

    async def request_pairing_code(self, phone: str) -> str:
        """While pairing: a code the user types on the phone instead of scanning the QR."""

    # ---- number checks, contacts, groups (connected only; refusals are EngineErrors:
    # GROUP_NOT_FOUND, NOT_GROUP_ADMIN, INVITE_NOT_FOUND, NOT_ON_WHATSAPP) ----

    async def check_numbers(self, phones: list[str]) -> list[NumberStatus]:
        """One query to WhatsApp for all of `phones` (E.164 digits)."""

    async def contact_info(self, phone: str) -> Profile: ...

    async def lid_pairs(self, addresses: list[str]) -> list[LidPair]:
        """The number and LID of each account named (a number's digits, or a LID as
        `digits@lid`) that the network lets this session know; unknown ones left out."""

    async def joined_groups(self) -> list[GroupInfo]: ...

    async def group_info(self, group_id: str) -> GroupInfo: ...

    async def create_group(
        self, subject: str, participants: list[str], create_key: str
    ) -> GroupInfo:
        """`create_key` is the same for every delivery of one create command (its bus id),
        so an engine that can ask WhatsApp to make a group once per key does."""

    async def set_group_subject(self, group_id: str, subject: str) -> None: ...

    async def set_group_description(self, group_id: str, description: str) -> None: ...

    async def update_participants(
        self, group_id: str, action: str, phones: list[str]
    ) -> list[ParticipantChange]:
        """`action` one of PARTICIPANT_ACTIONS; an outcome per participant."""

    async def leave_group(self, group_id: str) -> None: ...

    async def group_invite_code(self, group_id: str, revoke: bool) -> str:
        """The group's invite code; `revoke` makes a new one (the old link dies)."""

    async def join_group(self, code: str) -> str:
        """Join by invite code; returns the group's id."""

    async def set_group_settings(self, group_id: str, settings: GroupSettings) -> None:
        """Each setting not None, one request each, as WhatsApp takes them (admins only)."""

    async def set_group_picture(self, group_id: str, jpeg: bytes | None) -> str:
        """A JPEG WhatsApp takes (640x640 at most), or None to remove; the new id ("")."""

    async def group_join_requests(self, group_id: str) -> list[JoinRequest]: ...

    async def answer_join_requests(
        self, group_id: str, action: str, phones: list[str]
    ) -> list[ParticipantChange]:
        """`action` approve or reject (bus REQUEST_ACTIONS); an outcome per number."""

    # ---- the account's own profile, and a business's (connected only) ----

    async def set_push_name(self, name: str) -> None:
        """The name the account's messages carry (WhatsApp's app state setting)."""

    async def set_about(self, about: str) -> None: ...

    async def set_profile_picture(self, jpeg: bytes | None) -> None:
        """A JPEG as the account's picture, or None to remove it; PICTURE_INVALID when
        WhatsApp refuses the image."""

    async def business_profile(self, phone: str) -> BusinessProfile:
        """NOT_A_BUSINESS for an account without one, NOT_ON_WHATSAPP for no account."""

    # ---- channels (WhatsApp's newsletters; connected only; CHANNEL_NOT_FOUND) ----

    async def followed_channels(self) -> list[ChannelInfo]: ...

    async def channel_info(self, channel_id: str) -> ChannelInfo: ...

    async def follow_channel(self, channel_id: str, follow: bool) -> None: ...

    async def channel_posts(
        self, channel_id: str, count: int, before: int | None
    ) -> list[ChannelPost]: ...

    async def ping(self, timeout_s: float) -> float:
        """A round trip through the network; returns seconds taken, raises EngineError."""

    async def logout(self) -> None:
        """Unlink this device at the network. The session wipes the credentials."""

    async def stop(self) -> None:
        """Close the connection without logging out; emits no further events."""

    # ---- chat actions that send no message ----

    async def mark_read(self, chat: str, sender: str, message_ids: list[str]) -> None:
        """Read receipts for incoming messages of `chat` written by `sender`."""

    async def send_chat_presence(self, chat: str, state: str) -> None:
        """typing | recording | paused, shown in `chat`."""

    async def send_presence(self, available: bool) -> None: ...

    async def subscribe_presence(self, phone: str) -> None:
        """Ask for `phone`'s availability changes: PresenceChanged events follow."""

    async def request_history(self, chat: str, oldest: OldestMessage, count: int) -> None:
        """Ask the phone for up to `count` messages of `chat` older than `oldest`; they
        arrive later as HistoryBatch events of sync type on_demand."""

    async def set_chat_state(self, change: SetChatState) -> None:
        """Archive, pin, mute or mark a chat unread (or undo it) through app state, so the
        account's phone and other devices show it so."""

    # ---- calls, privacy settings, the blocklist ----

    async def reject_call(self, caller: str, call_id: str) -> None:
        """Decline a call offered to the account (`caller`: its number, or its LID's JID
        `…@lid` when no number is known)."""

    async def privacy(self) -> PrivacySettings:
        """The account's privacy settings, as WhatsApp keeps them."""

    async def set_privacy(self, setting: str, value: str) -> PrivacySettings:
        """One setting (a key of wagate.bus.privacy.PRIVACY_VALUES) to one of its
        values; the settings as they now are."""

    async def blocklist(self) -> list[str]:
        """The numbers the account blocked (a LID's JID where no number is known)."""

    async def update_blocklist(self, phone: str, block: bool) -> list[str]:
        """Block (or unblock) `phone`; the blocklist as it now is."""


class EngineKind(Protocol):
    """One kind of engine (sim, whatsmeow) as a whole: it makes each session's `Engine`
    and holds what they share. The connector's installed kinds: `InstalledEngines`."""

    name: str

    def create(self, tenant_id: str, on_event: EventSink) -> Engine: ...

    def new_message_id(self) -> str:
        """An id in the network's format. It is stored before a send, so a send repeated
        after a crash reuses it and the network drops the duplicate."""
        ...

    async def close(self) -> None:
        """Release what the engine holds for all its sessions (threads, libraries); the
        sessions are stopped first."""
