"""What WhatsApp currently refuses a session's account, learnt from its sends' refusals:

- `account_restricted`: the account may send nothing until a time WhatsApp says; sends
  meanwhile are refused here, without asking WhatsApp again (asking a restricted account
  to send is what keeps it restricted);
- `new_contact_refused`: WhatsApp's error 463, a first message to a chat with no
  conversation yet is refused. It says no end, so the restriction shows until a send to a
  chat it refused goes through (WhatsApp lifts it for the account, not per chat); sends
  to other chats are still tried (chats under way go).

A temporary ban is no restriction here: it ends the connection, and the session's state
says it (`failed`, `temporary_ban`, with `until`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from connector.clock import Clock
from connector.engine import ACCOUNT_RESTRICTED, NEW_CONTACT_REFUSED, EngineError
from wagate.public_events import ErrorBody
from wagate.timestamps import iso_utc

RESTRICTIONS = frozenset({ACCOUNT_RESTRICTED, NEW_CONTACT_REFUSED})
# when WhatsApp restricts an account without saying until when: refuse for this long
DEFAULT_RESTRICTED_S = 3600.0
_REFUSED_CHATS_KEPT = 1000  # enough to see one go through; a bound on what is kept


@dataclass(frozen=True)
class Restriction:
    code: str  # one of RESTRICTIONS
    until: datetime | None  # when it lifts, as WhatsApp said; None: not said


class Restrictions:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._restricted_until: datetime | None = None
        self._refused_chats: set[str] = set()  # chats WhatsApp refused a first message to

    def current(self) -> Restriction | None:
        """The restriction in force, the account-wide one first."""
        if self._restricted_until is not None and self._clock.now() < self._restricted_until:
            return Restriction(ACCOUNT_RESTRICTED, self._restricted_until)
        if self._refused_chats:
            return Restriction(NEW_CONTACT_REFUSED, None)
        return None

    def check(self) -> None:
        """Refuse a send while the account is restricted, with the time left."""
        restriction = self.current()
        if restriction is None or restriction.code != ACCOUNT_RESTRICTED:
            return
        assert restriction.until is not None
        left = (restriction.until - self._clock.now()).total_seconds()
        raise EngineError(ACCOUNT_RESTRICTED, "WhatsApp restricted this account from sending", left)

    def refused(self, error: EngineError, chat: str) -> ErrorBody | None:
        """Learn from a send's refusal; the event that tells the tenant, if it was one."""
        if error.code == ACCOUNT_RESTRICTED:
            left = error.retry_after_s if error.retry_after_s is not None else DEFAULT_RESTRICTED_S
            self._restricted_until = self._clock.now() + timedelta(seconds=left)
            return ErrorBody(
                code=ACCOUNT_RESTRICTED,
                retry_after_seconds=round(left, 3),
                message="WhatsApp restricted this account from sending; sends are refused "
                f"until {iso_utc(self._restricted_until)}",
            )
        if error.code == NEW_CONTACT_REFUSED:
            if len(self._refused_chats) < _REFUSED_CHATS_KEPT:
                self._refused_chats.add(chat)
            return ErrorBody(
                code=NEW_CONTACT_REFUSED,
                chat=chat,
                message="WhatsApp refuses this account a first message to a new contact",
            )
        return None

    def sent(self, chat: str) -> None:
        """A message to `chat` went out: if WhatsApp refused it a first message before,
        it lets this account start chats again."""
        if chat in self._refused_chats:
            self._refused_chats.clear()
        if self._restricted_until is not None and self._clock.now() >= self._restricted_until:
            self._restricted_until = None

    def lifted(self) -> None:
        """A new pairing, a logout: another account, or none, with nothing known of it."""
        self._restricted_until = None
        self._refused_chats.clear()
