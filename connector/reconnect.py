"""Reconnect timing: exponential backoff with full jitter, capped.

Full jitter (a uniform draw between 0 and the exponential bound) spreads a crowd of
sessions that dropped together, so they do not all knock on WhatsApp at the same instant.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    base_s: float = 1.0
    cap_s: float = 60.0
    rng: random.Random = field(default_factory=random.Random)

    def bound(self, attempt: int) -> float:
        """The upper bound of the delay before attempt `attempt` (1-based)."""
        return min(self.cap_s, self.base_s * 2.0 ** max(0, attempt - 1))

    def delay(self, attempt: int) -> float:
        return self.rng.uniform(0, self.bound(attempt))
