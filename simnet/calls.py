"""Calls on the sim network, as a linked device sees them at WhatsApp.

A virtual phone calls a number (or a group: each other member is rung). The called
account's linked devices get a `call` frame with status `offer` (whatsmeow's CallOffer,
or CallOfferNotice for a group call, which names the group); then `accept` when the
account's own phone answers (CallAccept), or `terminate` when the caller hangs up
(CallTerminate), with reason `timeout` when nobody answered in time, which is how
WhatsApp tells a missed call. A device's `call_reject` declines the call
(whatsmeow's RejectCall): the caller's phone sees it rejected and the call ends; in a
group call only that member stops ringing. Calls are media streams at WhatsApp: the sim
network models the signalling only.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simnet import protocol as p
from simnet.errors import SimError

RINGING, ACCEPTED, ENDED, MISSED, REJECTED = "ringing", "accepted", "ended", "missed", "rejected"
DEFAULT_RING_S = 45.0  # how long WhatsApp rings before the call is missed
MAX_RING_S = 300.0
_KEPT = 1000  # calls remembered, oldest forgotten first


def _call_id() -> str:
    return secrets.token_hex(16).upper()


@dataclass
class Call:
    id: str
    caller: str
    called: list[str]  # the numbers rung (a group's other members)
    video: bool
    group: str  # the group's id for a group call, else ""
    started_ms: int
    status: str = RINGING
    declined: set[str] = field(default_factory=set)  # members who rejected a group call
    timer: asyncio.TimerHandle | None = None

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.caller,
            "to": self.called,
            "video": self.video,
            "group": self.group or None,
            "status": self.status,
            "declined": sorted(self.declined),
            "startedAt": self.started_ms,
        }


# a push of a frame to a number's connected devices; returns how many got it
Push = Callable[[str, dict[str, Any]], int]


class Calls:
    def __init__(self, push: Push, lid_of: Callable[[str], str], clock_ms: Callable[[], int]):
        self._push = push
        self._lid_of = lid_of
        self._clock_ms = clock_ms
        self.calls: dict[str, Call] = {}

    def place(self, caller: str, called: list[str], video: bool, group: str, ring_s: float) -> Call:
        """`caller` rings `called`; missed after `ring_s` unless answered or ended."""
        call = Call(_call_id(), caller, called, video, group, self._clock_ms())
        self.calls[call.id] = call
        while len(self.calls) > _KEPT:
            self.calls.pop(next(iter(self.calls)))
        self._tell(call, "offer", called)
        call.timer = asyncio.get_running_loop().call_later(ring_s, self._missed, call)
        return call

    def get(self, call_id: str, number: str) -> Call:
        """A call `number` made or was rung in; call_not_found for anyone else."""
        call = self.calls.get(call_id)
        if call is None or (number != call.caller and number not in call.called):
            raise SimError(404, p.CALL_NOT_FOUND, f"no call {call_id} of {number}")
        return call

    def accept(self, call_id: str, number: str) -> Call:
        """The called account's own phone answers: its linked devices see it accepted."""
        call = self._ringing(self.get(call_id, number))
        if number == call.caller:
            raise SimError(409, p.CALL_ENDED, "the caller cannot answer its own call")
        self._end(call, ACCEPTED)
        self._tell(call, "accept", [number])
        return call

    def hang_up(self, call_id: str, number: str) -> Call:
        """The caller ends the call before anyone answered."""
        call = self._ringing(self.get(call_id, number))
        if number != call.caller:
            raise SimError(409, p.CALL_ENDED, "only the caller hangs up a ringing call")
        self._end(call, ENDED)
        self._tell(call, "terminate", self._still_rung(call))
        return call

    def reject(self, number: str, call_id: str, caller: str) -> None:
        """A device of `number` declines the call (whatsmeow's RejectCall names the
        caller); a call unknown or not ringing any more is ignored, as WhatsApp does."""
        call = self.calls.get(call_id)
        if call is None or call.caller != caller or number not in call.called:
            return
        if call.status != RINGING:
            return
        call.declined.add(number)
        if not call.group or not self._still_rung(call):
            self._end(call, REJECTED)

    def _missed(self, call: Call) -> None:
        if call.status == RINGING:
            self._end(call, MISSED)
            self._tell(call, "terminate", self._still_rung(call), reason="timeout")

    def _ringing(self, call: Call) -> Call:
        if call.status != RINGING:
            raise SimError(409, p.CALL_ENDED, f"call {call.id} is {call.status}")
        return call

    def _end(self, call: Call, status: str) -> None:
        call.status = status
        if call.timer is not None:
            call.timer.cancel()

    def _still_rung(self, call: Call) -> list[str]:
        return [number for number in call.called if number not in call.declined]

    def _tell(self, call: Call, status: str, numbers: list[str], reason: str = "") -> None:
        frame: dict[str, Any] = {
            "op": p.CALL,
            "id": call.id,
            "from": call.caller,
            "status": status,
            "video": call.video,
            "timestamp": self._clock_ms(),
        }
        lid = self._lid_of(call.caller)
        if lid:  # a LID-addressed caller is named by its LID too, as in its messages
            frame["from_lid"] = lid
        if call.group:
            frame["group"] = call.group
        if reason:
            frame["reason"] = reason
        for number in numbers:
            self._push(number, frame)
