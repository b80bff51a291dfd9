"""The gateway's side of the bus: put a command on the stream, wait for its reply.

Routes talk to a `BusClient`, which turns a connector's refusal into the ApiError its
code stands for; beneath it any `CommandBus` carries the command: `RedisBus` in a
deployment, an in-memory one in tests that run the gateway in process."""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator
from typing import TypeVar

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from starlette.requests import HTTPConnection

from gateway.errors import ApiError
from gateway.ratelimit import StreamAppend
from gateway.reply_inbox import InboxBroken, ReplyInbox
from gateway.services import services
from wagate.bus import BusKeys, Command, CommandBus, Reply, inbox_of, naming_inbox
from wagate.bus.commands import CommandPayload
from wagate.deadlines import bare_command

T = TypeVar("T")

# a reply awaited in the inbox this long is looked for on its command's own list too
_LIST_LOOK_S = 1.0


class RedisBus:
    """The command stream, read by whichever connector leads, and the replies: in this
    process's inbox (`inbox`, while the connector answers into inboxes), else on a list
    per command."""

    def __init__(
        self, redis: Redis, keys: BusKeys, timeout_s: float, inbox: ReplyInbox | None = None
    ) -> None:
        self._redis = redis
        self._keys = keys
        self._timeout_s = timeout_s
        self._inbox = inbox

    def append_of(self, command: Command) -> StreamAppend:
        """`command` as the entry that queues it, for a Redis call that adds it itself."""
        # never trimmed: a queued command must survive until a connector takes it
        return StreamAppend(self._keys.commands, self._fields(command))

    def _fields(self, command: Command) -> dict[str, str]:
        fields = command.to_fields()
        if self._inbox is not None and self._inbox.in_use:
            return naming_inbox(fields, self._inbox.name)
        return fields

    async def call(self, command: Command) -> Reply:
        fields = self._fields(command)
        try:
            await self._redis.xadd(self._keys.commands, fields)  # type: ignore[arg-type]
        except (RedisConnectionError, RedisTimeoutError, OSError):
            raise ApiError("bus_unavailable", "the message bus (Redis) is unreachable") from None
        except RedisError:
            raise ApiError(
                "bus_unavailable", "the message bus (Redis) refused the command"
            ) from None
        return await self.reply_to(command, fields)

    async def reply_to(self, command: Command, fields: dict[str, str]) -> Reply:
        """The reply to a command already on the stream as `fields`."""
        try:
            if self._inbox is not None and inbox_of(fields) == self._inbox.name:
                return await self._from_inbox(self._inbox, command)
            return await self._popped(command)
        except TimeoutError:  # first: it is an OSError
            raise ApiError(
                "connector_timeout",
                f"the connector did not answer within {self._timeout_s:g} s; the command stays "
                "queued and runs when the connector is back",
            ) from None
        except (RedisError, OSError, InboxBroken):
            # the command is queued: "unavailable" would tell the client nothing happened
            # (and free its Idempotency-Key for a second send). Redis went away while we
            # waited; with persistence the command runs when a connector reads it again.
            raise ApiError(
                "connector_timeout",
                "the connection to the message bus broke while waiting for the connector's "
                "answer; the command stays queued and runs when the bus is back",
            ) from None

    async def _from_inbox(self, inbox: ReplyInbox, command: Command) -> Reply:
        """The reply in the inbox; after each `_LIST_LOOK_S` without one, the command's own
        list is looked at too: a connector of an earlier release, just put back in this
        one's place, answers there until the gateways see that it announces no inbox."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout_s
        while True:
            left = deadline - loop.time()
            try:
                return await inbox.reply(command.id, min(left, _LIST_LOOK_S))
            except TimeoutError:
                if left <= _LIST_LOOK_S:
                    raise
            listed = await bare_command(self._redis, "LPOP", self._keys.reply(command.id))
            if listed is not None:
                return Reply.from_json(listed)

    async def _popped(self, command: Command) -> Reply:
        """The reply on the command's own list (a connector that answers no inbox)."""
        popped = await bare_command(
            self._redis, "BLPOP", self._keys.reply(command.id), self._timeout_s
        )
        if popped is None:
            raise TimeoutError
        return Reply.from_json(popped[1])


class BusClient:
    def __init__(self, bus: CommandBus, inbox: ReplyInbox | None = None) -> None:
        """`inbox`: the Redis bus's reply inbox, read while `reading`."""
        self._bus = bus
        self._inbox = inbox

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[None]:
        """The reply inbox's reader (if any), for the process's lifetime."""
        if self._inbox is None:
            yield
            return
        async with self._inbox.reading():
            yield

    def append_of(self, command: Command) -> StreamAppend | None:
        """The stream entry that queues `command`, for a rate limit's hit to add in its
        own Redis call; None when the bus is not Redis's stream."""
        return self._bus.append_of(command) if isinstance(self._bus, RedisBus) else None

    async def call(self, command: Command, *, queued: StreamAppend | None = None) -> Reply:
        """The reply to `command`; `queued`: its `append_of` entry, when it was added
        already."""
        if queued is not None:
            assert isinstance(self._bus, RedisBus)
            return await self._bus.reply_to(command, queued.fields)
        return await self._bus.call(command)

    async def call_ok(
        self, command: Command, result: type[T], *, queued: StreamAppend | None = None
    ) -> T:
        """`call`, with the result decoded, and a connector's refusal raised as the
        ApiError its code stands for (the status comes from the error catalogue)."""
        reply = await self.call(command, queued=queued)
        if not reply.ok:
            code = reply.code or "connector_error"
            retry_after = reply.retry_after_s
            headers = None if retry_after is None else {"Retry-After": str(math.ceil(retry_after))}
            raise ApiError(
                code,
                reply.error or "the connector refused the command",
                headers=headers,
            )
        return reply.result(result)


async def tenant_call(
    conn: HTTPConnection, tenant_id: str, payload: CommandPayload, result: type[T]
) -> T:
    """`payload` as a command of `tenant_id`, through the process's bus: its result, or
    the connector's refusal as an ApiError (`BusClient.call_ok`)."""
    client: BusClient = services(conn).bus
    return await client.call_ok(Command.of(tenant_id, payload), result)
