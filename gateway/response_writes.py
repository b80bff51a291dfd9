"""Each HTTP/1.1 answer in one socket write.

Hypercorn writes an answer's head as soon as the app starts it, its body when the app
sends it, and the end of the message as a third write of nothing (a body of known length
ends with its last byte): two write syscalls, and three passes through its send lock, per
request, where one would do. Here the head waits for what follows it (the body's first
bytes, or the end of an empty answer) and goes out with it, and writing nothing is not
attempted. An interim answer (100 Continue, 101 Switching Protocols) is not held: the
client waits for it before it goes on.
"""

from __future__ import annotations

import h11
from hypercorn.events import RawData
from hypercorn.protocol.h11 import H11Protocol
from hypercorn.typing import H11SendableEvent

_HELD = "_wagate_held_head"


async def _send_h11_event(self: H11Protocol, event: H11SendableEvent) -> None:
    try:
        data = self.connection.send(event) or b""
    except h11.LocalProtocolError:
        if self.connection.their_state != h11.ERROR:
            raise
        return
    if type(event) is h11.Response:  # a final answer's head: it waits for what follows
        setattr(self, _HELD, data)
        return
    held: bytes = self.__dict__.pop(_HELD, b"")
    if held or data:
        await self.send(RawData(data=held + data))


def write_answers_whole() -> None:
    """Process-wide: every HTTP/1.1 answer Hypercorn serves goes out in one write."""
    H11Protocol._send_h11_event = _send_h11_event  # type: ignore[method-assign]
