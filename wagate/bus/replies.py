"""Replies: a command's typed result, or a stable error code (never an HTTP status)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from wagate.bus.codec import T, decode, encode


@dataclass(frozen=True)
class SessionView:
    """A session as the connector sees it; the gateway renders it for the API."""

    tenant_id: str
    state: str
    phone: str | None
    reason: str | None
    since: str | None  # ISO 8601, UTC: when the state last changed
    reconnect_attempts: int
    qr: str | None  # the current QR code, while the state is `qr`
    engine: str
    until: str | None = None  # ISO 8601, UTC: failed by a temporary ban, when it lifts
    # what WhatsApp refuses the account now (connector/restrictions.py): a send error code
    restriction: str | None = None
    restricted_until: str | None = None  # ISO 8601, UTC: when it lifts, if WhatsApp said


@dataclass(frozen=True)
class HealthCheck:
    healthy: bool
    checked_at: str | None  # ISO 8601, UTC
    problem: str | None = None  # set when not healthy
    latency_ms: float | None = None  # set when healthy
    age_s: float = 0.0  # how long ago the check ran


@dataclass(frozen=True)
class SessionHealth:
    session: SessionView
    health: HealthCheck


@dataclass(frozen=True)
class SessionList:
    sessions: list[SessionView]


@dataclass(frozen=True)
class Sent:
    message_id: str
    sent_at: str | None  # ISO 8601, UTC
    # a 1:1 chat's two addresses, when known: its number, and its LID (digits, as fromLid)
    chat: str | None = None
    lid: str | None = None


@dataclass(frozen=True)
class MediaSent(Sent):
    """A media send: what went out (after any conversion)."""

    kind: str = ""
    mimetype: str = ""
    size_bytes: int = 0
    sha256: str = ""
    converted: bool = False  # a voice note made OGG/Opus by ffmpeg


@dataclass(frozen=True)
class MediaStored:
    """An incoming attachment's bytes are in the blob store."""

    blob_key: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class MetricsView:
    summary: dict[str, Any]
    prometheus: str  # the connector's metrics in Prometheus' text format


@dataclass(frozen=True)
class PairingCodeIssued:
    session: SessionView
    pairing_code: str


@dataclass(frozen=True)
class Stopped:
    stopped: bool  # False: there was no session to stop


@dataclass(frozen=True)
class Deleted:
    deleted: bool  # False: there was nothing to delete


# ---- number checks, contacts, groups ---------------------------------------------------
# The engines answer with these too (connector/engine.py): one shape from WhatsApp to the API.


@dataclass(frozen=True)
class NumberStatus:
    phone: str  # as asked: E.164 digits
    on_whatsapp: bool
    jid: str = ""  # WhatsApp's address of the account, when on WhatsApp
    lid: str = ""  # its LID (hidden-number id), when WhatsApp told it


@dataclass(frozen=True)
class NumberChecks:
    numbers: list[NumberStatus]


@dataclass(frozen=True)
class LidPair:
    """One account's two addresses: its number and its LID (WhatsApp's hidden-number id)."""

    phone: str  # E.164 digits
    lid: str  # its digits, as events name a LID (fromLid)


@dataclass(frozen=True)
class LidPairs:
    pairs: list[LidPair]  # those the engine knows; an unknown address is left out


@dataclass(frozen=True)
class Profile:
    """A contact's public face: what WhatsApp shows anyone allowed to see it."""

    phone: str
    lid: str = ""
    about: str = ""  # the about text ("" when hidden or unset)
    picture_url: str = ""  # a temporary URL of the profile picture ("" when none or hidden)
    business_name: str = ""  # a business account's verified name, when it has one


@dataclass(frozen=True)
class BusinessHours:
    day_of_week: str  # mon … sun, as WhatsApp names them
    mode: str  # open_24h | appointment_only | specific_hours
    open_time: str = ""  # minutes after midnight, as WhatsApp sends them ("" unless specific)
    close_time: str = ""


@dataclass(frozen=True)
class BusinessProfile:
    """A business account's profile (whatsmeow's GetBusinessProfile)."""

    phone: str
    address: str = ""
    email: str = ""
    categories: list[str] = field(default_factory=list)  # their names
    hours_time_zone: str = ""
    hours: list[BusinessHours] = field(default_factory=list)


@dataclass(frozen=True)
class ChannelInfo:
    """A channel (WhatsApp's newsletter) as the account sees it: `role` is its own there
    (owner | admin | subscriber | guest: not following)."""

    channel_id: str  # …@newsletter
    name: str
    description: str = ""
    followers: int = 0
    role: str = "guest"
    verified: bool = False
    created_at: str | None = None  # ISO 8601, UTC


@dataclass(frozen=True)
class ChannelList:
    channels: list[ChannelInfo]


@dataclass(frozen=True)
class ChannelPost:
    server_id: int  # the post's number in the channel (what `before` pages by)
    message_id: str
    timestamp: str  # ISO 8601, UTC
    kind: str  # text | image | video | … (a post's kind as a message's)
    text: str = ""  # the text, or a photo's or video's caption
    views: int = 0


