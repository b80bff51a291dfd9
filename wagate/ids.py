"""Random ids (a command's, a request's, an event's), from one read of the system's random
source per few hundred ids rather than one read (a system call) per id.

For ids that must not repeat, never for secrets: a key, a token or a nonce takes its bytes
from `secrets` at the moment it is made, not from a buffer that sits in memory."""

from __future__ import annotations

import os
import threading

_CHUNK = 4096  # bytes read at once: 256 command ids


class _Buffer(threading.local):
    """Per thread, so two threads never hand out the same bytes; emptied in a forked
    child, so parent and child never hand out the same bytes either."""

    def __init__(self) -> None:
        self.hex = ""
        self.at = 0


_buffer = _Buffer()


def _forget() -> None:
    global _buffer
    _buffer = _Buffer()


os.register_at_fork(after_in_child=_forget)


def random_hex(nbytes: int) -> str:
    """`nbytes` random bytes as hex, as `secrets.token_hex(nbytes)` writes them."""
    b = _buffer
    end = b.at + 2 * nbytes
    if end > len(b.hex):
        b.hex, b.at, end = os.urandom(max(_CHUNK, nbytes)).hex(), 0, 2 * nbytes
    text = b.hex[b.at : end]
    b.at = end
    return text
