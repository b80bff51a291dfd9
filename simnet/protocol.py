"""Frames between a linked device (the sim engine) and the sim network, as JSON objects.

Device → network
    {"op": "hello", "credentials": {"device_id", "secret"} | null}
    {"op": "send", "ref", "to", "text"}
    {"op": "received", "id"}            incoming message persisted; the network drops it
    {"op": "ping", "ref"}
    {"op": "logout", "ref"}

Network → device
    {"op": "qr", "code"}                a new pairing code (rotates, limited count)
    {"op": "pair_timeout"}              no phone scanned in time; the socket closes
    {"op": "paired", "phone", "credentials"}
    {"op": "connected", "phone"}
    {"op": "auth_failed", "reason"}     stored credentials no longer valid (logged out)
    {"op": "replaced"}                  another connection took this device; closes
    {"op": "ack", "ref", "id", "timestamp"}
    {"op": "error", "ref", "code", "message"}
    {"op": "message", "id", "from", "text", "timestamp"}   re-sent until "received"
    {"op": "receipt", "id", "to", "status"}
    {"op": "pong", "ref"}
    {"op": "logged_out", "ref"}
"""

from __future__ import annotations

from typing import Final

HELLO: Final = "hello"
SEND: Final = "send"
RECEIVED: Final = "received"
PING: Final = "ping"
LOGOUT: Final = "logout"

QR: Final = "qr"
PAIR_TIMEOUT: Final = "pair_timeout"
PAIRED: Final = "paired"
CONNECTED: Final = "connected"
AUTH_FAILED: Final = "auth_failed"
REPLACED: Final = "replaced"
ACK: Final = "ack"
ERROR: Final = "error"
MESSAGE: Final = "message"
RECEIPT: Final = "receipt"
PONG: Final = "pong"
LOGGED_OUT: Final = "logged_out"

# error codes in {"op": "error"} frames
NOT_ON_WHATSAPP: Final = "not_on_whatsapp"
NOT_AUTHENTICATED: Final = "not_authenticated"
BAD_FRAME: Final = "bad_frame"
