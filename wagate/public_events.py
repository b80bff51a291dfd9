"""The public JSON of events: one typed body per event kind, and the one renderer of a
body, a WebSocket frame and a webhook body.

It lives in the kernel, not in the gateway, because two processes render events: the
gateway sends WebSocket frames, and the connector stores each webhook body in the outbox
when the event is committed (its signature covers those exact bytes; the gateway queues
`webhook_test` bodies the same way). It is not part of the bus either: a stream entry
carries the rendered `data` object, and gateways of this release and the previous one
pass it on verbatim, whatever fields a newer connector put in it.

A body's JSON keys are its fields in camelCase, in declaration order; `key` names one
that is not (`from`, a Python keyword). A field made with `omitted()` is left out while
it is None; every other field is always there, null or not.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

from wagate.bus import Event, EventType, GroupSettings

_OMIT = "omit_when_none"
_KEY = "key"
_FLATTEN = "flatten"  # a nested body whose keys join its parent's (a transition's)


def omitted(key: str | None = None) -> Any:
    """A field left out of the JSON while it is None."""
    return field(default=None, metadata={_OMIT: True, _KEY: key})


def named(key: str) -> Any:
    """A field whose JSON key is not its name in camelCase."""
    return field(metadata={_KEY: key})


def render(body: Any) -> dict[str, Any]:
    """A body (or a nested part of one) as its JSON object."""
    out: dict[str, Any] = {}
    for name, key, omit, flatten in _shape(type(body)):
        value = getattr(body, name)
        if value is None and omit:
            continue
        if flatten:
            if value is None:  # a transition's change, which the session fills in
                raise ValueError(f"{type(body).__name__}.{name} is not set")
            out.update(render(value))
            continue
        out[key] = _value(value)
    return out


Shape = tuple[tuple[str, str, bool, bool], ...]
_SHAPES: dict[type, Shape] = {}


def _shape(kind: type) -> Shape:
    """A body class's fields as render needs them, worked out once per class (every
    event is rendered, and dataclasses.fields builds its tuple anew each call): name,
    JSON key, omitted when None, flattened into its parent."""
    shape = _SHAPES.get(kind)
    if shape is None:
        shape = _SHAPES[kind] = tuple(
            (
                f.name,
                f.metadata.get(_KEY) or _camel(f.name),
                bool(f.metadata.get(_OMIT)),
                bool(f.metadata.get(_FLATTEN)),
            )
            for f in dataclasses.fields(kind)
        )
    return shape


def _value(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return render(value)
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def event(tenant_id: str, body: Body, id: str | None = None) -> Event:
    """The event of a body: its kind from the body, a fresh id unless one is given."""
    data = render(body)
    if id is None:
        return Event(body.KIND, tenant_id, data)
    return Event(body.KIND, tenant_id, data, id=id)


def frame(event: Event, stream_id: str) -> dict[str, Any]:
    """The shape a tenant sees on the WebSocket: `id` is the resume point, `eventId` the
    same id the event's webhook carries (webhook-id), to de-duplicate across both."""
    return {"id": stream_id, "eventId": event.id, **_envelope(event)}


def webhook_body(event: Event) -> str:
    """The exact JSON a webhook POST carries (and its signature covers): the WebSocket
    shape with `id` the event id, which is also the webhook-id header."""
    body = {"id": event.id, **_envelope(event)}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def _envelope(event: Event) -> dict[str, Any]:
    return {
        "type": event.type.value,
        "companyId": event.tenant_id,
        "timestamp": event.timestamp_ms,
        "data": event.data,
    }


# ---- the bodies: people and parts ------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PersonRef:
    """Someone an event names: `phone` (null only when WhatsApp named them by LID alone
    and no number is known), and `lid` when WhatsApp uses one."""

    phone: str | None
    lid: str | None = omitted()


# WhatsApp's disappearing-message timers, by the names the API gives them
DISAPPEARING_TIMERS = {"off": 0, "24h": 24 * 3600, "7d": 7 * 24 * 3600, "90d": 90 * 24 * 3600}
_TIMER_NAMES = {seconds: name for name, seconds in DISAPPEARING_TIMERS.items()}


@dataclass(frozen=True, kw_only=True)
class GroupSettingsRef:
    """A group's settings as the API shows them (in a change, only those changed)."""

    announce: bool | None = omitted()
    locked: bool | None = omitted()
    disappearing_timer: str | None = omitted()  # off | 24h | 7d | 90d (else "<n>s")
    member_add_mode: str | None = omitted()
    join_approval: bool | None = omitted()

    @classmethod
    def of(cls, settings: GroupSettings) -> GroupSettingsRef:
        seconds = settings.disappearing_s
        timer = None if seconds is None else _TIMER_NAMES.get(seconds, f"{seconds}s")
        return cls(
            announce=settings.announce,
            locked=settings.locked,
            disappearing_timer=timer,
            member_add_mode=settings.member_add_mode,
            join_approval=settings.join_approval,
        )


