"""Console sign-in links: `wagate up` prints /console#code=…, and the page trades the code
once for an admin token, so a newcomer needs no second terminal and no pasted JWT.

A code is 192 random bits, kept in Redis only as its SHA-256 (a Redis dump shows no code
that works) under a TTL (WAGATE_SIGN_IN_CODE_TTL), and taken with GETDEL: two pages
racing with one code get one token between them. A wrong, used or expired code is one
answer (401 sign_in_code_invalid) and counts as a failed authentication of the caller's
address, like a wrong token, so guessing is cut off by the same limit.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from pydantic import BaseModel, ConfigDict, Field
from redis.asyncio import Redis
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.access import client_address
from gateway.auth import Authenticator
from gateway.errors import ApiError
from gateway.schemas import read_body
from gateway.services import services
from gateway.tokens import issue_token
from wagate.config import GatewaySettings

_GRANT = b"admin"  # what a code is worth; the only kind there is
_MAX_BODY_BYTES = 1024


def _key(prefix: str, code: str) -> str:
    return f"{prefix}:signin:{hashlib.sha256(code.encode()).hexdigest()}"


async def create_code(redis: Redis, prefix: str, ttl_s: int) -> str:
    """A new single-use code, good for `ttl_s` seconds."""
    code = secrets.token_urlsafe(24)
    await redis.set(_key(prefix, code), _GRANT, ex=ttl_s)
    return code


class SignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=128)


def _invalid() -> ApiError:
    return ApiError("sign_in_code_invalid", "this sign-in link is wrong, used or expired")


async def exchange(request: Request) -> Response:
    """POST /console/sign-in {"code"}: an admin token of bounded life, once per code."""
    state = services(request)
    settings: GatewaySettings = state.settings
    auth: Authenticator = state.auth
    address = client_address(request)
    await auth.refuse_if_locked_out(address)
    body = await read_body(request, SignIn, _MAX_BODY_BYTES)
    if (
        settings.jwt_algorithm != "HS256"
        or await state.redis.getdel(_key(settings.redis_prefix, body.code)) != _GRANT
    ):
        await auth.count_failure(address)
        raise _invalid()
    ttl_s = min(settings.sign_in_session_ttl_s, settings.jwt_max_lifetime_s)
    token = issue_token(settings, tenant_id=None, admin=True, ttl_s=ttl_s)
    return JSONResponse(
        {"success": True, "token": token, "expiresAt": int(time.time()) + ttl_s},
        headers={"Cache-Control": "no-store"},
    )
