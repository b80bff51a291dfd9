"""JWTs: verification with a pinned algorithm, and minting (HS256, for the CLI).

The accepted algorithm is the one configured, never the one a token's header asks for,
so `alg: none` and HS256-signed-with-the-public-key (algorithm confusion) are refused.
`exp`, `iss`, `aud` and `sub` are required.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import jwt

from gateway.errors import ApiError
from gateway.principal import Principal
from gateway.tenant_ids import COMPANY_ID
from wagate.config import Settings

_LEEWAY_S = 30


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._algorithms = [settings.jwt_algorithm]
        self._key: Any = settings.jwt_secret
        self._jwks: jwt.PyJWKSet | None = None
        if settings.jwt_jwks_file:
            self._jwks = jwt.PyJWKSet.from_json(Path(settings.jwt_jwks_file).read_text())
        elif settings.jwt_public_key_file:
            self._key = Path(settings.jwt_public_key_file).read_text()

    def _key_for(self, token: str) -> Any:
        if self._jwks is None:
            return self._key
        kid = jwt.get_unverified_header(token).get("kid")
        keys = [k for k in self._jwks.keys if kid is None or k.key_id == kid]
        if len(keys) != 1 or keys[0].algorithm_name not in (None, *self._algorithms):
            raise jwt.InvalidKeyError("no single key with this kid and algorithm")
        return keys[0].key

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._key_for(token),
                algorithms=self._algorithms,
                audience=self._settings.jwt_audience,
                issuer=self._settings.jwt_issuer,
                leeway=_LEEWAY_S,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise ApiError(401, "token_expired", "the token has expired") from None
        except (jwt.PyJWTError, ValueError):
            raise ApiError(
                401, "token_invalid", "the token is not valid for this service"
            ) from None
        role = claims.get("role")
        if role == "admin":
            return Principal(str(claims["sub"]), None, True)
        company_id = claims.get("companyId")
        if role != "tenant" or not isinstance(company_id, str) or not COMPANY_ID.match(company_id):
            raise ApiError(401, "token_invalid", "the token names no valid tenant")
        return Principal(str(claims["sub"]), company_id, False)


def issue_token(
    settings: Settings, *, company_id: str | None, admin: bool, ttl_s: int = 3600
) -> str:
    if settings.jwt_algorithm != "HS256":
        raise ValueError(
            f"tokens for {settings.jwt_algorithm} are minted by your identity provider"
        )
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
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")
