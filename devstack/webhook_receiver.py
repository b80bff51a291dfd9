"""A real local HTTP server that receives wagate's webhooks, as a tenant's server would:
each path is one receiver with its own behaviour (fail N times, always fail, hang, answer
slowly), and every request is checked with the svix verifier when the path has a secret.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from hypercorn.asyncio import serve
from hypercorn.config import Config
from svix.webhooks import Webhook, WebhookVerificationError

from devstack.stack import free_port

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass
class Behaviour:
    secret: str | None = None  # verify signatures with it (401 when they do not verify)
    fail_first: int = 0  # answer `fail_status` to the first N requests
    fail_status: int = 500
    always_status: int | None = None  # answer this to every request (e.g. 503: "down")
    delay_s: float = 0.0  # wait this long before answering (a slow or hung receiver)
    retry_after: str | None = None  # Retry-After header on failures


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.time() when the request arrived
    status: int = 0  # what the receiver answered (0 while it has not yet)
    verified: bool | None = None

    @property
    def json(self) -> dict[str, Any]:
        payload: dict[str, Any] = json.loads(self.body)
        return payload

    @property
    def webhook_id(self) -> str:
        return self.headers.get("webhook-id", "")


@dataclass
class Receiver:
    port: int
    behaviours: dict[str, Behaviour] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)

    def add(self, **behaviour: Any) -> str:
        """A new path with this behaviour; returns its URL."""
        path = "/hook/" + secrets.token_hex(4)
        self.behaviours[path] = Behaviour(**behaviour)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def behaviour(self, url: str) -> Behaviour:
        return self.behaviours[_path(url)]

    def requests(self, url: str) -> list[Received]:
        path = _path(url)
        return [r for r in self.received if r.path == path]

    def accepted(self, url: str) -> list[Received]:
        """Requests answered 2xx (after their signature verified, if the path has a secret)."""
        return [r for r in self.requests(url) if 200 <= r.status <= 299]

    async def wait_accepted(self, url: str, count: int, timeout_s: float = 15) -> list[Received]:
        await self.wait(url, lambda rs: sum(200 <= r.status <= 299 for r in rs) >= count, timeout_s)
        return self.accepted(url)

    async def wait(
        self, url: str, predicate: Callable[[list[Received]], bool], timeout_s: float = 15
    ) -> list[Received]:
        deadline = time.monotonic() + timeout_s
        while True:
            found = self.requests(url)
            if predicate(found):
                return found
            if time.monotonic() > deadline:
                summary = [(r.status, r.json.get("type"), r.webhook_id) for r in found]
                raise AssertionError(f"receiver {url} timed out; got {summary}")
            await asyncio.sleep(0.02)

    # ---- the ASGI app ------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        entry = Received(scope["path"], headers, body, time.time())
        self.received.append(entry)
        behaviour = self.behaviours.get(scope["path"])
        status, extra = self._answer(entry, behaviour)
        if behaviour is not None and behaviour.delay_s:
            await asyncio.sleep(behaviour.delay_s)
        entry.status = status
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"text/plain"), *extra],
            }
        )
        await send({"type": "http.response.body", "body": f"answer {status}".encode()})

    def _answer(
        self, entry: Received, behaviour: Behaviour | None
    ) -> tuple[int, list[tuple[bytes, bytes]]]:
        if behaviour is None:
            return 404, []
        if behaviour.secret is not None:
            try:
                Webhook(behaviour.secret).verify(entry.body, entry.headers)
                entry.verified = True
            except WebhookVerificationError:
                entry.verified = False
                return 401, []
        extra = [(b"retry-after", behaviour.retry_after.encode())] if behaviour.retry_after else []
        if behaviour.always_status is not None:
            return behaviour.always_status, extra
        if behaviour.fail_first > 0:
            behaviour.fail_first -= 1
            return behaviour.fail_status, extra
        return 200, []


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@contextlib.asynccontextmanager
async def running_receiver() -> AsyncIterator[Receiver]:
    """The receiver, answering on its own thread (see `serving_in_thread`)."""
    receiver = Receiver(free_port())
    async with serving_in_thread(receiver, receiver.port):
        yield receiver


@contextlib.asynccontextmanager
async def serving_in_thread(app: Any, port: int) -> AsyncIterator[None]:
    """An ASGI app served on 127.0.0.1:port from its own thread and event loop, so it
    keeps answering while the test's loop is blocked (Stack.stop waits for a process
    synchronously, and a process stopping gracefully may wait for this app's answer)."""
    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    config.accesslog = None
    config.graceful_timeout = 0.5
    started = threading.Event()
    loop_box: list[asyncio.AbstractEventLoop] = []
    stop_box: list[asyncio.Event] = []

    async def main() -> None:
        stop = asyncio.Event()
        loop_box.append(asyncio.get_running_loop())
        stop_box.append(stop)
        started.set()
        await serve(app, config, shutdown_trigger=stop.wait)

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    started.wait(5)
    for _ in range(250):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            break
        except OSError:
            await asyncio.sleep(0.02)
    try:
        yield
    finally:
        loop_box[0].call_soon_threadsafe(stop_box[0].set)
        thread.join(5)
