"""Commands: one payload type each, and the command that carries one."""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Protocol, TypeVar

from wagate.bus import legacy_sends, tenant_field
from wagate.bus.codec import decode, encode
from wagate.bus.replies import GroupSettings
from wagate.content import SendContent
from wagate.ids import random_hex


class CommandType(StrEnum):
    INITIALIZE = "initialize"
    # one message of any kind (its content says which); the previous release's command
    # per kind is read as one of these (legacy_sends.py)
    SEND_MESSAGE = "send_message"
    STATUS = "status"
    HEALTH = "health"
    LIST = "list"
    METRICS = "metrics"
    LOGOUT = "logout"
    RESTART = "restart"
    DELETE = "delete"
    PAIRING_CODE = "pairing_code"
    STOP = "stop"  # close the connection, keep the credentials (tenant disabled)
    FETCH_MEDIA = "fetch_media"  # copy an incoming attachment into the blob store now
    # chat actions that send no message
    MARK_READ = "mark_read"
    CHAT_PRESENCE = "chat_presence"
    PRESENCE = "presence"
    SUBSCRIBE_PRESENCE = "subscribe_presence"  # a contact's availability, as events
    # ask the phone for a chat's messages older than the oldest stored (history sync)
    REQUEST_HISTORY = "request_history"
    CHAT_STATE = "chat_state"  # archive, pin, mute, mark unread: WhatsApp's app state
    # number checks, contacts and groups: queries and changes that send no message
    CHECK_NUMBERS = "check_numbers"
    CONTACT_INFO = "contact_info"
    LOOKUP_LIDS = "lookup_lids"  # which number and LID belong together
    LIST_GROUPS = "list_groups"
    GROUP_INFO = "group_info"
    CREATE_GROUP = "create_group"
    UPDATE_GROUP = "update_group"
    GROUP_PARTICIPANTS = "group_participants"
    LEAVE_GROUP = "leave_group"
    GROUP_INVITE = "group_invite"
    JOIN_GROUP = "join_group"
    GROUP_SETTINGS = "group_settings"
    GROUP_PICTURE = "group_picture"
    GROUP_REQUESTS = "group_requests"  # the join requests waiting for an admin
    ANSWER_GROUP_REQUESTS = "answer_group_requests"
    # calls, privacy settings and the blocklist: the account's own, at WhatsApp
    REJECT_CALL = "reject_call"
    LIST_CALLS = "list_calls"  # the calls offered lately, as the connector remembers them
    GET_PRIVACY = "get_privacy"
    SET_PRIVACY = "set_privacy"
    GET_BLOCKLIST = "get_blocklist"
    UPDATE_BLOCKLIST = "update_blocklist"
    # the account's own profile (push name, about, picture), and a business's profile
    SET_PROFILE = "set_profile"
    PROFILE_PICTURE = "profile_picture"
    BUSINESS_PROFILE = "business_profile"
    # channels (WhatsApp's newsletters): the followed ones, one's info, follow or unfollow,
    # its posts; posting is a send to the channel's id
    LIST_CHANNELS = "list_channels"
    CHANNEL_INFO = "channel_info"
    FOLLOW_CHANNEL = "follow_channel"
    CHANNEL_POSTS = "channel_posts"


REQUEST_ACTIONS = ("approve", "reject")  # what an admin does with a join request


class CommandScope(StrEnum):
    """Whose command it is. Said on the wire, never inferred from a missing tenant: an
    entry naming no tenant (a gateway of an older release) is refused, not run for all."""

    TENANT = "tenant"  # names one tenant and acts on that tenant alone
    OPERATOR = "operator"  # names none and acts on every tenant (a listing, the metrics)


