"""Idempotency-Key for commands other than sends (a group's creation): a retry with the
same key and body gets the first answer and runs nothing; the same key with another body
is refused. A retry of a first request that ended without an answer (a 504) runs the
same bus command again, under the same id, so the connector (and WhatsApp, which takes
that id as the create key) see one command, not two.

Sends have their own path (gateway/send.py), which also asks the message log."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.errors import ApiError
from gateway.idempotency import IdempotencyStore, Record, body_hash
from gateway.send import (
    idempotency_key,
    record_failure,
    record_quietly,
    refuse_other_body,
    replay,
)
from gateway.services import services
from wagate.bus import Command
from wagate.config import GatewaySettings

# the command run, answered as (HTTP status, JSON body)
Answer = Callable[[Command], Awaitable[tuple[int, dict[str, Any]]]]


async def once(request: Request, command: Command, answer: Answer) -> Response:
    """`answer(command)` at most once per Idempotency-Key (when the request has one)."""
    key = idempotency_key(request)
    if key is None:
        status, body = await answer(command)
        return JSONResponse(body, status)
    tenant_id = command.tenant
    idem: IdempotencyStore = services(request).idempotency
    mine = Record(body_hash(command.payload_fields()), command.id, None, None)
    earlier = await idem.begin(tenant_id, key, mine)
    if earlier is not None:
        refuse_other_body(earlier, mine)
        settings: GatewaySettings = services(request).settings
        done = (
            earlier
            if earlier.done
            else await idem.wait_done(tenant_id, key, settings.command_timeout_s)
        )
        if done is not None and done.done:
            return replay(done)
        command = dataclasses.replace(command, id=earlier.command_id)  # the same command
        mine = dataclasses.replace(mine, command_id=earlier.command_id)
    try:
        status, body = await answer(command)
    except ApiError as e:
        await record_quietly(record_failure(idem, tenant_id, key, mine, e))
        raise
    await record_quietly(
        idem.finish(tenant_id, key, Record(mine.body_hash, command.id, status, body))
    )
    return JSONResponse(body, status)
