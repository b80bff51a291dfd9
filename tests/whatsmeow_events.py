"""neonize's event messages as a test builds them: what Go hands neonize, through bytes
and back (shared by the whatsmeow mapping tests, text and media)."""

from __future__ import annotations

from typing import Any

from neonize.proto import Neonize_pb2 as N
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as wa


def jid(user: str, server: str = "s.whatsapp.net", device: int = 0) -> N.JID:
    return N.JID(User=user, Server=server, Device=device, RawAgent=0, Integrator=0, IsEmpty=False)


def wire(message: Any) -> Any:
    """Through bytes and back, as neonize receives it from Go."""
    return type(message).FromString(message.SerializePartialToString())


def incoming(
    content: wa.Message,
    *,
    sender: N.JID | None = None,
    chat: N.JID | None = None,
    from_me: bool = False,
    sender_alt: N.JID | None = None,
) -> N.Message:
    sender = sender or jid("447700900123")
    source = N.MessageSource(
        Chat=chat or sender, Sender=sender, IsFromMe=from_me, IsGroup=chat is not None
    )
    if sender_alt is not None:
        source.SenderAlt.CopyFrom(sender_alt)
    info = N.MessageInfo(MessageSource=source, ID="3EB0C0FFEE", Timestamp=1_763_000_000_123)
    return wire(N.Message(Info=info, Message=content))
