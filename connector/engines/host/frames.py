"""The engine host's framing: a 4-byte big-endian length, then that many bytes of one
JSON object. A frame is at most 1 MiB both ways; a larger length is refused before its
body is read (a broken or hostile peer), and ends the connection."""

from __future__ import annotations

import asyncio
import json
import struct
from typing import Any

MAX_FRAME = 1 << 20  # the host's protocol.MaxFrame
_LENGTH = struct.Struct(">I")


class FrameError(Exception):
    """The peer broke the framing: the connection cannot go on."""


def encode(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode()
    if len(body) > MAX_FRAME:
        raise FrameError(f"a frame of {len(body)} bytes is over the {MAX_FRAME}-byte limit")
    return _LENGTH.pack(len(body)) + body


async def read(reader: asyncio.StreamReader) -> dict[str, Any]:
    """The next frame's object; EOF (asyncio.IncompleteReadError) at the connection's end."""
    (length,) = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))
    if length > MAX_FRAME:
        raise FrameError(f"the host announced a frame of {length} bytes (limit {MAX_FRAME})")
    try:
        message = json.loads(await reader.readexactly(length))
    except ValueError as e:
        raise FrameError(f"a frame is not JSON: {e}") from None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise FrameError("a frame is not a JSON object with a type")
    return message
