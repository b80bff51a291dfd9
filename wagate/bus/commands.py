"""Commands: one payload type each, and the command that carries one."""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from wagate.bus import tenant_field
from wagate.bus.codec import decode, encode
from wagate.content import ContactCard, Location, Poll


class CommandType(StrEnum):
    INITIALIZE = "initialize"
    SEND = "send"
    STATUS = "status"
    HEALTH = "health"
    LIST = "list"
    METRICS = "metrics"
    LOGOUT = "logout"
    RESTART = "restart"
    DELETE = "delete"
    PAIRING_CODE = "pairing_code"
    STOP = "stop"  # close the connection, keep the credentials (tenant disabled)
    SEND_MEDIA = "send_media"
    FETCH_MEDIA = "fetch_media"  # copy an incoming attachment into the blob store now
    # messaging: one command per kind of message or chat action
    SEND_LOCATION = "send_location"
    SEND_CONTACTS = "send_contacts"
    SEND_POLL = "send_poll"
    SEND_REACTION = "send_reaction"
    EDIT_MESSAGE = "edit_message"
    REVOKE_MESSAGE = "revoke_message"
    MARK_READ = "mark_read"
    CHAT_PRESENCE = "chat_presence"
    PRESENCE = "presence"
    # number checks, contacts and groups: queries and changes that send no message
    CHECK_NUMBERS = "check_numbers"
    CONTACT_INFO = "contact_info"
    LIST_GROUPS = "list_groups"
    GROUP_INFO = "group_info"
    CREATE_GROUP = "create_group"
    UPDATE_GROUP = "update_group"
    GROUP_PARTICIPANTS = "group_participants"
    LEAVE_GROUP = "leave_group"
    GROUP_INVITE = "group_invite"
    JOIN_GROUP = "join_group"


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


@dataclass(frozen=True)
class Initialize:
    TYPE: ClassVar[CommandType] = CommandType.INITIALIZE


@dataclass(frozen=True)
class Send:
    TYPE: ClassVar[CommandType] = CommandType.SEND
    phone: str
    message: str
    quoted_message_id: str | None = None  # absent stays absent on the wire


@dataclass(frozen=True)
class Status:
    TYPE: ClassVar[CommandType] = CommandType.STATUS


@dataclass(frozen=True)
class Health:
    TYPE: ClassVar[CommandType] = CommandType.HEALTH


@dataclass(frozen=True)
class ListSessions:
    """Tenant scope: the tenant's own session only; operator scope: every session."""

    TYPE: ClassVar[CommandType] = CommandType.LIST


@dataclass(frozen=True)
class Metrics:
    TYPE: ClassVar[CommandType] = CommandType.METRICS


@dataclass(frozen=True)
class Logout:
    TYPE: ClassVar[CommandType] = CommandType.LOGOUT


@dataclass(frozen=True)
class Restart:
    TYPE: ClassVar[CommandType] = CommandType.RESTART


@dataclass(frozen=True)
class Delete:
    TYPE: ClassVar[CommandType] = CommandType.DELETE
    # True: the device stays linked on the phone. None (off the wire, as before): it is
    # unlinked at WhatsApp, as the phone's "Log out" would
    keep_device: bool | None = None


@dataclass(frozen=True)
class PairingCode:
    TYPE: ClassVar[CommandType] = CommandType.PAIRING_CODE
    phone: str


@dataclass(frozen=True)
class Stop:
    TYPE: ClassVar[CommandType] = CommandType.STOP
    reason: str = "stopped"


@dataclass(frozen=True)
class SendMedia:
    """A media message. The bytes are either in the blob store (uploaded or base64:
    `sha256` and `size_bytes` name them: wagate.tables.media.outgoing_id) or at a
    public `url` the connector fetches. `mimetype`: as declared or sniffed by the gateway
    (None for a URL: the connector sniffs); `convert`: a voice note to make OGG/Opus."""

    TYPE: ClassVar[CommandType] = CommandType.SEND_MEDIA
    to: str
    kind: str
    caption: str = ""
    filename: str = ""
    quoted_message_id: str | None = None
    mimetype: str | None = None
    sha256: str | None = None
    size_bytes: int | None = None
    url: str | None = None
    convert: bool = False


@dataclass(frozen=True)
class FetchMedia:
    TYPE: ClassVar[CommandType] = CommandType.FETCH_MEDIA
    media_id: str


# ---- messaging ------------------------------------------------------------
# `to`/`chat` is a number or a group id; a message they name must be in the message log


@dataclass(frozen=True)
class SendLocation:
    TYPE: ClassVar[CommandType] = CommandType.SEND_LOCATION
    to: str
    location: Location
    quoted_message_id: str | None = None


@dataclass(frozen=True)
class SendContacts:
    TYPE: ClassVar[CommandType] = CommandType.SEND_CONTACTS
    to: str
    contacts: list[ContactCard]
    quoted_message_id: str | None = None


@dataclass(frozen=True)
class SendPoll:
    TYPE: ClassVar[CommandType] = CommandType.SEND_POLL
    to: str
    poll: Poll
    quoted_message_id: str | None = None


@dataclass(frozen=True)
class SendReaction:
    """An emoji on a message sent or received in the chat; "" removes the reaction."""

    TYPE: ClassVar[CommandType] = CommandType.SEND_REACTION
    to: str
    message_id: str
    emoji: str


@dataclass(frozen=True)
class EditMessage:
    """New text for a message this session sent, within WhatsApp's edit window."""

    TYPE: ClassVar[CommandType] = CommandType.EDIT_MESSAGE
    chat: str
    message_id: str
    text: str


@dataclass(frozen=True)
class RevokeMessage:
    """Delete for everyone a message this session sent."""

    TYPE: ClassVar[CommandType] = CommandType.REVOKE_MESSAGE
    chat: str
    message_id: str