@dataclass(frozen=True)
class ChannelPosts:
    channel_id: str
    posts: list[ChannelPost]


@dataclass(frozen=True)
class ChannelDone:
    """A follow or unfollow went through."""

    channel_id: str
    following: bool


@dataclass(frozen=True)
class Participant:
    phone: str | None  # None only when WhatsApp named the member by LID alone
    lid: str = ""
    role: str = "member"  # member | admin | superadmin (the group's creator)


@dataclass(frozen=True)
class GroupSettings:
    """A group's settings; in a change, None leaves one as it is (and in a group's info,
    None is one WhatsApp did not say)."""

    announce: bool | None = None  # only admins send messages
    locked: bool | None = None  # only admins edit the group's info
    disappearing_s: int | None = None  # the disappearing-messages timer; 0 is off
    member_add_mode: str | None = None  # admin_add | all_member_add
    join_approval: bool | None = None  # joining by link needs an admin's approval


@dataclass(frozen=True)
class GroupInfo:
    group_id: str  # …@g.us
    subject: str
    description: str = ""
    owner: str | None = None  # the creator's number, when known
    owner_lid: str = ""
    created_at: str | None = None  # ISO 8601, UTC
    participants: list[Participant] = field(default_factory=list)
    # (None: not said, and off the wire as before these were)
    settings: GroupSettings | None = None
    picture_id: str | None = None  # the group picture's id; "" when it has none


@dataclass(frozen=True)
class GroupPicture:
    group_id: str
    picture_id: str  # "" once removed


@dataclass(frozen=True)
class JoinRequest:
    """Someone who asked to join a group by its link, waiting for an admin."""

    phone: str | None  # None only when WhatsApp named them by LID alone
    lid: str = ""
    requested_at: str | None = None  # ISO 8601, UTC


@dataclass(frozen=True)
class JoinRequests:
    group_id: str
    requests: list[JoinRequest]


@dataclass(frozen=True)
class GroupList:
    groups: list[GroupInfo]


@dataclass(frozen=True)
class ParticipantChange:
    """One participant's outcome: WhatsApp answers each on its own."""

    phone: str
    # ok | not_on_whatsapp | already_member | not_member | forbidden | failed |
    # not_requested (approve or reject of someone who did not ask to join)
    status: str
    lid: str = ""


@dataclass(frozen=True)
class ParticipantChanges:
    group_id: str
    action: str
    changes: list[ParticipantChange]


@dataclass(frozen=True)
class GroupInviteLink:
    group_id: str
    code: str
    link: str  # https://chat.whatsapp.com/<code>


@dataclass(frozen=True)
class GroupDone:
    """A group change with nothing else to tell (left, joined)."""

    group_id: str


@dataclass(frozen=True)
class MarkedRead:
    chat: str
    message_ids: list[str]  # the incoming messages now marked read


@dataclass(frozen=True)
class Done:
    """A chat action that sends no message (presence) went through."""

    done: bool = True


@dataclass(frozen=True)
class CallView:
    """A call offered to the session, as the connector remembers it."""

    call_id: str
    caller: str | None  # a number (None: named by LID alone, no number known)
    caller_lid: str
    video: bool
    group: bool
    group_id: str  # a group call's group, when WhatsApp names it ("" otherwise)
    status: str  # offer | accept | terminate | missed | rejected
    offered_at_ms: int


@dataclass(frozen=True)
class CallList:
    calls: list[CallView]  # newest first


@dataclass(frozen=True)
class PrivacySettings:
    """The account's privacy settings (names and values: privacy.PRIVACY_SETTINGS)."""

    last_seen: str
    online: str
    picture: str
    about: str
    groups: str
    read_receipts: str
    calls: str


@dataclass(frozen=True)
class Blocklist:
    phones: list[str]  # the numbers the account blocked


@dataclass(frozen=True)
class Reply:
    """The connector's answer: a result, or a stable error code (wagate/errors.py) with a
    sentence. No HTTP status: the gateway derives it from the code."""

    ok: bool
    data: dict[str, Any] = field(default_factory=dict)  # the encoded result
    code: str | None = None  # stable machine code when not ok
    error: str | None = None  # human sentence when not ok
    retry_after_s: float | None = None  # when not ok: retrying sooner is refused again

    @classmethod
    def success(cls, result: object) -> Reply:
        return cls(ok=True, data=encode(result))

    @classmethod
    def failure(cls, code: str, error: str, retry_after_s: float | None = None) -> Reply:
        return cls(ok=False, code=code, error=error, retry_after_s=retry_after_s)

    def result(self, cls: type[T]) -> T:
        return decode(cls, self.data)

    def to_json(self) -> str:
        return json.dumps(
            {
                "ok": self.ok,
                "data": self.data,
                "code": self.code,
                "error": self.error,
                "retryAfterS": self.retry_after_s,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> Reply:
        d = json.loads(raw)
        return cls(
            ok=bool(d["ok"]),
            data=d.get("data") or {},
            code=d.get("code"),
            error=d.get("error"),
            retry_after_s=d.get("retryAfterS"),
        )
