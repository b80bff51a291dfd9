"""The bus contract between gateways and the connector: key names and message shapes.

This is the only code both sides import. Everything that crosses Redis is defined in
this package, and nothing here knows HTTP: a reply says what happened (a typed result,
or a stable error code from wagate/errors.py); the gateway alone picks the HTTP status
and the response's JSON shape.

- commands (`commands.py`): one stream read by the connector through a consumer group,
  so a command the connector took but did not finish stays pending and is re-delivered
  after a crash; each command type has its own frozen payload dataclass;
- replies (`replies.py`): a result dataclass or an error code, published on the inbox of
  the gateway process that sent the command (`inbox.py`), whose one reader wakes the
  request waiting for it; a command naming no inbox (an older gateway's) is answered on
  a list of its own, which its gateway pops with a timeout;
- events (`events.py`): one stream per tenant, capped in length, so a WebSocket client
  can resume from the last id it saw. Each event also has its own id (`evt_...`), made
  once when the event happens: the same id is the webhook-id of its webhook deliveries.
  Its `data` is the public JSON its producer rendered from a typed body
  (wagate/public_events.py, which also renders frames and webhook bodies); the bus
  carries it as is;
- key names and stream decoding (`keys.py`); payloads and results are encoded and
  decoded in one place (`codec.py`), only through `Command` and `Reply`.
- what a gateway needs of all this (`caller.py`): `CommandBus`, a command in and its
  reply out, over Redis in a deployment, in memory in the gateway's in-process tests.

Adding a command:
1. in commands.py, a `CommandType` member and one frozen payload dataclass with `TYPE`
   set to it, registered by `@payload` (which fills `PAYLOADS`); in replies.py, its
   result dataclass if it answers with data (export both here);
2. in connector/commands.py, one handler in `_routes` (its typed payload is
   `command.body()`) returning a `Reply`;
3. in the gateway, one route that builds `Command.of(tenant_id, Payload(...))`, calls
   `bus.call_ok(command, Result)` and renders the result. A command for every tenant
   (an operator's) is `Command.for_operator(Payload())`, for the kinds `SCOPES` allows;
4. the wire fixtures (tests/wagate/wire_fixtures/): regenerate the unreleased ones.

Adding a kind of message is no new command: every message is one `SendMessage(chat,
content, quoted_message_id)`, its content one of wagate/content.py's types, tagged by
`kind` on the wire (codec.py decodes the tagged union). A new kind is its content
dataclass there (with its `TAGS`, a member of `SentAsIs`; an `ActsOnMessage` when it
names another message of the chat, whose target the connector then finds for it), a
body schema declaring its route (gateway/schemas.py `sent_at`), the sim network's model
of it and the engine host's builder of it: docs/architecture.md lists the files.
The previous release's commands per kind are read and written by legacy_sends.py.

Across releases (CHANGELOG.md): a connector reads the entries of the previous release's
gateways and the reverse, so a rolling upgrade never stops the bus; a field renamed is
written under both names and read under either for one release (`tenant_field.py`).
"""

from __future__ import annotations

