"""Every frame of the engine host's protocol (docs/engine-host.md), as pydantic models:
the host's frames are validated into them on arrival, the connector's are dumped from
them. Field names are the protocol's; unknown fields are ignored (the host may say more
than this version reads)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

VERSION = 1


class Frame(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# ---- both ways -------------------------------------------------------------------------


class Hello(Frame):
    type: Literal["hello"] = "hello"
    version: int
    peer: str
    library: str = ""
    max_in_flight: int = 0


class Refused(Frame):
    type: Literal["refused"]
    reason: str
    detail: str = ""


class Target(Frame):
    message_id: str
    sender: str = ""  # a JID


class MediaMessage(Frame):
    """The message an attachment came with: what asking the phone to upload it again
    names (docs/engine-host.md, Media through files)."""

    id: str
    chat: str
    sender: str
    from_me: bool = False
    group: bool = False


class MediaRef(Frame):
    direct_path: str
    media_key: str  # base64, as Go's encoding/json writes bytes
    file_sha256: str
    file_enc_sha256: str
    message: MediaMessage | None = None  # absent on refs stored before it was kept


class MediaInfo(Frame):
    mimetype: str
    caption: str = ""
    filename: str = ""
    duration_s: int | None = None
    width: int | None = None
    height: int | None = None
    size_bytes: int | None = None
    video_note: bool | None = None  # incoming video: a round video note (ptv)
    view_once: bool | None = None  # outgoing image, video or voice: opened once
    forwarded: bool | None = None  # outgoing: sent as a forward
    mentions: list[str] | None = None  # outgoing: numbers the caption mentions
    mention_all: bool | None = None  # outgoing: the caption's @all
    path: str | None = None  # outgoing: a file the host reads
    ref: MediaRef | None = None  # incoming: what `download` needs


class LocationInfo(Frame):
    latitude: float
    longitude: float
    name: str = ""
    address: str = ""
    live: bool = False  # one update of a live location share
    sequence: int = 0
    accuracy_m: int | None = None
    speed_mps: float | None = None
    heading_deg: int | None = None
    caption: str = ""


class Card(Frame):
    display_name: str
    vcard: str


class PollInfo(Frame):
    question: str
    options: list[str]
    selectable: int


class Vote(Frame):
    option_hashes: list[str]


class Content(Frame):
    kind: str
    text: str | None = None
    media: MediaInfo | None = None
    location: LocationInfo | None = None
    contacts: list[Card] | None = None
    poll: PollInfo | None = None
    target: Target | None = None
    vote: Vote | None = None
    fields: list[str] | None = None


# ---- connector -> host -----------------------------------------------------------------


class Request(Frame):
    type: str
    id: int = 0  # set by the client when it sends
    session: str


class Start(Request):
    type: Literal["start"] = "start"
    device_jid: str | None = None
    pair_phone: str | None = None
    available_on_connect: bool = True
    # the tenant's proxy URL (docs/proxies.md): the socket and media go through it, and a
    # proxy that fails ends the attempt with a proxy_* reason, never a direct connection
    proxy: str | None = None


class Send(Request):
    type: Literal["send"] = "send"
    chat: str
    message_id: str
    # any kind as the bus encodes it (wagate/bus/codec.py); an attachment as a Content
    content: dict[str, Any]
    quote: Target | None = None
    target: Target | None = None  # the message the content acts on, with its author
    timeout_ms: int | None = None
    deadline_ms: int | None = None  # the host's bound on the whole send


class Download(Request):
    type: Literal["download"] = "download"
    kind: str
    ref: MediaRef
    size_bytes: int | None = None
    path: str


class MarkRead(Request):
    type: Literal["mark_read"] = "mark_read"
    chat: str
    sender: str
    message_ids: list[str]
    timestamp_ms: int


class HistoryRequest(Request):
    type: Literal["history_request"] = "history_request"
    chat: str
    oldest_message_id: str
    oldest_from_me: bool
    oldest_timestamp_ms: int
    count: int


class ChatStateRequest(Request):
    """Archive, pin, mute or mark unread a chat (or undo it) through app state."""

    type: Literal["chat_state"] = "chat_state"
    chat: str
    state: str  # archived | pinned | muted | unread
    on: bool
    muted_until_ms: int = 0  # muted: when it ends; 0 forever


class RejectCall(Request):
    """Decline a call offered to the account (whatsmeow's RejectCall)."""

    type: Literal["reject_call"] = "reject_call"
    caller: str  # the caller's JID (a phone JID, or a LID)
    call_id: str


class SetPrivacy(Request):
    type: Literal["set_privacy"] = "set_privacy"
    name: str  # whatsmeow's PrivacySettingType (connector/privacy.py)
    value: str


class UpdateBlocklist(Request):
    type: Literal["update_blocklist"] = "update_blocklist"
    jid: str
    block: bool


class StateRequest(Request):
    """`presence` (available | unavailable) and `chat_presence` (with `chat`)."""

    state: str
    chat: str | None = None


class CheckNumbers(Request):
    type: Literal["check_numbers"] = "check_numbers"
    phones: list[str]


class SubscribePresence(Request):
    type: Literal["subscribe_presence"] = "subscribe_presence"
    jid: str  # the user whose availability WhatsApp then pushes as `presence` events


class ContactInfo(Request):
    type: Literal["contact_info"] = "contact_info"
    jid: str


class HostGroupSettings(Frame):
    """A group's settings (in a change: those to set, one request each at WhatsApp)."""

    announce: bool | None = None
    locked: bool | None = None
    disappearing_s: int | None = None
    member_add_mode: str | None = None
    join_approval: bool | None = None


class LidLookup(Request):
    type: Literal["lid_lookup"] = "lid_lookup"
    jids: list[str]  # phone JIDs or LIDs


class GroupRequest(Request):
    """group_info, leave_group, set_group_subject, set_group_description, group_invite,
    update_participants, set_group_settings, set_group_picture, group_requests,
    answer_group_requests: the group and what the request changes."""

    group: str
    subject: str | None = None
    description: str | None = None
    action: str | None = None
    participants: list[str] | None = None
    revoke: bool | None = None
    settings: HostGroupSettings | None = None
    jpeg: str | None = None  # base64 of the picture (set_group_picture; absent: remove)


class CreateGroup(Request):
    type: Literal["create_group"] = "create_group"
    subject: str
    participants: list[str]
    create_key: str


class JoinGroup(Request):
    type: Literal["join_group"] = "join_group"
    code: str


# ---- the account's own profile, a business's (internal/wa/profile.go)


class SetPushName(Request):
    type: Literal["set_push_name"] = "set_push_name"
    name: str


class SetAbout(Request):
    type: Literal["set_about"] = "set_about"
    about: str


class SetPicture(Request):
    type: Literal["set_picture"] = "set_picture"
    path: str | None = None  # a JPEG file the host reads; None removes the picture


class BusinessProfileRequest(Request):
    type: Literal["business_profile"] = "business_profile"
    jid: str


class ChannelRequest(Request):
    """followed_channels (no channel), channel_info, follow_channel, channel_posts."""

    channel: str | None = None
    follow: bool | None = None
    count: int | None = None
    before: int | None = None


class Stored(Frame):
    """Not a request: the answer to a `message` or `history` event, once it is stored."""

    type: Literal["stored"] = "stored"
    session: str
    seq: int


# ---- host -> connector: replies --------------------------------------------------------


class ReplyError(Frame):
    code: str
    message: str = ""


class SentInfo(Frame):
    message_id: str
    timestamp_ms: int


class NumberInfo(Frame):
    phone: str
    jid: str = ""
    on_whatsapp: bool


class SavedFile(Frame):
    path: str
    size_bytes: int


class Health(Frame):
    connected: bool
    logged_in: bool
    keepalive_ok: bool
    last_keepalive_ms: int | None = None


class ProfileInfo(Frame):
    jid: str
    lid: str = ""
    about: str = ""
    picture_url: str = ""
    business_name: str = ""


class HoursInfo(Frame):
    day_of_week: str
    mode: str
    open_time: str = ""
    close_time: str = ""


class BusinessInfo(Frame):
    jid: str
    address: str = ""
    email: str = ""
    categories: list[str] = []
    hours_time_zone: str = ""
    hours: list[HoursInfo] = []


class ChannelWire(Frame):
    jid: str
    name: str
    description: str = ""
    followers: int = 0
    role: str = "guest"
    verified: bool = False
    created_ms: int | None = None


class PostWire(Frame):
    server_id: int
    message_id: str
    timestamp_ms: int
    kind: str
    text: str = ""
    views: int = 0


class Member(Frame):
    jid: str
    alt: str = ""
    role: str = "member"


class Group(Frame):
    jid: str
    subject: str
    description: str = ""
    owner: str = ""
    owner_alt: str = ""
    created_ms: int | None = None
    participants: list[Member] = []
    settings: HostGroupSettings | None = None


class JoinRequestInfo(Frame):
    jid: str
    alt: str = ""
    requested_ms: int | None = None


class ParticipantResult(Frame):
    jid: str
    lid: str = ""
    error: int | None = None


class LidPair(Frame):
    phone_jid: str
    lid: str


class Reply(Frame):
    type: Literal["reply"]
    id: int
    error: ReplyError | None = None
    sent: SentInfo | None = None
    numbers: list[NumberInfo] | None = None
    file: SavedFile | None = None
    health: Health | None = None
    profile: ProfileInfo | None = None
    groups: list[Group] | None = None
    group: Group | None = None
    participants: list[ParticipantResult] | None = None
    code: str | None = None
    group_jid: str | None = None
    pairs: list[LidPair] | None = None
    picture_id: str | None = None
    requests: list[JoinRequestInfo] | None = None
    privacy: dict[str, str] | None = None  # by whatsmeow's names (last_seen, group_add, …)
    blocked: list[str] | None = None  # JIDs
    business: BusinessInfo | None = None
    channel: ChannelWire | None = None
    channels: list[ChannelWire] | None = None
    posts: list[PostWire] | None = None


# ---- host -> connector: events ---------------------------------------------------------


class Event(Frame):
    type: str
    session: str


class Qr(Event):
    code: str
    timeout_ms: int = 0


class PairCode(Event):
    code: str


class PairedEvent(Event):
    device_jid: str
    lid: str = ""
    business_name: str = ""
    platform: str = ""


class PairFailed(Event):
    outcome: str
    detail: str = ""


class ConnectedEvent(Event):
    device_jid: str
    lid: str = ""


class DisconnectedEvent(Event):
    reason: str
    code: int | None = None
    detail: str = ""
    until_ms: int | None = None


class LoggedOutEvent(Event):
    reason: str
    code: int = 0
    on_connect: bool = False


class KeepAlive(Event):
    state: str
    error_count: int = 0
    last_success_ms: int | None = None


class Flags(Frame):
    from_me: bool = False
    group: bool = False
    ephemeral: bool = False
    view_once: bool = False
    edit: bool = False


class MessageFields(Frame):
    message_id: str
    chat: str
    sender: str
    sender_alt: str = ""
    push_name: str = ""
    timestamp_ms: int
    flags: Flags = Flags()
    content: Content
    quote: Target | None = None
    mentions: list[str] = []  # the JIDs the text or caption mentions
    mention_all: bool = False  # its "@all" mentions every member of the group


class MessageEvent(MessageFields, Event):
    seq: int


class ReceiptEvent(Event):
    message_ids: list[str]
    kind: str
    chat: str
    sender: str
    sender_alt: str = ""
    timestamp_ms: int = 0
    media_reupload: bool = False


class Undecryptable(Event):
    message_id: str
    chat: str
    sender: str


class PresenceEvent(Event):
    jid: str
    available: bool
    last_seen_ms: int | None = None


class ChatStateEvent(Event):
    """The phone or another device changed a chat's app state."""

    chat: str
    state: str
    on: bool
    muted_until_ms: int = 0


class ContactNameEvent(Event):
    """The account's address book names a person ("": no longer)."""

    jid: str
    lid: str = ""
    name: str


class ChatPresenceEvent(Event):
    chat: str
    sender: str
    sender_alt: str = ""
    state: str


class SessionFailed(Event):
    code: str
    detail: str = ""


class GroupMember(Frame):
    jid: str
    alt: str = ""


class GroupUpdateEvent(Event):
    group: str
    action: str
    by: str = ""
    by_alt: str = ""
    participants: list[GroupMember] = []
    subject: str | None = None
    description: str | None = None
    settings: HostGroupSettings | None = None  # action settings: those changed
    picture_id: str | None = None  # action picture: the new one's id, "" removed
    timestamp_ms: int = 0


class PushName(Frame):
    jid: str
    name: str


class HistoryEvent(Event):
    seq: int
    sync_type: str = ""
    chunk_order: int = 0
    progress: int = 0
    messages: list[MessageFields] = []
    push_names: list[PushName] = []
    last: bool = False


class CallEvent(Event):
    """A call to the account: offer (CallOffer, or CallOfferNotice for a group call),
    accept, terminate (its reason "timeout": nobody answered)."""

    call_id: str
    caller: str  # the call's creator, as WhatsApp named it (a phone JID or a LID)
    caller_alt: str = ""  # its other address, where WhatsApp or the LID store gave it
    status: str
    reason: str = ""
    video: bool = False
    group: bool = False
    group_jid: str = ""
    timestamp_ms: int = 0


EVENTS: dict[str, type[Event]] = {
    "qr": Qr,
    "pair_code": PairCode,
    "paired": PairedEvent,
    "pair_failed": PairFailed,
    "connected": ConnectedEvent,
    "disconnected": DisconnectedEvent,
    "logged_out": LoggedOutEvent,
    "keepalive": KeepAlive,
    "message": MessageEvent,
    "receipt": ReceiptEvent,
    "undecryptable": Undecryptable,
    "presence": PresenceEvent,
    "chat_presence": ChatPresenceEvent,
    "chat_state": ChatStateEvent,
    "contact_name": ContactNameEvent,
    "session_failed": SessionFailed,
    "group_update": GroupUpdateEvent,
    "history": HistoryEvent,
    "call": CallEvent,
}

# the events after which the host's session is over (it says nothing more)
FINAL_EVENTS = frozenset({"pair_failed", "disconnected", "logged_out", "session_failed"})
