"""Sending a message: scope, body, idempotency, rate limit, then the bus.

`send` is the seed's POST /sessions/{companyId}/send (text). Every other kind of message
has its own route and body (send_api.py, media_api.py), and ends in `send_message`, so
idempotency, the rate limit and the answer are the same for every kind. The public JSON
names the chat `to` (`phone` on /send); it is `chat` inside. Order matters: a replay of an
Idempotency-Key answers from its record before the rate limit (a retry is not a new
send), and a send refused by the rate limit releases its key.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.access import client_address, lockout_before_refusals, tenant_for
from gateway.auth import locked_out
from gateway.bus_client import BusClient
from gateway.database import Database
from gateway.errors import ApiError, error_response
from gateway.idempotency import IdempotencyStore, Record, body_hash
from gateway.principal import Scope
from gateway.ratelimit import Decision, Gate, GateClosed, RateLimiter, StreamAppend
from gateway.schemas import SendRequest, read_body
from gateway.services import services
from gateway.tenants import Tenants
from wagate.bus import Command, MediaSent, SendMessage, Sent
from wagate.bus.codec import encode
from wagate.config import GatewaySettings
from wagate.content import MediaFile, Text
from wagate.errors import retryable
from wagate.tables import message_log, sessions
from wagate.timestamps import iso_utc

_MAX_KEY_CHARS = 255


def idempotency_key(request: Request) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    if not 1 <= len(key) <= _MAX_KEY_CHARS or not key.isascii() or not key.isprintable():
        raise ApiError(
            "invalid_idempotency_key",
            f"Idempotency-Key must be 1 to {_MAX_KEY_CHARS} printable ASCII characters",
        )
    return key


def replay(record: Record) -> Response:
    assert record.status is not None and record.body is not None
    return JSONResponse(record.body, record.status, headers={"Idempotency-Replayed": "true"})


async def _sent_by_command(request: Request, command_id: str) -> dict[str, Any] | None:
    """The message a bus command sent, from the connector's message log, if it went out."""
    db: Database = services(request).db
    sent = await message_log.sent_by_command(await db.pool(), command_id)
    if sent is None or sent.sent_at is None:
        return None
    return {"messageId": sent.message_id, "timestamp": iso_utc(sent.sent_at)}


async def send(request: Request) -> Response:
    # without an Idempotency-Key (whose replay answers before the rate limit), the
    # address's lockout is looked at in the rate limit's Redis call rather than a call of
    # its own before it: one round trip less per send, and every refusal until then
    # still checks the lockout first
    late = "idempotency-key" not in request.headers
    async with lockout_before_refusals(request, late):
        _, tenant_id = await tenant_for(request, Scope.SEND, lockout_later=late)
        settings: GatewaySettings = services(request).settings
        body = await read_body(request, SendRequest, settings.max_body_bytes)
        # the body's `phone` (public, kept) is the chat
        message = SendMessage(body.phone, Text(body.message), body.quotedMessageId)
        gate = services(request).auth.lockout_gate(client_address(request)) if late else None
        admitted = await _admit(request, tenant_id, message, gate)
    if isinstance(admitted, Response):
        return admitted
    return await _dispatch(request, tenant_id, message.chat, admitted, Sent)


@dataclass(frozen=True)
class _Claim:
    """An Idempotency-Key, and the record it was claimed with."""

    key: str
    mine: Record


@dataclass(frozen=True)
class _Admitted:
    """A send past its Idempotency-Key (None: the request had none) and rate limit,
    ready for the bus."""

    command: Command
    claim: _Claim | None
    decision: Decision
    queued: StreamAppend | None  # the command's entry, when the rate limit's call added it


