"""The send commands of v0.2.0 (one per kind of message: send, send_media, send_location,
send_contacts, send_poll, send_reaction, edit_message, revoke_message), as the one
`send_message` command's wire form.

Both ways, for one release (CHANGELOG.md, "Mixing releases on one bus"): a connector
reads a v0.2.0 gateway's entry (queued before an upgrade, or from a gateway not yet
upgraded) as a `send_message`, and a `send_message` whose kind v0.2.0 knows is written
as v0.2.0's command, so a v0.2.0 connector still runs it. This module goes, and
`send_message` is written as itself, once v0.2.0's gateways and connectors are gone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, get_args

from wagate.content import SendContent
from wagate.media_types import MEDIA_KINDS

SEND_MESSAGE = "send_message"
_QUOTED = "quotedMessageId"
_CHAT = "chat"
_CONTENT = "content"
_TAG = "kind"


@dataclass(frozen=True)
class _Legacy:
    command: str  # v0.2.0's command type
    chat: str  # its field naming the chat
    tags: tuple[str, ...]  # the content kinds it sends
    nested: str | None = None  # the content's fields sat in this object of it
    renamed: dict[str, str] = field(default_factory=dict)  # its field -> the content's
    # an attachment's kind is a field of the command itself, not implied by its type
    own_kind: bool = False


_LEGACY = (
    _Legacy("send", "phone", ("text",), renamed={"message": "text"}),
    _Legacy("send_media", "to", MEDIA_KINDS, own_kind=True),
    _Legacy("send_location", "to", ("location",), nested="location"),
    _Legacy("send_contacts", "to", ("contacts",), renamed={"contacts": "cards"}),
    _Legacy("send_poll", "to", ("poll",), nested="poll"),
    _Legacy("send_reaction", "to", ("reaction",)),
    _Legacy("edit_message", "chat", ("edit",)),
    _Legacy("revoke_message", "chat", ("revoke",)),
)
COMMANDS = frozenset(legacy.command for legacy in _LEGACY)
_BY_COMMAND = {legacy.command: legacy for legacy in _LEGACY}
_BY_TAG = {tag: legacy for legacy in _LEGACY for tag in legacy.tags}
# an attachment takes every kind no content names (wagate/bus/codec.py): so did send_media
_NAMED = {tag for member in get_args(SendContent) for tag in member.TAGS}
_ATTACHMENT = _BY_COMMAND["send_media"]
# content fields v0.2.0's commands lack: a send using one is written as send_message,
# which a v0.2.0 connector refuses (unknown_command) instead of sending it without them
_NEWER_FIELDS = frozenset(
    {"mentions", "mentionAll", "viewOnce", "forwarded", "mediaId", "linkPreview"}
)


def read(command: str, payload: Any) -> dict[str, Any]:
    """v0.2.0's `command` payload as a send_message payload (a malformed one: ValueError,
    or a payload the send_message decoding refuses)."""
    legacy = _BY_COMMAND[command]
    if not isinstance(payload, dict):
        raise ValueError(f"a {command} payload is not an object")
    rest = dict(payload)
    sent: dict[str, Any] = {_CHAT: rest.pop(legacy.chat, None)}
    if _QUOTED in rest:
        sent[_QUOTED] = rest.pop(_QUOTED)
    fields = rest.get(legacy.nested) if legacy.nested else rest
    if not isinstance(fields, dict):
        raise ValueError(f"a {command} payload without its {legacy.nested}")
    content = {legacy.renamed.get(key, key): value for key, value in fields.items()}
    if not legacy.own_kind:
        content[_TAG] = legacy.tags[0]
    return {**sent, _CONTENT: content}


def written(payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A send_message payload as the command v0.2.0 reads, when it has one for its kind;
    otherwise as itself."""
    content: dict[str, Any] = dict(payload[_CONTENT])
    tag = content[_TAG]
    legacy = _BY_TAG.get(tag) or (_ATTACHMENT if tag not in _NAMED else None)
    if legacy is None or _NEWER_FIELDS.intersection(content):
        return SEND_MESSAGE, payload
    if not legacy.own_kind:
        del content[_TAG]
    back = {ours: theirs for theirs, ours in legacy.renamed.items()}
    fields: dict[str, Any] = {back.get(key, key): value for key, value in content.items()}
    old: dict[str, Any] = {legacy.chat: payload[_CHAT]}
    if legacy.nested is None:
        old |= fields
    else:
        old[legacy.nested] = fields
    if _QUOTED in payload:
        old[_QUOTED] = payload[_QUOTED]
    return legacy.command, old
