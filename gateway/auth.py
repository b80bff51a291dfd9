"""Authentication for every route and the WebSocket: a JWT (tenant or admin) or an API
key, from `X-API-Key`, `Authorization: Bearer`, or (WebSocket only) `?token=`.

Failed attempts count against the caller's address; past the limit the answer is 429,
whatever the credential, so guessing keys and tokens is slow and visible.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.api_keys import ApiKeys, looks_like_api_key
from gateway.errors import ApiError
from gateway.principal import Principal
from gateway.ratelimit import Decision, Gate, RateLimiter
from gateway.tenant_ids import COMPANY_ID
from gateway.tenants import Tenants
from gateway.tokens import TokenVerifier
from wagate.config import GatewaySettings


@dataclass(frozen=True)
class Credentials:
    authorization: str | None
    api_key: str | None
    query_token: str | None
    client_address: str

    def credential(self) -> str | None:
        if self.api_key:
            return self.api_key.strip()
        if self.authorization and self.authorization[:7].lower() == "bearer ":
            return self.authorization[7:].strip() or None
        return self.query_token or None


class Authenticator:
    def __init__(
        self,
        settings: GatewaySettings,
        tokens: TokenVerifier,
        api_keys: ApiKeys,
        tenants: Tenants,
        limiter: RateLimiter,
    ) -> None:
        self._failures_per_minute = settings.auth_failures_per_minute
        self._tokens = tokens
        self._api_keys = api_keys
        self._tenants = tenants
        self._limiter = limiter

    async def authenticate(self, creds: Credentials, *, lockout_later: bool = False) -> Principal:
        """`lockout_later`: the caller checks the lockout itself before any answer (in its
        rate limit's Redis call, and before any refusal: access.lockout_before_refusals);
        a credential refused here is checked, and counted, in one call (`count_failure`)."""
        credential = creds.credential()
        if credential is None:
            raise ApiError(
                "token_missing",
                "send a token or API key as 'Authorization: Bearer …' or 'X-API-Key'",
            )
        # a locked-out address is refused before any answer about its credential: answering
        # a right guess would let guessing go on at full speed, and make the right one stand out
        if not lockout_later:
            await self.refuse_if_locked_out(creds.client_address)
        try:
            if looks_like_api_key(credential):
                return await self._api_keys.verify(credential)  # checks the tenant too
            principal = self._tokens.verify(credential)
        except ApiError as e:
            if e.status == 401:
                await self.count_failure(creds.client_address)
            raise
        if principal.tenant_id is not None:
            await self.require_enabled(principal.tenant_id)
        return principal

    async def require_still_valid(self, principal: Principal) -> None:
        """A credential accepted earlier (an open WebSocket) that has since expired, been
        revoked or lost its tenant is refused like a new one would be."""
        principal.require_unexpired()
        if principal.api_key_id is not None:
            await self._api_keys.require_usable(principal.api_key_id)
        elif principal.tenant_id is not None:
            await self.require_enabled(principal.tenant_id)

    async def require_enabled(self, tenant_id: str) -> None:
        if (await self._tenants.status(tenant_id)).disabled:
            raise ApiError("tenant_disabled", "this tenant is disabled")

    def lockout_gate(self, address: str) -> Gate:
        """The address's failures, as a gate in front of another rate limit's hit."""
        return Gate("authfail", address, self._failures_per_minute)

    async def refuse_if_locked_out(self, address: str) -> None:
        decision = await self._limiter.peek("authfail", address, self._failures_per_minute)
        if not decision.allowed:
            raise locked_out(decision)

    async def count_failure(self, address: str) -> None:
        decision = await self._limiter.hit("authfail", address, self._failures_per_minute)
        if not decision.allowed:
            raise locked_out(decision)


def locked_out(decision: Decision) -> ApiError:
    return ApiError(
        "too_many_auth_failures",
        "too many failed authentications from this address; wait and retry",
        headers=decision.headers(),
    )


def scoped_tenant(principal: Principal, tenant_id: str) -> str:
    """The company a route may act on. Another tenant's company is answered exactly like
    one that does not exist, so company ids cannot be probed."""
    if not COMPANY_ID.fullmatch(tenant_id):
        raise ApiError("invalid_company_id", "companyId must match ^[A-Za-z0-9_-]{1,64}$")
    if not principal.may_access(tenant_id):
        raise ApiError("session_not_found", f"no session for company {tenant_id}")
    return tenant_id


def require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise ApiError("admin_required", "this route is for operators (admin tokens) only")
