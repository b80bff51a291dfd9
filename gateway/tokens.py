"""JWTs: verification with a pinned algorithm, and minting (HS256, for the CLI).

The accepted algorithm is the one configured, never the one a token's header asks for,
so `alg: none` and HS256-signed-with-the-public-key (algorithm confusion) are refused.
`exp`, `iat`, `iss`, `aud` and `sub` are required; the times must be JSON numbers (PyJWT
alone would take `"exp": "1700000000"`), and a token may live at most
WAGATE_JWT_MAX_LIFETIME (`exp - iat`), so a leaked token is not good for a year.

A token verified once is remembered (the same string carries the same signed claims)
until it expires, so the next request with it costs a dictionary lookup
instead of PyJWT's decoding, a key's preparation and a signature check (an eighth of the
gateway's CPU per send); past its exp (and the leeway) it is refused as expired, as PyJWT
would. Only tokens that passed are remembered, at most _REMEMBERED of them.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt

from gateway.errors import ApiError
from gateway.principal import Principal
from gateway.tenant_ids import COMPANY_ID
from wagate.config import GatewaySettings

_LEEWAY_S = 30
_REMEMBERED = 4096


@dataclass(frozen=True)
class _Verified:
    principal: Principal
    good_until: float  # PyJWT's own bound: exp, plus the leeway (nbf and iat were passed)


class TokenVerifier:
    def __init__(self, settings: GatewaySettings) -> None:
        self._settings = settings
        self._algorithms = [settings.jwt_algorithm]
        self._key: Any = settings.jwt_secret
        self._jwks: jwt.PyJWKSet | None = None
        self._verified: dict[str, _Verified] = {}
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
        known = self._verified.get(token)
        if known is not None:
            if time.time() < known.good_until:
                return known.principal
            del self._verified[token]
            raise ApiError("token_expired", "the token has expired")
        claims = self._decoded(token)
        principal = self._principal(claims)
        if len(self._verified) >= _REMEMBERED:
            del self._verified[next(iter(self._verified))]  # the oldest
        self._verified[token] = _Verified(principal, float(claims["exp"]) + _LEEWAY_S)
        return principal

    def _decoded(self, token: str) -> dict[str, Any]:
        try:
            claims = jwt.decode(
                token,
                self._key_for(token),
                algorithms=self._algorithms,
                audience=self._settings.jwt_audience,
                issuer=self._settings.jwt_issuer,
                leeway=_LEEWAY_S,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise ApiError("token_expired", "the token has expired") from None
        # ArithmeticError: PyJWT's int() of a time like 1e400 (JSON's infinity)
        except (jwt.PyJWTError, ValueError, ArithmeticError):
            raise ApiError("token_invalid", "the token is not valid for this service") from None
        self._check_times(claims)
        return claims

    @staticmethod
    def _principal(claims: dict[str, Any]) -> Principal:
        role = claims.get("role")
        expires_at = float(claims["exp"])
        if role == "admin":
            return Principal(str(claims["sub"]), None, True, expires_at=expires_at)
        tenant_id = claims.get("companyId")
        if (
            role != "tenant"
            or not isinstance(tenant_id, str)
            or not COMPANY_ID.fullmatch(tenant_id)
        ):
            raise ApiError("token_invalid", "the token names no valid tenant")
        return Principal(str(claims["sub"]), tenant_id, False, expires_at=expires_at)

    def _check_times(self, claims: dict[str, Any]) -> None:
        for name in _TIME_CLAIMS:
            if name in claims and not _is_number(claims[name]):
                raise ApiError("token_invalid", f"the token's {name} is not a number")
        if claims["exp"] - claims["iat"] > self._settings.jwt_max_lifetime_s:
            raise ApiError(
                "token_invalid",
                "the token lives longer than this service accepts "
                f"({self._settings.jwt_max_lifetime_s} s from iat to exp)",
            )


_TIME_CLAIMS = ("exp", "iat", "nbf")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def issue_token(
    settings: GatewaySettings, *, tenant_id: str | None, admin: bool, ttl_s: int = 3600
) -> str:
    if settings.jwt_algorithm != "HS256":
        raise ValueError(
            f"tokens for {settings.jwt_algorithm} are minted by your identity provider"
        )
    if ttl_s > settings.jwt_max_lifetime_s:
        raise ValueError(
            f"a token may live at most WAGATE_JWT_MAX_LIFETIME={settings.jwt_max_lifetime_s} s"
        )
    if not admin and (tenant_id is None or not COMPANY_ID.fullmatch(tenant_id)):
        raise ValueError("a tenant token needs a company id matching ^[A-Za-z0-9_-]{1,64}$")
    now = int(time.time())
    claims: dict[str, str | int] = {
        "sub": "admin" if admin else f"company:{tenant_id}",
        "role": "admin" if admin else "tenant",
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + ttl_s,
    }
    if tenant_id is not None and not admin:
        claims["companyId"] = tenant_id
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")
