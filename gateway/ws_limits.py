"""What a client may send on the gateway's WebSocket, held to before it is buffered.

Event-socket clients send nothing the gateway needs, so a message may be small
(MAX_CLIENT_MESSAGE_BYTES). Hypercorn assembles messages itself (hypercorn.protocol.
ws_stream.WebsocketBuffer, up to `websocket_max_message_size`), but it writes each chunk
into its buffer before comparing the length with the cap, and once past it (it sends
1009) goes on writing the rest of the frame, and every later frame, into the same buffer:
four 64 MiB frames from one socket grew a gateway by more than 300 MiB. The buffer here
refuses the chunk that would pass the cap and everything after it on that connection,
holding nothing, so a socket costs at most the cap whatever its client sends.

Nor does the gateway agree to permessage-deflate (browsers and the websockets library
offer it): wsproto inflates each compressed chunk whole before anything can count it, so
64 KiB read from a client became 64 MiB at once. Events go out uncompressed, which also
spares each socket its zlib contexts.
"""

from __future__ import annotations

from hypercorn.config import Config
from hypercorn.protocol import ws_stream
from wsproto.events import Message
from wsproto.extensions import PerMessageDeflate

MAX_CLIENT_MESSAGE_BYTES = 64 * 1024


class _CappedBuffer(ws_stream.WebsocketBuffer):
    overflowed = False

    def extend(self, event: Message) -> None:  # type: ignore[type-arg]
        if self.overflowed or self.length + len(event.data) > self.max_length:
            # Hypercorn answers 1009 (message too big) and stops passing it on; the rest
            # of the message still arrives, and is dropped here, chunk by chunk
            self.overflowed = True
            self.clear()
            raise ws_stream.FrameTooLargeError
        super().extend(event)


class _DeclinedDeflate(PerMessageDeflate):
    def accept(self, offer: str) -> None:
        return None  # not agreed, so never enabled: frames pass through as they came


def cap_client_messages(config: Config) -> None:
    """Holds the server run with `config` to MAX_CLIENT_MESSAGE_BYTES per incoming
    message (and so per frame), counted before a byte is kept, and to no compression.
    Process-wide: only the gateway's process calls this."""
    config.websocket_max_message_size = MAX_CLIENT_MESSAGE_BYTES
    ws_stream.WebsocketBuffer = _CappedBuffer  # type: ignore[misc]
    ws_stream.PerMessageDeflate = _DeclinedDeflate  # type: ignore[attr-defined]
