"""Reply inboxes: one channel per gateway process that its commands' replies go to.

A gateway waiting on one list per command sent a blocking pop (a Redis command, a
connection from its pool) per command; its inbox is a pub/sub channel the process
subscribes to once, so a reply costs the gateway only its read, and one reader wakes the
requests that wait for the replies it read.

- a command names its gateway's inbox in the field `reply_inbox` (the inbox's name, not
  a channel: the connector makes the channel under its own prefix, so an entry cannot
  have it publish elsewhere);
- the connector publishes `<command id> <reply JSON>` on `<prefix>:inbox:<name>`, in
  the same script that acknowledges the command. Nothing is stored: a reply no one
  listens for (its gateway is gone) is dropped by Redis, and a gateway names its inbox
  only while it is subscribed, failing the requests that wait when its subscription
  breaks, as a broken pop did;
- a command that names no inbox (an older gateway's) is answered on its own list,
  `<prefix>:reply:<command id>`, as before;
- a connector that answers into inboxes says so with `<prefix>:connector:answers-inboxes`,
  renewed with its heartbeat: until a gateway sees it (an older connector leads), the
  gateway names no inbox and waits on each command's own list.
"""

from __future__ import annotations

import re

from wagate.bus.replies import Reply
from wagate.ids import random_hex

INBOX_FIELD = "reply_inbox"
_NAME = re.compile(r"[0-9a-f]{32}")


def new_inbox_name() -> str:
    return random_hex(16)  # 32 hex digits, the shape `inbox_of` accepts


def naming_inbox(fields: dict[str, str], inbox: str) -> dict[str, str]:
    """A command's stream entry that asks for its reply in `inbox`."""
    return {**fields, INBOX_FIELD: inbox}


def inbox_of(fields: dict[str, str]) -> str | None:
    """The inbox a command's entry names, if it names a well-formed one."""
    name = fields.get(INBOX_FIELD)
    return name if name is not None and _NAME.fullmatch(name) else None


def inbox_entry(command_id: str, reply_json: str) -> str:
    """What the connector publishes on an inbox: the reply, and which command it answers
    (a command id has no space: gateways make it, as hex)."""
    return f"{command_id} {reply_json}"


def read_inbox_entry(raw: str | bytes) -> tuple[str, Reply]:
    """The command id and reply of an inbox entry; ValueError when it is not one."""
    text = raw.decode() if isinstance(raw, bytes) else raw
    command_id, space, reply = text.partition(" ")
    if not space or not command_id:
        raise ValueError("an inbox entry is '<command id> <reply JSON>'")
    try:
        return command_id, Reply.from_json(reply)
    except (KeyError, TypeError, AttributeError) as e:
        raise ValueError(f"an inbox entry's reply is malformed: {e}") from None
