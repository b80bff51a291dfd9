"""When to try a delivery again, and whether to: the retry policy in one place.

The schedule is a list of delays, one per attempt, the first one included (by default
"at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h" after the previous try: seven attempts over
about 17.6 hours). Each delay gets ±20 % jitter so that the deliveries of many endpoints
that failed together do not come back together.

What an attempt's result means:

- 2xx: delivered;
- a network error, a timeout, 408, 429 and 5xx: tried again on the schedule (a 429 or 503
  `Retry-After` is honoured when it asks for longer, up to the longest scheduled delay);
  after the last attempt the delivery is dead-lettered;
- anything else (other 4xx, 3xx since redirects are not followed, and URLs the SSRF guard
  refuses at delivery): failed at once, since trying the same thing again cannot help.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from enum import StrEnum

JITTER = 0.2
RETRYABLE_STATUSES = frozenset({408, 429})


class Outcome(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"  # failed; will be tried again
    FAILED = "failed"  # refused; not tried again
    DEAD = "dead"  # failed on the schedule's last attempt: dead-lettered


def is_retryable_status(status: int) -> bool:
    return status in RETRYABLE_STATUSES or 500 <= status <= 599


def parse_retry_after(value: str | None, now_epoch_s: float) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # str.isdigit alone takes "²", which float refuses
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now_epoch_s)


@dataclass(frozen=True)
class RetrySchedule:
    delays_s: tuple[float, ...]
    rng: random.Random = field(default_factory=random.Random, compare=False)
    # never dead-lettered: after the last delay, the last one again for as long as it
    # takes (event streams: a broker that is away is waited for, nothing is given up)
    endless: bool = False

    @property
    def attempts(self) -> int:
        return len(self.delays_s)

    @property
    def first_delay_s(self) -> float:
        return self.delays_s[0]

    def _jittered(self, delay: float) -> float:
        return delay * self.rng.uniform(1 - JITTER, 1 + JITTER)

    def outcome(
        self, attempt: int, status: int | None, *, refused: bool = False, confirmed: bool = False
    ) -> Outcome:
        """What attempt number `attempt` (1-based) ended in; `status` None: no response;
        `confirmed`: a broker confirmed it."""
        if confirmed or (status is not None and 200 <= status <= 299):
            return Outcome.DELIVERED
        if refused or (status is not None and not is_retryable_status(status)):
            return Outcome.FAILED
        return Outcome.RETRY if self.endless or attempt < self.attempts else Outcome.DEAD

    def delay_after(self, attempt: int, retry_after_s: float | None = None) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        delay = self._jittered(self.delays_s[min(attempt, self.attempts - 1)])
        if retry_after_s is not None and retry_after_s > delay:
            delay = min(retry_after_s, max(self.delays_s))
        return delay
