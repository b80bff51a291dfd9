"""Who is calling: JWTs for tenants and operators (admins).

The algorithm list is pinned (no `none`, no switching to what the token header asks for)
and `exp`, `iss`, `aud` and `sub` are required, so a token is only accepted if this
deployment made it for this deployment.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import jwt

from gateway.errors import ApiError
from wagate.config import Settings

ALGORITHMS = ["HS256"]
_LEEWAY_S = 30
COMPANY_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class Principal:
    subject: str
    company_id: str | None  # None for an admin
    is_admin: bool

    def may_access(self, company_id: str) -> bool:
        return self.is_admin or self.company_id == company_id


def issue_token(
    settings: Settings, *, company_id: str | None, admin: bool, ttl_s: int = 3600
) -> str:
    if not admin and (company_id is None or not COMPANY_ID.match(company_id)):
        raise ValueError("a tenant token needs a company id matching ^[A-Za-z0-9_-]{1,64}$")
    now = int(time.time())
    claims: dict[str, str | int] = {
        "sub": "admin" if admin else f"company:{company_id}",
        "role": "admin" if admin else "tenant",
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + ttl_s,
    }
    if company_id is not None and not admin:
        claims["companyId"] = company_id
    return jwt.encode(claims, settings.jwt_secret, algorithm=ALGORITHMS[0])


def verify_token(settings: Settings, token: str | None) -> Principal:
    if not token:
        raise ApiError(401, "token_missing", "send a token as 'Authorization: Bearer <token>'")
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret,
            algorithms=ALGORITHMS,
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            leeway=_LEEWAY_S,
            options={"require": ["exp", "iss", "aud", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise ApiError(401, "token_expired", "the token has expired") from None
    except jwt.PyJWTError:
        raise ApiError(401, "token_invalid", "the token is not valid for this service") from None
    role = claims.get("role")
    if role == "admin":
        return Principal(str(claims["sub"]), None, True)
    company_id = claims.get("companyId")
    if role != "tenant" or not isinstance(company_id, str) or not COMPANY_ID.match(company_id):
        raise ApiError(401, "token_invalid", "the token names no valid tenant")
    return Principal(str(claims["sub"]), company_id, False)


def bearer(authorization: str | None) -> str | None:
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip() or None
    return None


def authenticate(settings: Settings, authorization: str | None) -> Principal:
    return verify_token(settings, bearer(authorization))


def scoped_company(principal: Principal, company_id: str) -> str:
    """The company a route may act on. Another tenant's company is answered exactly like
    one that does not exist, so company ids cannot be probed."""
    if not COMPANY_ID.match(company_id):
        raise ApiError(400, "invalid_company_id", "companyId must match ^[A-Za-z0-9_-]{1,64}$")
    if not principal.may_access(company_id):
        raise ApiError(404, "session_not_found", f"no session for company {company_id}")
    return company_id


def require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise ApiError(403, "admin_required", "this route is for operators (admin tokens) only")
