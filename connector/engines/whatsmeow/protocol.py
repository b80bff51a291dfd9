"""What the connector and a whatsmeow worker process say to each other.

Every message is one of the frozen dataclasses below (the engine's own event and result
types included); anything else arriving on the socket is a broken peer, and the
connection is dropped. Frames are a 4-byte length and a pickle: both ends are the same
wagate install, parent and child over a socketpair nobody else holds.

A media file crosses in `MediaChunk` frames of its request (at most CHUNK_BYTES each, in
order, the last one marked), never as one frame: after a `Send` of an attachment the
connector sends the file's chunks; to a `DownloadMedia` the worker answers with the
file's chunks, then the `Reply`.
"""

from __future__ import annotations

import asyncio
import pickle
import struct
from dataclasses import dataclass
from typing import Any

from connector.engine import EngineEvent, Outgoing, OutgoingMedia, Quote, SentMessage
from wagate.bus import GroupInfo, NumberStatus, ParticipantChange, Profile

# what a Call answers besides a SentMessage or nothing
CallAnswer = list[NumberStatus] | Profile | list[GroupInfo] | GroupInfo | list[ParticipantChange]

_HEADER = struct.Struct("!I")
MAX_FRAME = 16 * 1024 * 1024


# ---- connector -> worker ----------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    """The first frame: what the worker's engine needs. Never logged (holds the DSN)."""

    database_url: str
    schema: str
    max_sessions: int


@dataclass(frozen=True)
class Start:
    request: int
    session: int
    tenant_id: str
    credentials: dict[str, Any] | None


@dataclass(frozen=True)
class Send:
    """One message of any kind (Engine.send). An Attachment crosses as its
    OutgoingMedia: its bytes follow in MediaChunk frames of this request."""

    request: int
    session: int
    chat: str
    content: Outgoing | OutgoingMedia
    message_id: str
    quote: Quote | None


@dataclass(frozen=True)
class PairingCode:
    request: int
    session: int
    phone: str


@dataclass(frozen=True)
class Ping:
    request: int
    session: int
    timeout_s: float


@dataclass(frozen=True)
class Logout:
    request: int
    session: int


@dataclass(frozen=True)
class Stop:
    request: int
    session: int


@dataclass(frozen=True)
class DownloadMedia:
    request: int
    session: int
    ref: dict[str, Any]


@dataclass(frozen=True)
class MediaChunk:
    """Part of a file crossing the pipe, either way, for request `request`."""

    request: int
    data: bytes
    last: bool = False


# the Engine's calls that cross the pipe by name, with their own arguments: chat actions
# and number checks, contacts and groups; any other name is a broken peer
CALL_METHODS = frozenset(
    {
        "mark_read",
        "send_chat_presence",
        "send_presence",
        "check_numbers",
        "contact_info",
        "joined_groups",
        "group_info",
        "create_group",
        "set_group_subject",
        "set_group_description",
        "update_participants",
        "leave_group",
        "group_invite_code",
        "join_group",
    }
)


@dataclass(frozen=True)
class Call:
    """One of the engine's CALL_METHODS; `args` are its positional arguments (str, bool,
    lists)."""

    request: int
    session: int
    method: str
    args: tuple[Any, ...]


Request = Start | Send | PairingCode | Ping | Logout | Stop | DownloadMedia | Call
ToWorker = Setup | Request | MediaChunk


# ---- worker -> connector ----------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """An EngineError, as it crosses the process boundary."""

    code: str
    message: str
    retry_after_s: float | None = None


@dataclass(frozen=True)
class Reply:
    request: int
    value: SentMessage | str | float | None | CallAnswer = None
    failure: Failure | None = None


@dataclass(frozen=True)
class Event:
    session: int
    event: EngineEvent


ToConnector = Reply | Event | MediaChunk


async def send(writer: asyncio.StreamWriter, message: ToWorker | ToConnector) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    writer.write(_HEADER.pack(len(data)) + data)
    await writer.drain()


async def receive(reader: asyncio.StreamReader, kinds: Any) -> Any:
    """The next message, which must be an instance of `kinds` (a union or tuple of the
    types above); IncompleteReadError when the peer is gone."""
    (size,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
    if size > MAX_FRAME:
        raise ProtocolError(f"a frame of {size} bytes")
    message = pickle.loads(await reader.readexactly(size))
    if not isinstance(message, kinds):
        raise ProtocolError(f"unexpected {type(message).__name__}")
    return message


class ProtocolError(Exception):
    pass
