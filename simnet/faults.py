"""Faults the sim network can inflict on a linked device, on request from tests and demos.

Each kind imitates something WhatsApp really does to a client:

- drop: the socket dies with no goodbye (count n: also the next n-1 connections, right
  after they connect — a flapping link);
- logout: the user removes the device on the phone (Linked devices → Log out);
- replaced: another client connected as this device ("stream replaced");
- restart_required: the server asks for a new connection (as after pairing);
- overlimit: the next `count` sends are refused with rate_overlimit and a retry time;
- stall: the socket stays open and silent for `seconds` (only a round trip can tell);
- slow: every ack and pong is delayed by `delay_ms` for `seconds`; clearing the device's
  faults delivers what is still held back at once;
- ban: WhatsApp's temporary ban for `seconds` (default an hour): the connection closes
  and every new one is refused, saying how long is left, until it ends;
- outdated: WhatsApp refuses this client's version ("client outdated") for `seconds`
  (default until cleared); without a phone, every connection, pairing ones included;
- new_contacts_refused: for `seconds` (default until cleared) a send to a 1:1 chat with no
  conversation yet (neither side ever wrote) is refused, as WhatsApp answers error 463 to
  an account it will not let start new chats; chats under way still go;
- restricted: the account is restricted for `seconds` (default an hour): every send is
  refused, saying how long is left; the connection stays up and receiving goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = frozenset(
    {
        "drop",
        "logout",
        "replaced",
        "restart_required",
        "overlimit",
        "stall",
        "slow",
        "ban",
        "outdated",
        "new_contacts_refused",
        "restricted",
    }
)
NETWORK_WIDE = frozenset({"outdated"})  # kinds that may name no phone: every connection
DEFAULT_BAN_S = 3600.0
BAN_CODE = 101  # WhatsApp's "sent to too many people"
DEFAULT_RESTRICTED_S = 3600.0
NEW_CONTACT_ERROR = 463  # the error attribute of WhatsApp's ack refusing a new chat
DEFAULT_RETRY_AFTER_S = 5.0
DEFAULT_SLOW_S = 30.0
DEFAULT_SLOW_DELAY_MS = 500


class FaultError(ValueError):
    pass


@dataclass(frozen=True)
class FaultRequest:
    phone: str | None  # None: the whole network (NETWORK_WIDE kinds only)
    kind: str
    count: int
    seconds: float | None
    delay_ms: int

    @classmethod
    def parse(cls, body: dict[str, Any]) -> FaultRequest:
        kind = body.get("kind")
        if kind not in KINDS:
            raise FaultError(f"kind must be one of {', '.join(sorted(KINDS))}")
        allowed = {"phone", "kind", "count", "seconds"} | (
            {"delay_ms"} if kind == "slow" else set()
        )
        unknown = set(body) - allowed
        if unknown:
            raise FaultError(f"unknown field(s) for {kind}: {', '.join(sorted(unknown))}")
        phone = body.get("phone")
        network_wide = phone is None and kind in NETWORK_WIDE
        if not network_wide and (
            not isinstance(phone, str) or not (phone.isascii() and phone.isdigit())
        ):
            raise FaultError("phone must be the session's number, digits only")
        count = body.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 1000:
            raise FaultError("count must be a whole number from 1 to 1000")
        seconds = body.get("seconds")
        if seconds is not None and (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not 0 < seconds <= 3600
        ):
            raise FaultError("seconds must be a number above 0, at most 3600")
        delay_ms = body.get("delay_ms", DEFAULT_SLOW_DELAY_MS)
        if (
            isinstance(delay_ms, bool)
            or not isinstance(delay_ms, int)
            or not 1 <= delay_ms <= 10000
        ):
            raise FaultError("delay_ms must be a whole number from 1 to 10000")
        return cls(phone, kind, count, None if seconds is None else float(seconds), delay_ms)


@dataclass
class DeviceFaults:
    """What is still pending for one device; all times are monotonic seconds."""

    drops_left: int = 0
    overlimit_left: int = 0
    retry_after_s: float = DEFAULT_RETRY_AFTER_S
    slow_until: float = 0.0
    slow_delay_s: float = 0.0
    banned_until: float = 0.0
    outdated_until: float = 0.0
    new_contacts_refused_until: float = 0.0
    restricted_until: float = 0.0

    def ack_delay(self, now: float) -> float:
        return self.slow_delay_s if now < self.slow_until else 0.0