@dataclass(frozen=True, kw_only=True)
class MediaInfo:
    """An attachment's descriptor; webhooks add a signed `downloadUrl`, and `id` (GET
    .../media/{id}) is there when the attachment has a row."""

    type: str
    mimetype: str
    caption: str
    filename: str
    size_bytes: int
    sha256: str
    duration_seconds: int | None = omitted()
    width: int | None = omitted()
    height: int | None = omitted()
    video_note: bool | None = omitted()  # true for a round video note; absent otherwise
    id: str | None = omitted()


@dataclass(frozen=True, kw_only=True)
class LocationInfo:
    """A place; a live location's share (`live`) also has its update's number and how
    the sharer moves, where WhatsApp sent them."""

    latitude: float
    longitude: float
    name: str | None = omitted()
    address: str | None = omitted()
    live: bool | None = omitted()  # True or absent
    sequence_number: int | None = omitted()
    accuracy_meters: int | None = omitted()
    speed_mps: float | None = omitted()
    heading_degrees: int | None = omitted()
    caption: str | None = omitted()


@dataclass(frozen=True, kw_only=True)
class ContactInfo:
    name: str
    vcard: str


@dataclass(frozen=True, kw_only=True)
class PollInfo:
    question: str
    options: list[str]
    selectable_count: int


@dataclass(frozen=True, kw_only=True)
class Content:
    """A message's location, contact cards or poll: `type` says which."""

    type: str
    location: LocationInfo | None = omitted()
    contacts: list[ContactInfo] | None = omitted()
    poll: PollInfo | None = omitted()


# ---- session state -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class StateChange:
    state: str
    previous: str
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class Transition:
    """A session's state transition; the session fills in `change` as it makes it."""

    KIND: ClassVar[EventType]  # each kind of transition says its own
    change: StateChange | None = field(default=None, metadata={_FLATTEN: True})


@dataclass(frozen=True, kw_only=True)
class StateChanged(Transition):
    """Started, stopped, or gave up (`detail` says why; `until` when a ban lifts)."""

    KIND: ClassVar[EventType] = EventType.STATE

    detail: str | None = omitted()
    until: str | None = omitted()


@dataclass(frozen=True, kw_only=True)
class QrShown(Transition):
    KIND: ClassVar[EventType] = EventType.QR
    qr: str


@dataclass(frozen=True, kw_only=True)
class SessionConnected(Transition):
    KIND: ClassVar[EventType] = EventType.CONNECTED
    phone: str | None


@dataclass(frozen=True, kw_only=True)
class SessionDisconnected(Transition):
    KIND: ClassVar[EventType] = EventType.DISCONNECTED
    detail: str


@dataclass(frozen=True, kw_only=True)
class Reconnecting(Transition):
    KIND: ClassVar[EventType] = EventType.RECONNECTING
    attempt: int
    delay_seconds: float
    detail: str


@dataclass(frozen=True, kw_only=True)
class ReconnectFailed(Transition):
    KIND: ClassVar[EventType] = EventType.RECONNECT_FAILED
    attempts: int
    last_reason: str


@dataclass(frozen=True, kw_only=True)
class LoggedOutBody(Transition):
    KIND: ClassVar[EventType] = EventType.LOGOUT
    detail: str | None = omitted()  # the phone may still list the device, and why


@dataclass(frozen=True, kw_only=True)
class HealthCheckFailed:
    KIND: ClassVar[EventType] = EventType.HEALTH_CHECK_FAILED
    reason: str


@dataclass(frozen=True, kw_only=True)
class ErrorBody:
    """Something the tenant should know that is no state change: WhatsApp asked the
    number to slow down (`retryAfterSeconds`), or an event was set aside
    (connector/quarantine.py): which one, and the message and chat it names."""

    KIND: ClassVar[EventType] = EventType.ERROR
    code: str
    retry_after_seconds: float | None = omitted()
    message: str
    event_id: str | None = omitted()
    event_type: str | None = omitted()
    message_id: str | None = omitted()
    chat: str | None = omitted()


# ---- messaging -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MessageBody:
    """`from` is the sender's number (null only when WhatsApp named the sender by LID
    alone and no number is known); `chat` a group's id (then `author` names who wrote
    it), or the sender's number (or LID); `type` with a location, contacts or a poll."""

    KIND: ClassVar[EventType] = EventType.MESSAGE
    message_id: str
    sender: str | None = named("from")
    text: str
    timestamp: int
    from_lid: str | None = omitted()
    chat: str
    author: PersonRef | None = omitted()
    media: MediaInfo | None = omitted()
    content: Content | None = field(default=None, metadata={_OMIT: True, _FLATTEN: True})
    ephemeral: bool | None = omitted()  # True or absent
    view_once: bool | None = omitted()  # True or absent
    mentions: list[PersonRef] | None = omitted()  # whom the text or caption mentions
    mention_all: bool | None = omitted()  # True (its "@all": every member) or absent