class CommandRefused(ValueError):
    """A command the connector answers with a refusal (`code`) instead of running it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class CommandPayload(Protocol):
    """Any command's payload: a frozen dataclass below, its `TYPE` the command's."""

    TYPE: ClassVar[CommandType]


# every payload class by its command type, filled by `@payload`: a payload is declared
# once, by its class
PAYLOADS: dict[CommandType, type[CommandPayload]] = {}
_Payload = TypeVar("_Payload", bound=type[CommandPayload])


def payload(cls: _Payload) -> _Payload:
    PAYLOADS[cls.TYPE] = cls
    return cls


@payload
@dataclass(frozen=True)
class Initialize:
    TYPE: ClassVar[CommandType] = CommandType.INITIALIZE


@payload
@dataclass(frozen=True)
class SendMessage:
    """One message of any kind to `chat` (a number, a group id, or a LID as `digits@lid`,
    sent to its number); `quoted_message_id` makes it a reply to a message sent or
    received in the session. A message the content names (a reaction's, edit's or
    revoke's target) must be in the message log. Answered by `Sent`, or `MediaSent` for
    an attachment."""

    TYPE: ClassVar[CommandType] = CommandType.SEND_MESSAGE
    chat: str
    content: SendContent
    quoted_message_id: str | None = None  # absent stays absent on the wire


@payload
@dataclass(frozen=True)
class Status:
    TYPE: ClassVar[CommandType] = CommandType.STATUS


@payload
@dataclass(frozen=True)
class Health:
    TYPE: ClassVar[CommandType] = CommandType.HEALTH


@payload
@dataclass(frozen=True)
class ListSessions:
    """Tenant scope: the tenant's own session only; operator scope: every session. In
    company id order, those in `state` only if given, after the company id `after`,
    `limit` + 1 of them at most when a limit is given (the one past the page says there
    is a next one). A connector of an earlier release ignores these and lists them all:
    the gateway narrows the list again (gateway/session_listing.py)."""

    TYPE: ClassVar[CommandType] = CommandType.LIST
    state: str | None = None
    after: str | None = None
    limit: int | None = None

    def lists(self, tenant_id: str, state: str) -> bool:
        """Whether a session of `tenant_id` in `state` is among those asked for."""
        return (self.state is None or state == self.state) and (
            self.after is None or tenant_id > self.after
        )


@payload
@dataclass(frozen=True)
class Metrics:
    TYPE: ClassVar[CommandType] = CommandType.METRICS


@payload
@dataclass(frozen=True)
class Logout:
    TYPE: ClassVar[CommandType] = CommandType.LOGOUT


@payload
@dataclass(frozen=True)
class Restart:
    TYPE: ClassVar[CommandType] = CommandType.RESTART


@payload
@dataclass(frozen=True)
class Delete:
    TYPE: ClassVar[CommandType] = CommandType.DELETE
    # True: the device stays linked on the phone. None (off the wire, as before): it is
    # unlinked at WhatsApp, as the phone's "Log out" would
    keep_device: bool | None = None


@payload
@dataclass(frozen=True)
class PairingCode:
    TYPE: ClassVar[CommandType] = CommandType.PAIRING_CODE
    phone: str


@payload
@dataclass(frozen=True)
class Stop:
    TYPE: ClassVar[CommandType] = CommandType.STOP
    reason: str = "stopped"


@payload
@dataclass(frozen=True)
class FetchMedia:
    TYPE: ClassVar[CommandType] = CommandType.FETCH_MEDIA
    media_id: str


# ---- chat actions: `chat` is a number or a group id ------------------------------------


@payload
@dataclass(frozen=True)
class MarkRead:
    """Read receipts for the given incoming messages of the chat, or (`up_to`) for every
    incoming message of the chat up to that one not marked yet."""

    TYPE: ClassVar[CommandType] = CommandType.MARK_READ
    chat: str
    message_ids: list[str]
    up_to: str | None = None


@payload
@dataclass(frozen=True)
class ChatPresence:
    TYPE: ClassVar[CommandType] = CommandType.CHAT_PRESENCE
    chat: str
    state: str  # typing | recording | paused


@payload
@dataclass(frozen=True)
class Presence:
    TYPE: ClassVar[CommandType] = CommandType.PRESENCE
    available: bool


@payload
@dataclass(frozen=True)
class SubscribePresence:
    """Ask WhatsApp for `phone`'s availability changes: `presence` events follow."""

    TYPE: ClassVar[CommandType] = CommandType.SUBSCRIBE_PRESENCE
    phone: str


CHAT_STATES = ("archived", "pinned", "muted", "unread")


@payload
@dataclass(frozen=True)
class RequestHistory:
    """Up to `count` messages of the chat older than its oldest stored one, which the
    phone needs named (WhatsApp's on-demand history request); they arrive later as a
    history sync of type on_demand."""

    TYPE: ClassVar[CommandType] = CommandType.REQUEST_HISTORY
    chat: str
    oldest_id: str
    oldest_from_me: bool
    oldest_at_ms: int
    count: int


@payload
@dataclass(frozen=True)
class SetChatState:
    """One change of how the account's phone and devices show a chat, synced by WhatsApp
    through app state: `state` (one of CHAT_STATES) set (`on`) or undone. A mute lasts
    until `muted_until_ms` (epoch ms; 0: forever)."""

    TYPE: ClassVar[CommandType] = CommandType.CHAT_STATE
    chat: str
    state: str
    on: bool
    muted_until_ms: int = 0


# ---- number checks, contacts, groups (each answered by a result in replies.py) ----------


@payload
@dataclass(frozen=True)
class CheckNumbers:
    TYPE: ClassVar[CommandType] = CommandType.CHECK_NUMBERS
    phones: list[str]  # E.164 digits; the gateway sends only those its cache lacks


@payload
@dataclass(frozen=True)
class ContactInfo:
    TYPE: ClassVar[CommandType] = CommandType.CONTACT_INFO
    phone: str


@payload
@dataclass(frozen=True)
class LookupLids:
    TYPE: ClassVar[CommandType] = CommandType.LOOKUP_LIDS
    addresses: list[str]  # E.164 digits (a number) or digits@lid (a LID)


@payload
@dataclass(frozen=True)
class ListGroups:
    TYPE: ClassVar[CommandType] = CommandType.LIST_GROUPS


@payload
@dataclass(frozen=True)
class GroupInfoQuery:
    TYPE: ClassVar[CommandType] = CommandType.GROUP_INFO
    group_id: str


@payload
@dataclass(frozen=True)
class CreateGroup:
    TYPE: ClassVar[CommandType] = CommandType.CREATE_GROUP
    subject: str
    participants: list[str]


@payload
@dataclass(frozen=True)
class UpdateGroup:
    """Either or both; None leaves it as it is."""

    TYPE: ClassVar[CommandType] = CommandType.UPDATE_GROUP
    group_id: str
    subject: str | None = None
    description: str | None = None


@payload
@dataclass(frozen=True)
class GroupParticipants:
    TYPE: ClassVar[CommandType] = CommandType.GROUP_PARTICIPANTS
    group_id: str
    action: str  # add | remove | promote | demote (connector.engine.PARTICIPANT_ACTIONS)
    participants: list[str]


@payload
@dataclass(frozen=True)
class LeaveGroup:
    TYPE: ClassVar[CommandType] = CommandType.LEAVE_GROUP
    group_id: str


@payload
@dataclass(frozen=True)
class GroupInviteQuery:
    TYPE: ClassVar[CommandType] = CommandType.GROUP_INVITE
    group_id: str
    revoke: bool = False  # True: the current link stops working, a new one is made


@payload
@dataclass(frozen=True)
class JoinGroup:
    TYPE: ClassVar[CommandType] = CommandType.JOIN_GROUP
    code: str  # the invite code (the last part of a chat.whatsapp.com link)


@payload
@dataclass(frozen=True)
class SetGroupSettings:
    """Each setting not None, one after another (WhatsApp takes one per request);
    answered by the group as it is then."""

    TYPE: ClassVar[CommandType] = CommandType.GROUP_SETTINGS
    group_id: str
    settings: GroupSettings


@payload
@dataclass(frozen=True)
class SetGroupPicture:
    TYPE: ClassVar[CommandType] = CommandType.GROUP_PICTURE
    group_id: str
    jpeg: str | None  # base64 of a JPEG WhatsApp takes (640x640 at most); None removes it


@payload
@dataclass(frozen=True)
class GroupRequestsQuery:
    TYPE: ClassVar[CommandType] = CommandType.GROUP_REQUESTS
    group_id: str


@payload
@dataclass(frozen=True)
class AnswerGroupRequests:
    TYPE: ClassVar[CommandType] = CommandType.ANSWER_GROUP_REQUESTS
    group_id: str
    action: str  # approve | reject (REQUEST_ACTIONS)
    participants: list[str]


# the scopes a kind of command may have; every kind not named: tenant scope only
SCOPES: dict[CommandType, frozenset[CommandScope]] = {
    CommandType.LIST: frozenset(CommandScope),
    CommandType.METRICS: frozenset({CommandScope.OPERATOR}),
}
_TENANT_ONLY = frozenset({CommandScope.TENANT})


def _scope_refused(message: str) -> CommandRefused:
    return CommandRefused("command_scope_invalid", message)


@dataclass(frozen=True)
class Command:
    """A command for one tenant's session (`tenant_id` set, tenant scope), or an
    operator's for every tenant (`tenant_id` None, operator scope)."""

    type: CommandType
    tenant_id: str | None
    # a payload of `type`; none (or its wire form, a dict) is made into one on creation
    payload: CommandPayload | dict[str, Any] | None = None
    id: str = field(default_factory=lambda: random_hex(16))
    issued_at_ms: int = field(default_factory=lambda: int(time.time() * 1000))
    scope: CommandScope = CommandScope.TENANT

    def __post_init__(self) -> None:
        if self.scope is CommandScope.TENANT and not self.tenant_id:
            raise _scope_refused(f"a {self.type} command names no tenant and no operator scope")
        if self.scope is CommandScope.OPERATOR and self.tenant_id is not None:
            raise _scope_refused(f"a {self.type} command names a tenant and operator scope")
        if self.scope not in SCOPES.get(self.type, _TENANT_ONLY):
            raise _scope_refused(f"a {self.type} command is not taken with {self.scope} scope")
        expected = PAYLOADS[self.type]
        if self.payload is None:
            object.__setattr__(self, "payload", expected())
        elif dataclasses.is_dataclass(self.payload):
            if not isinstance(self.payload, expected):
                raise TypeError(f"a {self.type} command carries {expected.__name__}")
        elif isinstance(self.payload, dict):  # the wire form: of the right fields, or
            object.__setattr__(self, "payload", decode(expected, self.payload))  # ValueError
        else:
            raise ValueError(f"a {self.type} command's payload is not an object")

    @classmethod
    def of(cls, tenant_id: str, payload: CommandPayload) -> Command:
        return cls(payload.TYPE, tenant_id, payload)

    @classmethod
    def for_operator(cls, payload: CommandPayload) -> Command:
        return cls(payload.TYPE, None, payload, scope=CommandScope.OPERATOR)

    @property
    def tenant(self) -> str:
        """The tenant of a tenant-scoped command (the only scope most kinds take)."""
        if self.tenant_id is None:
            raise ValueError(f"an operator's {self.type} command names no tenant")
        return self.tenant_id

    def body(self) -> CommandPayload:
        """The payload, typed (always a payload once created)."""
        assert self.payload is not None and not isinstance(self.payload, dict)
        return self.payload

    def payload_fields(self) -> dict[str, Any]:
        """The payload in its wire form, as written (also what an Idempotency-Key's body
        hash covers: a send hashes as the previous release's did)."""
        return self._written()[1]

    def _written(self) -> tuple[str, dict[str, Any]]:
        kind, payload = self.type.value, encode(self.body())
        if self.type is CommandType.SEND_MESSAGE:  # as the previous release reads it
            kind, payload = legacy_sends.written(payload)
        return kind, payload

    def to_fields(self) -> dict[str, str]:
        kind, payload = self._written()
        return {
            "id": self.id,
            "type": kind,
            "scope": self.scope.value,
            **tenant_field.written(self.tenant_id or ""),
            "payload": json.dumps(payload, separators=(",", ":")),
            "issued_at_ms": str(self.issued_at_ms),
        }

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> Command:
        """The command of a stream entry. One it cannot run raises CommandRefused (the
        connector answers it with the code); one without an id, KeyError (unanswerable)."""
        command_id = fields["id"]
        legacy = fields.get("type") in legacy_sends.COMMANDS
        try:
            kind = CommandType.SEND_MESSAGE if legacy else CommandType(fields["type"])
        except (KeyError, ValueError):
            raise CommandRefused(
                "unknown_command", f"unknown command {fields.get('type')!r}"
            ) from None
        try:
            tenant_id = tenant_field.read(fields)
            # entries of releases before v0.3.0 carry no scope: they are a tenant's
            scope = CommandScope(fields.get("scope") or CommandScope.TENANT)
        except ValueError as e:
            raise _scope_refused(f"a {kind} command: {e}") from None
        try:
            payload = json.loads(fields.get("payload") or "{}")
            if legacy:
                payload = legacy_sends.read(fields["type"], payload)
            return cls(
                id=command_id,
                type=kind,
                tenant_id=tenant_id or None,
                scope=scope,
                payload=payload,
                issued_at_ms=int(fields.get("issued_at_ms") or 0),
            )
        except CommandRefused:
            raise
        except (ValueError, TypeError) as e:
            raise CommandRefused("invalid_command", f"a malformed {kind} command: {e}") from None


# ---- calls, privacy, the blocklist (answered by results in replies.py) -----------------


@payload
@dataclass(frozen=True)
class RejectCall:
    """Decline a call offered to the session (one it was told of lately)."""

    TYPE: ClassVar[CommandType] = CommandType.REJECT_CALL
    call_id: str


@payload
@dataclass(frozen=True)
class ListCalls:
    TYPE: ClassVar[CommandType] = CommandType.LIST_CALLS


@payload
@dataclass(frozen=True)
class GetPrivacy:
    TYPE: ClassVar[CommandType] = CommandType.GET_PRIVACY


@payload
@dataclass(frozen=True)
class SetPrivacy:
    """One setting (a key of privacy.PRIVACY_VALUES) to one of its values."""

    TYPE: ClassVar[CommandType] = CommandType.SET_PRIVACY
    setting: str
    value: str


@payload
@dataclass(frozen=True)
class GetBlocklist:
    TYPE: ClassVar[CommandType] = CommandType.GET_BLOCKLIST


@payload
@dataclass(frozen=True)
class UpdateBlocklist:
    TYPE: ClassVar[CommandType] = CommandType.UPDATE_BLOCKLIST
    phone: str
    block: bool  # False: unblock


# ---- the account's own profile, and a business's (profile_commands.py answers them) ----


@payload
@dataclass(frozen=True)
class SetProfile:
    """The account's push name (the name its messages carry) and/or about text; None
    leaves it as it is."""

    TYPE: ClassVar[CommandType] = CommandType.SET_PROFILE
    push_name: str | None = None
    about: str | None = None


@payload
@dataclass(frozen=True)
class SetProfilePicture:
    """The account's profile picture: a JPEG the gateway stored as an upload (named by
    its sha256, as a media send names one), or none (`sha256` None) to remove it."""

    TYPE: ClassVar[CommandType] = CommandType.PROFILE_PICTURE
    sha256: str | None = None


@payload
@dataclass(frozen=True)
class BusinessProfileQuery:
    TYPE: ClassVar[CommandType] = CommandType.BUSINESS_PROFILE
    phone: str


# ---- channels (channel_commands.py answers them) ---------------------------------------


@payload
@dataclass(frozen=True)
class ListChannels:
    TYPE: ClassVar[CommandType] = CommandType.LIST_CHANNELS


@payload
@dataclass(frozen=True)
class ChannelInfoQuery:
    TYPE: ClassVar[CommandType] = CommandType.CHANNEL_INFO
    channel_id: str  # …@newsletter


@payload
@dataclass(frozen=True)
class FollowChannel:
    TYPE: ClassVar[CommandType] = CommandType.FOLLOW_CHANNEL
    channel_id: str
    follow: bool  # False: unfollow


@payload
@dataclass(frozen=True)
class ChannelPostsQuery:
    """The channel's newest `count` posts, or those before the post numbered `before`
    (WhatsApp's server id of a post)."""

    TYPE: ClassVar[CommandType] = CommandType.CHANNEL_POSTS
    channel_id: str
    count: int
    before: int | None = None
