"""A person's two addresses: the number, and the LID (WhatsApp's hidden-number id) that
WhatsApp names more and more 1:1 chats by. A session looks pairs up through its engine
(whatsmeow's LID store; the sim network) and keeps those it learnt, bounded, so a send
names both without asking again.

In wagate a LID is its digits (as events' `fromLid`); an address given to look up or
send to is a number's digits or a LID as `digits@lid`."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import TYPE_CHECKING

from connector.engine import EngineError, IncomingMessage, IncomingMessages
from wagate.bus import LidPair

if TYPE_CHECKING:
    from connector.session import Session

LID_SUFFIX = "@lid"
LID_NOT_FOUND = "lid_not_found"
_KEPT = 10_000  # pairs a session keeps: its recent chats, a bound on memory
# an address the engine did not know is not asked about again for this long: a send's
# answer names the LID as a courtesy, not worth a round trip on every send
_MISS_KEPT_S = 300.0


def is_lid(address: str) -> bool:
    return address.endswith(LID_SUFFIX)


class LidBook:
    def __init__(self, kept: int = _KEPT) -> None:
        self._kept = kept
        self._by_phone: OrderedDict[str, str] = OrderedDict()
        self._by_lid: dict[str, str] = {}
        self._missed: OrderedDict[str, float] = OrderedDict()  # address -> monotonic

    def known(self, address: str) -> LidPair | None:
        if is_lid(address):
            lid = address.removesuffix(LID_SUFFIX)
            phone = self._by_lid.get(lid)
            return LidPair(phone, lid) if phone is not None else None
        found = self._by_phone.get(address)
        return LidPair(address, found) if found is not None else None

    def missed_lately(self, address: str) -> bool:
        at = self._missed.get(address)
        return at is not None and time.monotonic() - at < _MISS_KEPT_S

    def missed(self, addresses: list[str]) -> None:
        for address in addresses:
            if self.known(address) is None:
                self._missed[address] = time.monotonic()
                self._missed.move_to_end(address)
        while len(self._missed) > self._kept:
            self._missed.popitem(last=False)

    def heard(self, event: object) -> None:
        """A 1:1 message that names its sender both ways teaches the pair for free."""
        if isinstance(event, IncomingMessages):
            for message in event.messages:
                self.heard(message)
        elif isinstance(event, IncomingMessage) and not event.chat:
            if event.sender and event.sender_lid:
                self.learn([LidPair(event.sender, event.sender_lid)])

    def learn(self, pairs: list[LidPair]) -> None:
        for pair in pairs:
            self._by_phone[pair.phone] = pair.lid
            self._by_phone.move_to_end(pair.phone)
            self._by_lid[pair.lid] = pair.phone
        while len(self._by_phone) > self._kept:
            _, lid = self._by_phone.popitem(last=False)
            self._by_lid.pop(lid, None)


async def look_up(session: Session, addresses: list[str], *, recheck: bool = True) -> list[LidPair]:
    """The pairs of `addresses` known to the session or its engine, in their order;
    an unknown one is left out. `recheck` False: one the engine did not know a short
    while ago is not asked about again."""
    book = session.lids
    unknown = [
        a for a in addresses if book.known(a) is None and (recheck or not book.missed_lately(a))
    ]
    if unknown:
        book.learn(await session.ask(lambda engine: engine.lid_pairs(unknown)))
        book.missed(unknown)
    return [pair for a in addresses if (pair := book.known(a)) is not None]


async def number_of(session: Session, chat: str) -> tuple[str, LidPair | None]:
    """The chat a send goes to: a LID becomes its number (EngineError lid_not_found when
    none is known: nothing is sent); a number or a group stays as it is."""
    if not is_lid(chat):
        return chat, None
    found = await look_up(session, [chat])
    if not found:
        raise EngineError(LID_NOT_FOUND, f"no number is known for LID {chat}")
    return found[0].phone, found[0]


async def lid_of(session: Session, phone: str) -> str | None:
    """A number's LID for a send's answer, if known: a courtesy, never a failure (nor a
    wait: a session that dropped meanwhile is not waited for)."""
    known = session.lids.known(phone)
    if known is not None or session.state.value != "connected":
        return known.lid if known is not None else None
    try:
        found = await look_up(session, [phone], recheck=False)
    except EngineError:
        return None
    return found[0].lid if found else None
