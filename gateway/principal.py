"""Who is calling, and what they may do."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from gateway.errors import ApiError


class Scope(StrEnum):
    SEND = "send"  # send messages
    READ = "read"  # status, health, session list, events
    MANAGE = "manage"  # initialize, logout, restart, delete, pairing, API keys


ALL_SCOPES = frozenset(Scope)


@dataclass(frozen=True)
class Principal:
    subject: str
    tenant_id: str | None  # None for an admin
    is_admin: bool
    scopes: frozenset[Scope] = ALL_SCOPES
    api_key_id: str | None = None
    expires_at: float | None = None  # a JWT's exp (epoch seconds); None for an API key

    def may_access(self, tenant_id: str) -> bool:
        return self.is_admin or self.tenant_id == tenant_id

    def require_unexpired(self) -> None:
        """A JWT past its `exp` is refused. Verifying allows 30 s of clock leeway, which
        suits one request; what lives on (an event socket) holds the token to `exp`."""
        if self.expires_at is not None and time.time() >= self.expires_at:
            raise ApiError("token_expired", "the token has expired")

    def require(self, scope: Scope) -> None:
        if scope not in self.scopes:
            raise ApiError("insufficient_scope", f"this API key lacks the '{scope.value}' scope")


ADMIN = Principal("admin", None, True)