from wagate.bus.caller import CommandBus
from wagate.bus.commands import (  # number checks, contacts, groups
    CHAT_STATES,
    PAYLOADS,
    REQUEST_ACTIONS,
    AnswerGroupRequests,
    BusinessProfileQuery,
    ChannelInfoQuery,
    ChannelPostsQuery,
    ChatPresence,
    CheckNumbers,
    Command,
    CommandPayload,
    CommandRefused,
    CommandScope,
    CommandType,
    ContactInfo,
    CreateGroup,
    Delete,
    FetchMedia,
    FollowChannel,
    GroupInfoQuery,
    GroupInviteQuery,
    GroupParticipants,
    GroupRequestsQuery,
    Health,
    Initialize,
    JoinGroup,
    LeaveGroup,
    ListChannels,
    ListGroups,
    ListSessions,
    Logout,
    LookupLids,
    MarkRead,
    Metrics,
    PairingCode,
    Presence,
    RequestHistory,
    Restart,
    SendMessage,
    SetChatState,
    SetGroupPicture,
    SetGroupSettings,
    SetProfile,
    SetProfilePicture,
    Status,
    Stop,
    SubscribePresence,
    UpdateGroup,
)
from wagate.bus.events import Event, EventType, new_event_id, stable_event_id
from wagate.bus.inbox import (
    INBOX_FIELD,
    inbox_entry,
    inbox_of,
    naming_inbox,
    new_inbox_name,
    read_inbox_entry,
)
from wagate.bus.keys import (
    CONSUMER_GROUP,
    EVENT_STREAM_MAXLEN,
    LONGEST_BLOCK_S,
    REPLY_TTL_SECONDS,
    BusKeys,
    StreamEntry,
    decode_entries,
    decode_read,
    socket_timeout_for,
)
from wagate.bus.replies import (  # number checks, contacts, groups
    BusinessHours,
    BusinessProfile,
    ChannelDone,
    ChannelInfo,
    ChannelList,
    ChannelPost,
    ChannelPosts,
    Deleted,
    Done,
    GroupDone,
    GroupInfo,
    GroupInviteLink,
    GroupList,
    GroupPicture,
    GroupSettings,
    HealthCheck,
    JoinRequest,
    JoinRequests,
    LidPair,
    LidPairs,
    MarkedRead,
    MediaSent,
    MediaStored,
    MetricsView,
    NumberChecks,
    NumberStatus,
    PairingCodeIssued,
    Participant,
    ParticipantChange,
    ParticipantChanges,
    Profile,
    Reply,
    Sent,
    SessionHealth,
    SessionList,
    SessionView,
    Stopped,
)

__all__ = [
    "CheckNumbers",
    "ContactInfo",
    "LookupLids",
    "LidPair",
    "LidPairs",
    "CreateGroup",
    "GroupDone",
    "GroupInfo",
    "GroupInfoQuery",
    "GroupInviteLink",
    "GroupInviteQuery",
    "GroupList",
    "GroupParticipants",
    "JoinGroup",
    "LeaveGroup",
    "ListGroups",
    "NumberChecks",
    "NumberStatus",
    "Participant",
    "ParticipantChange",
    "ParticipantChanges",
    "Profile",
    "UpdateGroup",
    "AnswerGroupRequests",
    "GroupPicture",
    "GroupRequestsQuery",
    "GroupSettings",
    "JoinRequest",
    "JoinRequests",
    "REQUEST_ACTIONS",
    "SetGroupPicture",
    "SetGroupSettings",
    "BusinessHours",
    "BusinessProfile",
    "BusinessProfileQuery",
    "SetProfile",
    "SetProfilePicture",
    "ChannelDone",
    "ChannelInfo",
    "ChannelInfoQuery",
    "ChannelList",
    "ChannelPost",
    "ChannelPosts",
    "ChannelPostsQuery",
    "FollowChannel",
    "ListChannels",
    "CONSUMER_GROUP",
    "EVENT_STREAM_MAXLEN",
    "INBOX_FIELD",
    "inbox_entry",
    "inbox_of",
    "naming_inbox",
    "new_inbox_name",
    "read_inbox_entry",
    "LONGEST_BLOCK_S",
    "PAYLOADS",
    "REPLY_TTL_SECONDS",
    "BusKeys",
    "CHAT_STATES",
    "ChatPresence",
    "Command",
    "CommandBus",
    "CommandPayload",
    "CommandRefused",
    "CommandScope",
    "CommandType",
    "Delete",
    "Deleted",
    "Done",
    "Event",
    "FetchMedia",
    "EventType",
    "Health",
    "HealthCheck",
    "Initialize",
    "ListSessions",
    "Logout",
    "MediaSent",
    "MediaStored",
    "MarkRead",
    "RequestHistory",
    "MarkedRead",
    "Metrics",
    "MetricsView",
    "PairingCode",
    "PairingCodeIssued",
    "Presence",
    "SetChatState",
    "Reply",
    "Restart",
    "SendMessage",
    "Sent",
    "SessionHealth",
    "SessionList",
    "SessionView",
    "Status",
    "Stop",
    "Stopped",
    "StreamEntry",
    "SubscribePresence",
    "decode_entries",
    "decode_read",
    "new_event_id",
    "socket_timeout_for",
    "stable_event_id",
]