@dataclass(frozen=True, kw_only=True)
class StatusBody:
    """A status update (story) a contact posted, which WhatsApp sent the account as one
    of the poster's contacts: `from` the poster, `text` (a photo's or video's caption),
    `media` the attachment (fetched as a message's is)."""

    KIND: ClassVar[EventType] = EventType.STATUS
    message_id: str
    sender: str | None = named("from")
    text: str
    timestamp: int
    from_lid: str | None = omitted()
    push_name: str | None = omitted()
    media: MediaInfo | None = omitted()


@dataclass(frozen=True, kw_only=True)
class ReceiptBody:
    KIND: ClassVar[EventType] = EventType.RECEIPT
    message_id: str
    to: str | None
    status: str
    to_lid: str | None = omitted()


@dataclass(frozen=True, kw_only=True)
class Sender:
    """Who did it, as a message event names them: `from` (a number, null only when
    WhatsApp named the person by LID alone), `fromLid` when WhatsApp sent a LID, and
    `chat`: the group's id in a group, else the person's number (or LID)."""

    sender: str | None = named("from")
    from_lid: str | None = omitted()
    chat: str


@dataclass(frozen=True, kw_only=True)
class ReactionBody:
    KIND: ClassVar[EventType] = EventType.REACTION
    message_id: str
    emoji: str  # "": removed
    removed: bool
    timestamp: int
    person: Sender = field(metadata={_FLATTEN: True})


@dataclass(frozen=True, kw_only=True)
class MessageEditedBody:
    KIND: ClassVar[EventType] = EventType.MESSAGE_EDITED
    message_id: str
    text: str
    timestamp: int
    person: Sender = field(metadata={_FLATTEN: True})


@dataclass(frozen=True, kw_only=True)
class MessageRevokedBody:
    KIND: ClassVar[EventType] = EventType.MESSAGE_REVOKED
    message_id: str
    timestamp: int
    person: Sender = field(metadata={_FLATTEN: True})


@dataclass(frozen=True, kw_only=True)
class PollVoteBody:
    KIND: ClassVar[EventType] = EventType.POLL_VOTE
    poll_id: str
    options: list[str]  # the names of the options the voter now chose
    timestamp: int
    person: Sender = field(metadata={_FLATTEN: True})


@dataclass(frozen=True, kw_only=True)
class PresenceBody:
    KIND: ClassVar[EventType] = EventType.PRESENCE
    state: str
    last_seen: int | None = omitted()
    person: Sender = field(metadata={_FLATTEN: True})


@dataclass(frozen=True, kw_only=True)
class GroupUpdateBody:
    KIND: ClassVar[EventType] = EventType.GROUP_UPDATE
    group_id: str
    action: str
    by: PersonRef | None  # null when WhatsApp did not say
    timestamp: int
    participants: list[PersonRef] | None = omitted()
    subject: str | None = omitted()
    description: str | None = omitted()
    settings: GroupSettingsRef | None = omitted()  # action settings: those changed
    picture_id: str | None = omitted()  # action picture: the new one's id, "" removed


@dataclass(frozen=True, kw_only=True)
class HistorySyncBody:
    """A history sync's course: `started` (before its first messages are stored),
    `progress` (after each chunk), `done`. Counts are of this sync so far: `messages`
    received, `stored` new in the message store (a message stored before, or a store
    that is off, adds none)."""

    KIND: ClassVar[EventType] = EventType.HISTORY_SYNC
    status: str  # started | progress | done
    sync_type: str
    chunk: int | None = omitted()  # the chunk just stored (progress, done)
    progress: int  # percent of the sync the phone has sent, as it reports it
    messages: int
    stored: int


@dataclass(frozen=True, kw_only=True)
class CallBody:
    """A call to the account: `status` offer, accept (answered on another of its
    devices), terminate (the caller hung up) or missed (nobody answered in time);
    `from` is the caller (null only when named by LID alone), `groupId` a group call's
    group when WhatsApp names it."""

    KIND: ClassVar[EventType] = EventType.CALL
    call_id: str
    sender: str | None = named("from")
    from_lid: str | None = omitted()
    is_video: bool
    is_group: bool
    group_id: str | None = omitted()
    status: str
    timestamp: int


# ---- webhooks ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class EndpointDisabled:
    KIND: ClassVar[EventType] = EventType.ENDPOINT_DISABLED
    endpoint_id: str
    url: str
    reason: str
    consecutive_failures: int
    failing_since: str
    last_error: str | None


@dataclass(frozen=True, kw_only=True)
class WebhookTest:
    KIND: ClassVar[EventType] = EventType.WEBHOOK_TEST
    endpoint_id: str
    message: str


Body = (
    Transition
    | HealthCheckFailed
    | ErrorBody
    | MessageBody
    | StatusBody
    | ReceiptBody
    | ReactionBody
    | MessageEditedBody
    | MessageRevokedBody
    | PollVoteBody
    | PresenceBody
    | GroupUpdateBody
    | HistorySyncBody
    | CallBody
    | EndpointDisabled
    | WebhookTest
)