@dataclass(frozen=True)
class MarkRead:
    """Read receipts for the given incoming messages of the chat, or (`up_to`) for every
    incoming message of the chat up to that one not marked yet."""

    TYPE: ClassVar[CommandType] = CommandType.MARK_READ
    chat: str
    message_ids: list[str]
    up_to: str | None = None


@dataclass(frozen=True)
class ChatPresence:
    TYPE: ClassVar[CommandType] = CommandType.CHAT_PRESENCE
    chat: str
    state: str  # typing | recording | paused


@dataclass(frozen=True)
class Presence:
    TYPE: ClassVar[CommandType] = CommandType.PRESENCE
    available: bool


MESSAGING_PAYLOADS = (
    SendLocation, SendContacts, SendPoll, SendReaction, EditMessage, RevokeMessage,
    MarkRead, ChatPresence, Presence,
)  # fmt: skip


# ---- number checks, contacts, groups (each answered by a result in replies.py) ----------


@dataclass(frozen=True)
class CheckNumbers:
    TYPE: ClassVar[CommandType] = CommandType.CHECK_NUMBERS
    phones: list[str]  # E.164 digits; the gateway sends only those its cache lacks


@dataclass(frozen=True)
class ContactInfo:
    TYPE: ClassVar[CommandType] = CommandType.CONTACT_INFO
    phone: str


@dataclass(frozen=True)
class ListGroups:
    TYPE: ClassVar[CommandType] = CommandType.LIST_GROUPS


@dataclass(frozen=True)
class GroupInfoQuery:
    TYPE: ClassVar[CommandType] = CommandType.GROUP_INFO
    group_id: str


@dataclass(frozen=True)
class CreateGroup:
    TYPE: ClassVar[CommandType] = CommandType.CREATE_GROUP
    subject: str
    participants: list[str]


@dataclass(frozen=True)
class UpdateGroup:
    """Either or both; None leaves it as it is."""

    TYPE: ClassVar[CommandType] = CommandType.UPDATE_GROUP
    group_id: str
    subject: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class GroupParticipants:
    TYPE: ClassVar[CommandType] = CommandType.GROUP_PARTICIPANTS
    group_id: str
    action: str  # add | remove | promote | demote (connector.engine.PARTICIPANT_ACTIONS)
    participants: list[str]


@dataclass(frozen=True)
class LeaveGroup:
    TYPE: ClassVar[CommandType] = CommandType.LEAVE_GROUP
    group_id: str


@dataclass(frozen=True)
class GroupInviteQuery:
    TYPE: ClassVar[CommandType] = CommandType.GROUP_INVITE
    group_id: str
    revoke: bool = False  # True: the current link stops working, a new one is made


@dataclass(frozen=True)
class JoinGroup:
    TYPE: ClassVar[CommandType] = CommandType.JOIN_GROUP
    code: str  # the invite code (the last part of a chat.whatsapp.com link)


CommandPayload = (
    Initialize
    | Send
    | Status
    | Health
    | ListSessions
    | Metrics
    | Logout
    | Restart
    | Delete
    | PairingCode
    | Stop
    | SendMedia
    | FetchMedia
    | SendLocation
    | SendContacts
    | SendPoll
    | SendReaction
    | EditMessage
    | RevokeMessage
    | MarkRead
    | ChatPresence
    | Presence
    | CheckNumbers
    | ContactInfo
    | ListGroups
    | GroupInfoQuery
    | CreateGroup
    | UpdateGroup
    | GroupParticipants
    | LeaveGroup
    | GroupInviteQuery
    | JoinGroup
)
PAYLOADS: dict[CommandType, type[CommandPayload]] = {
    cls.TYPE: cls
    for cls in (
        Initialize, Send, Status, Health, ListSessions, Metrics,
        Logout, Restart, Delete, PairingCode, Stop,
        SendMedia, FetchMedia, *MESSAGING_PAYLOADS,
        CheckNumbers, ContactInfo, ListGroups, GroupInfoQuery, CreateGroup, UpdateGroup,
        GroupParticipants, LeaveGroup, GroupInviteQuery, JoinGroup,
    )
}  # fmt: skip


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
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
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
            object.__setattr__(self, "payload", expected())  # type: ignore[call-arg]
        elif dataclasses.is_dataclass(self.payload):
            if not isinstance(self.payload, expected):
                raise TypeError(f"a {self.type} command carries {expected.__name__}")
        else:  # the wire form; anything but an object of the right fields: ValueError
            object.__setattr__(self, "payload", decode(expected, self.payload))

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
        """The payload in its wire form (also what an Idempotency-Key's body hash covers)."""
        encoded: dict[str, Any] = encode(self.body())
        return encoded

    def to_fields(self) -> dict[str, str]:
        return {
            "id": self.id,
            "type": self.type.value,
            "scope": self.scope.value,
            **tenant_field.written(self.tenant_id or ""),
            "payload": json.dumps(self.payload_fields(), separators=(",", ":")),
            "issued_at_ms": str(self.issued_at_ms),
        }

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> Command:
        """The command of a stream entry. One it cannot run raises CommandRefused (the
        connector answers it with the code); one without an id, KeyError (unanswerable)."""
        command_id = fields["id"]
        try:
            kind = CommandType(fields["type"])
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
            return cls(
                id=command_id,
                type=kind,
                tenant_id=tenant_id or None,
                scope=scope,
                payload=json.loads(fields.get("payload") or "{}"),
                issued_at_ms=int(fields.get("issued_at_ms") or 0),
            )
        except CommandRefused:
            raise
        except (ValueError, TypeError) as e:
            raise CommandRefused("invalid_command", f"a malformed {kind} command: {e}") from None