async def send_message(request: Request, tenant_id: str, message: SendMessage) -> Response:
    """Send one message for a tenant the caller may send for (`tenant_for` with
    Scope.SEND, and the body read, come first): the answer is
    `{success, companyId, to, messageId, timestamp}`, plus for an attachment what
    MediaSent adds to Sent (camelCase). An Idempotency-Key covers the command's wire
    form, so a content that names its bytes (a media file's sha256) makes a retry with
    other bytes a reused key."""
    admitted = await _admit(request, tenant_id, message, None)
    if isinstance(admitted, Response):
        return admitted
    result_type = MediaSent if isinstance(message.content, MediaFile) else Sent
    return await _dispatch(request, tenant_id, message.chat, admitted, result_type)


async def _admit(
    request: Request, tenant_id: str, message: SendMessage, gate: Gate | None
) -> _Admitted | Response:
    """The Idempotency-Key's claim (or the answer of a repeat), then the rate limit (with
    a `gate`, the lockout in the same call); a refusal frees the key."""
    settings: GatewaySettings = services(request).settings
    key = idempotency_key(request)
    command = Command.of(tenant_id, message)
    idem: IdempotencyStore = services(request).idempotency
    claim = None
    if key is not None:  # the body's hash is for the key's record only
        # the wire form leaves an absent quote absent: older idempotency records still match
        mine = Record(body_hash(command.payload_fields()), command.id, None, None)
        claim = _Claim(key, mine)
        earlier = await idem.begin(tenant_id, key, mine)
        if earlier is not None:
            return await _answer_repeat(request, tenant_id, message.chat, key, mine, earlier)
    bus: BusClient = services(request).bus
    try:
        # the command goes on the stream in the rate limit's call, once counted
        append = bus.append_of(command)
        decision = await _rate_limit(request, tenant_id, settings, gate=gate, append=append)
    except Exception:  # e.g. the tenant's limit unreadable: nothing was attempted
        if key is not None:
            await record_quietly(idem.abandon(tenant_id, key))
        raise
    if not decision.allowed:
        if key is not None:
            await record_quietly(idem.abandon(tenant_id, key))
        return error_response("rate_limited", _rate_limited(decision), decision.headers())
    return _Admitted(command, claim, decision, append if decision.appended else None)


async def _dispatch(
    request: Request, tenant_id: str, chat: str, admitted: _Admitted, result_type: type[Sent]
) -> Response:
    """The admitted command on the bus; its answer, recorded under its Idempotency-Key."""
    command, claim, decision = admitted.command, admitted.claim, admitted.decision
    idem: IdempotencyStore = services(request).idempotency
    bus: BusClient = services(request).bus
    try:
        sent = await bus.call_ok(command, result_type, queued=admitted.queued)
    except ApiError as e:
        if claim is not None:
            await record_quietly(record_failure(idem, tenant_id, claim.key, claim.mine, e))
        e.headers = {**decision.headers(), **(e.headers or {})}  # it counted: say so
        raise
    added = {k: v for k, v in encode(sent).items() if k not in ("messageId", "sentAt")}
    result = {"messageId": sent.message_id, "timestamp": sent.sent_at, **added}
    out = {"success": True, "companyId": tenant_id, "to": chat, **result}
    if claim is not None:
        done = Record(claim.mine.body_hash, command.id, 200, out)
        await record_quietly(idem.finish(tenant_id, claim.key, done))
    return JSONResponse(out, headers=decision.headers())


async def record_failure(
    idem: IdempotencyStore, tenant_id: str, key: str, mine: Record, e: ApiError
) -> None:
    """A refusal that says nothing was done (Redis away, no connected session, ...) is
    no outcome: the key is freed, so a retry sends. A timeout stays pending (the command
    may still run); any other refusal is the key's answer."""
    if retryable(e.code):
        await idem.abandon(tenant_id, key)
    elif e.code != "connector_timeout":
        body_out = {"success": False, "code": e.code, "error": e.message}
        await idem.finish(
            tenant_id, key, Record(mine.body_hash, mine.command_id, e.status, body_out)
        )


async def refuse_before_storing(request: Request, tenant_id: str) -> None:
    """For a send whose bytes are stored before its command (an upload): refuse first
    what the send would be refused for anyway, a tenant without a session or with no
    room in its rate limit (looked at, not counted: the send counts once, later), so a
    refused upload writes nothing. A retry of an Idempotency-Key on record goes on: its
    answer comes from the record, whatever the limit says now."""
    key = idempotency_key(request)
    idem: IdempotencyStore = services(request).idempotency
    if key is not None and await idem.get(tenant_id, key) is not None:
        return
    db: Database = services(request).db
    if not await sessions.exists(await db.pool(), tenant_id):
        raise ApiError("session_not_found", f"no session for company {tenant_id}")
    settings: GatewaySettings = services(request).settings
    decision = await _rate_limit(request, tenant_id, settings, count=False)
    if not decision.allowed:
        raise ApiError("rate_limited", _rate_limited(decision), headers=decision.headers())


def _rate_limited(decision: Decision) -> str:
    return f"at most {decision.limit} sends a minute for this tenant; retry later"


async def record_quietly(update: Awaitable[None]) -> None:
    """Update an Idempotency-Key record after the command's outcome is known. If Redis is
    away now, the answer still goes out: the record stays pending with the command id,
    and a retry learns the outcome from the message log."""
    with contextlib.suppress(RedisError, OSError):
        await update


def refuse_other_body(earlier: Record, mine: Record) -> None:
    """A key already used for another body answers neither: the caller reused it."""
    if earlier.body_hash != mine.body_hash:
        raise ApiError(
            "idempotency_key_reused",
            "this Idempotency-Key was used with a different body; use a new key",
        )


async def _answer_repeat(
    request: Request, tenant_id: str, chat: str, key: str, mine: Record, earlier: Record
) -> Response:
    refuse_other_body(earlier, mine)
    settings: GatewaySettings = services(request).settings
    idem: IdempotencyStore = services(request).idempotency
    if earlier.done:
        return replay(earlier)
    # a first request that ended without an answer (504) leaves its record pending for
    # good: the message log knows whether its message went out, so ask it before waiting
    logged = await _answer_from_log(request, tenant_id, chat, key, mine, earlier.command_id)
    if logged is not None:
        return logged
    record = await idem.wait_done(tenant_id, key, settings.command_timeout_s)
    if record is not None and record.done:
        return replay(record)
    logged = await _answer_from_log(request, tenant_id, chat, key, mine, earlier.command_id)
    if logged is not None:
        return logged
    raise ApiError(
        "idempotency_in_progress",
        "a request with this Idempotency-Key is still being processed; retry shortly",
        headers={"Retry-After": "1"},
    )


async def _answer_from_log(
    request: Request, tenant_id: str, chat: str, key: str, mine: Record, command_id: str
) -> Response | None:
    sent = await _sent_by_command(request, command_id)
    if sent is None:
        return None
    out = {"success": True, "companyId": tenant_id, "to": chat, **sent}
    idem: IdempotencyStore = services(request).idempotency
    await record_quietly(idem.finish(tenant_id, key, Record(mine.body_hash, command_id, 200, out)))
    return JSONResponse(out, headers={"Idempotency-Replayed": "true"})


async def _rate_limit(
    request: Request,
    tenant_id: str,
    settings: GatewaySettings,
    *,
    count: bool = True,
    gate: Gate | None = None,
    append: StreamAppend | None = None,
) -> Decision:
    tenants: Tenants = services(request).tenants
    limiter: RateLimiter = services(request).limiter
    limit = (await tenants.status(tenant_id)).send_rate_per_minute or settings.send_rate_per_minute
    if not count:
        return await limiter.peek("send", tenant_id, limit)
    try:
        return await limiter.hit("send", tenant_id, limit, gate=gate, append=append)
    except GateClosed as closed:
        raise locked_out(closed.decision) from None
