"""A real wagate deployment for tests: sim network, connector and gateway as separate
processes on free local ports, against a fresh PostgreSQL database and a private Redis
key prefix, so runs never see each other's data."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import websockets
from redis.asyncio import Redis

from gateway.tokens import issue_token
from wagate.config import Settings

PG_ADMIN_URL = os.environ.get("WAGATE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("WAGATE_TEST_REDIS", "redis://127.0.0.1:6379/0")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ApiAccess:
    """A deployment's API as a test calls it (at `api`): fresh tenant ids, bearer tokens
    signed with its settings, API keys made through the API, a session route's request."""

    settings: Settings

    @property
    def api(self) -> str:
        raise NotImplementedError

    @staticmethod
    def new_tenant() -> str:
        return "co-" + secrets.token_hex(4)

    def token(self, tenant_id: str, ttl_s: int = 3600) -> str:
        return issue_token(self.settings, tenant_id=tenant_id, admin=False, ttl_s=ttl_s)

    def admin_token(self) -> str:
        return issue_token(self.settings, tenant_id=None, admin=True)

    def auth(self, tenant_id: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(tenant_id)}"}

    def admin(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token()}"}

    async def api_key(self, c: httpx.AsyncClient, tenant_id: str, *scopes: str) -> str:
        r = await c.post(
            f"{self.api}/tenants/{tenant_id}/api-keys",
            headers=self.admin(),
            json={"name": "test", "scopes": list(scopes or ("send", "read", "manage"))},
        )
        assert r.status_code == 201, r.text
        key: str = r.json()["key"]
        return key

    async def call(
        self, c: httpx.AsyncClient, method: str, tenant_id: str, path: str = "", **kw: Any
    ) -> httpx.Response:
        """A session route as the company's own tenant: call(c, "POST", co, "logout")."""
        url = f"{self.api}/sessions/{tenant_id}" + (f"/{path}" if path else "")
        headers = {**self.auth(tenant_id), **kw.pop("headers", {})}
        return await c.request(method, url, headers=headers, **kw)


@dataclass
class Stack(ApiAccess):
    env: dict[str, str]
    logs: Path
    settings: Settings
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.env['WAGATE_PORT']}/api/whatsapp"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.env['WAGATE_PORT']}/api/whatsapp/events"

    @property
    def connector_ops(self) -> str:
        return f"http://127.0.0.1:{self.env['WAGATE_CONNECTOR_METRICS_PORT']}"

    @property
    def sim(self) -> str:
        return f"http://127.0.0.1:{self.env['WAGATE_SIM_PORT']}"

    # ---- processes ------------------------------------------------------------------

    def start(
        self,
        part: str,
        extra_env: dict[str, str] | None = None,
        *,
        name: str | None = None,
        code: Path | None = None,
    ) -> subprocess.Popen[bytes]:
        """Start `part` (sim, connector, gateway); `name` tells a second one of a part
        apart (its log and its entry in `procs`); `code`: run another tree's code (an
        earlier release's worktree) with this one's installed dependencies."""
        name = name or part
        env = {**self.env, **(extra_env or {})}
        if code is not None:  # its directory first on the path, ahead of the editable install
            env["PYTHONPATH"] = str(code)
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - lives with the process
        proc = subprocess.Popen(
            [sys.executable, "-m", "wagatectl", part],
            env=env,
            cwd=code,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs[name] = proc
        return proc

    def stop(self, part: str, sig: int = signal.SIGTERM, timeout_s: float = 30) -> int:
        proc = self.procs.pop(part)
        if proc.poll() is None:
            proc.send_signal(sig)
        try:
            return proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise

    def log_tail(self, part: str, lines: int = 40) -> str:
        """The last `lines` whole lines of a part's log: a line the process is still
        writing (no newline yet) is left out, so a reader never parses half of one."""
        path = self.logs / f"{part}.log"
        if not path.exists():
            return ""
        text = path.read_text(errors="replace")
        whole = text[: text.rfind("\n") + 1]
        return "\n".join(whole.splitlines()[-lines:])

    async def wait_ready(self, timeout_s: float = 30) -> None:
        """Until every started part answers: the sim its control API, the gateway any
        HTTP request, the connector with its heartbeat on the bus."""
        deadline = time.monotonic() + timeout_s
        redis = Redis.from_url(self.env["REDIS_URL"], socket_connect_timeout=1)
        heartbeat = f"{self.env['WAGATE_REDIS_PREFIX']}:connector:heartbeat"
        try:
            async with httpx.AsyncClient(timeout=2) as c:
                while True:
                    for part, proc in self.procs.items():
                        if proc.poll() is not None:
                            raise RuntimeError(f"{part} exited:\n{self.log_tail(part)}")
                    try:
                        if "sim" in self.procs:
                            assert (await c.get(f"{self.sim}/stats")).status_code == 200
                        if "gateway" in self.procs:
                            await c.get(f"{self.api}/sessions")
                        if "connector" in self.procs:
                            assert await redis.exists(heartbeat) == 1
                        return
                    except (httpx.HTTPError, AssertionError, OSError):
                        pass
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            "stack did not become ready:\n"
                            + "\n".join(f"--- {p}\n{self.log_tail(p)}" for p in self.procs)
                        )
                    await asyncio.sleep(0.1)
        finally:
            await redis.aclose()

    @contextlib.asynccontextmanager
    async def extra_gateway(
        self, code: Path | None = None, **overrides: str
    ) -> AsyncIterator[Stack]:
        """Another gateway process on this deployment (its own port, same bus); `code`:
        as in `start`."""
        port = str(free_port())
        logs = self.logs / f"gateway-{port}"
        logs.mkdir()
        other = Stack(
            env={**self.env, "WAGATE_PORT": port, **overrides}, logs=logs, settings=self.settings
        )
        other.start("gateway", code=code)
        try:
            await other.wait_ready()
            yield other
        finally:
            other.stop("gateway")

    async def restart_connector(self, sig: int = signal.SIGTERM) -> int:
        try:
            code = self.stop("connector", sig)
        except subprocess.TimeoutExpired:
            # the test fails on it; the stack's later tests still get a connector
            self.start("connector")
            await self.wait_ready()
            raise
        if sig == signal.SIGKILL:
            # the heartbeat key outlives a killed process; readiness must see the new one
            redis = Redis.from_url(self.env["REDIS_URL"])
            await redis.delete(f"{self.env['WAGATE_REDIS_PREFIX']}:connector:heartbeat")
            await redis.aclose()
        self.start("connector")
        await self.wait_ready()
        return code

    # ---- tenants, phones, sessions ----------------------------------------------------

    @staticmethod
    def new_number() -> str:
        return "7900" + str(secrets.randbelow(10**7)).zfill(7)

    async def new_phone(self, c: httpx.AsyncClient) -> str:
        """A phone of a number no phone has yet: random numbers collide (among 10,000 of
        them, almost surely), so a number taken is drawn again."""
        while True:
            number = self.new_number()
            r = await c.post(f"{self.sim}/phones", json={"phone": number})
            if r.status_code == 201:
                return number
            assert r.status_code == 200 and r.json()["created"] is False, r.text

    async def connect_session(self, c: httpx.AsyncClient, tenant_id: str) -> str:
        """initialize, let a fresh virtual phone scan the QR; returns the session's number."""
        r = await c.post(
            f"{self.api}/sessions/{tenant_id}/initialize", headers=self.auth(tenant_id)
        )
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "qr", r.text
        phone = await self.new_phone(c)
        link = await c.post(f"{self.sim}/phones/{phone}/link", json={"qr": r.json()["qr"]})
        assert link.status_code == 200, link.text
        await self.wait_status(c, tenant_id, "connected")
        return phone

    async def fault(self, c: httpx.AsyncClient, phone: str, kind: str, **params: Any) -> None:
        r = await c.post(f"{self.sim}/faults", json={"phone": phone, "kind": kind, **params})
        assert r.status_code == 200, r.text

    async def connections(self, c: httpx.AsyncClient, phone: str) -> list[dict[str, Any]]:
        r = await c.get(f"{self.sim}/connections", params={"phone": phone})
        assert r.status_code == 200, r.text
        entries: list[dict[str, Any]] = r.json()["connections"]
        return entries

    async def status(self, c: httpx.AsyncClient, tenant_id: str) -> dict[str, Any]:
        r = await c.get(f"{self.api}/sessions/{tenant_id}/status", headers=self.auth(tenant_id))
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    async def wait_status(
        self, c: httpx.AsyncClient, tenant_id: str, state: str, timeout_s: float = 10
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while True:
            body = await self.status(c, tenant_id)
            if body["status"] == state:
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"{tenant_id} is {body['status']}, expected {state}: {body}")
            await asyncio.sleep(0.05)

    @contextlib.asynccontextmanager
    async def events(self, tenant_id: str, **params: str) -> AsyncIterator[EventReader]:
        query = "&".join(f"{k}={v}" for k, v in {"token": self.token(tenant_id), **params}.items())
        async with websockets.connect(f"{self.ws_url}?{query}") as ws:
            reader = EventReader(ws)
            hello = await reader.next()
            assert hello == {"type": "subscribed", "companyId": tenant_id}, hello
            yield reader


class EventReader:
    def __init__(self, ws: Any) -> None:
        self.ws = ws

    async def next(self, timeout_s: float = 10) -> dict[str, Any]:
        import json

        raw = await asyncio.wait_for(self.ws.recv(), timeout_s)
        event: dict[str, Any] = json.loads(raw)
        return event

    async def types(self, count: int, timeout_s: float = 10) -> list[tuple[str, Any]]:
        """The next `count` events as (type, state) pairs, for asserting sequences."""
        events = [await self.next(timeout_s) for _ in range(count)]
        return [(e["type"], e["data"].get("state")) for e in events]

    async def until(self, event_type: str, timeout_s: float = 10) -> dict[str, Any]:
        """Skip events until one of `event_type` arrives."""
        deadline = time.monotonic() + timeout_s
        while True:
            event = await self.next(max(0.01, deadline - time.monotonic()))
            if event["type"] == event_type:
                return event


async def create_database() -> str:
    name = f"wagate_test_{os.getpid()}_{secrets.token_hex(3)}"
    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name


async def drop_database(name: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


# the drops under way while `drops_in_background` is on, and its loop (None: a deployment
# drops its database before its context exits)
_dropping: tuple[asyncio.AbstractEventLoop, set[asyncio.Task[None]]] | None = None


@contextlib.asynccontextmanager
async def drops_in_background() -> AsyncIterator[None]:
    """Within: a finished deployment's database is dropped while the caller goes on (a
    DROP DATABASE takes about a second on the server), on the running event loop; every
    drop is awaited on the way out, and one that failed raises there."""
    global _dropping
    pending: set[asyncio.Task[None]] = set()
    _dropping = (asyncio.get_running_loop(), pending)
    try:
        yield
    finally:
        _dropping = None
        tasks = list(pending)
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        # the loop runs only while an async test does: a drop begun before a long run of
        # plain tests finds its connect timed out when the loop resumes; once more, now
        for task, outcome in zip(tasks, outcomes, strict=True):
            if isinstance(outcome, TimeoutError):
                await drop_database(task.get_name().removeprefix("drop "))
            elif isinstance(outcome, BaseException):
                raise outcome


async def release_database(name: str) -> None:
    """Drop a finished test database: in the background while `drops_in_background` is
    on (in its loop), at once otherwise."""
    if _dropping is None or _dropping[0] is not asyncio.get_running_loop():
        await drop_database(name)  # (a deployment in a loop of its own drops at once)
        return
    _dropping[1].add(asyncio.create_task(drop_database(name), name=f"drop {name}"))


def database_url(name: str) -> str:
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}"


@contextlib.asynccontextmanager
async def deployment(
    parts: tuple[str, ...] = ("sim", "connector", "gateway"), **overrides: str
) -> AsyncIterator[Stack]:
    """A whole deployment (or some of its parts) on a fresh database, torn down after."""
    db_name = await create_database()
    env = stack_env(db_name, **overrides)
    stack = Stack(
        env=env,
        logs=Path(tempfile.mkdtemp(prefix="wagate-test-logs-")),
        settings=Settings.from_env(env),
    )
    try:
        for part in parts:
            stack.start(part)
        await stack.wait_ready()
        yield stack
    finally:
        # the sim network last: a connector stopped first closes its sessions' sockets
        # itself, while a sim stopped under live sockets waits out its 2 s grace; the
        # other parts are told at once, and wind down together
        first = [part for part in reversed(stack.procs) if part != "sim"]
        for part in first:
            if stack.procs[part].poll() is None:
                stack.procs[part].send_signal(signal.SIGTERM)
        for part in [*first, *(["sim"] if "sim" in stack.procs else [])]:
            stack.stop(part)
        await release_database(db_name)
        shutil.rmtree(env["WAGATE_BLOB_DIR"], ignore_errors=True)


def stack_env(db_name: str, **overrides: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("WAGATE_") and k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DATABASE_URL=database_url(db_name),
        REDIS_URL=REDIS_URL,
        WAGATE_REDIS_PREFIX=f"wagate-test-{secrets.token_hex(4)}",
        WAGATE_JWT_SECRET="test-secret-" + secrets.token_hex(16),
        WAGATE_PORT=str(free_port()),
        WAGATE_SIM_PORT=str(free_port()),
        WAGATE_COMMAND_TIMEOUT="10",
        WAGATE_SIM_QR_FIRST="2",
        WAGATE_SIM_QR_INTERVAL="2",
        WAGATE_SIM_QR_COUNT="3",
        WAGATE_RECONNECT_BASE="0.1",
        WAGATE_RECONNECT_CAP="1",
        WAGATE_RECONNECT_MAX_ATTEMPTS="200",
        WAGATE_HEALTH_INTERVAL="1",
        WAGATE_HEALTH_TIMEOUT="2",
        WAGATE_SEND_WAIT="5",
        # a gateway stopped with sockets a test left open waits 1 s for them, not 10
        WAGATE_GATEWAY_DRAIN_TIMEOUT="1",
        # below the command timeout: a whatsmeow start can wait on a slow resolver here
        WAGATE_INITIALIZE_WAIT="5",
        # every test calls from 127.0.0.1: the auth-failure limit has its own test stack
        WAGATE_AUTH_FAILURES_PER_MINUTE="100000",
        # tests share a tenant's groups across many changes: the group-change limit has
        # its own in-process test (tests/gateway/test_inproc_groups.py)
        WAGATE_GROUP_CHANGE_RATE_PER_MINUTE="100000",
        WAGATE_API_KEY_PEPPER="test-pepper-" + secrets.token_hex(16),
        WAGATE_LOG_LEVEL="INFO",
        WAGATE_LOG_FORMAT="json",
        WAGATE_CONNECTOR_METRICS_PORT=str(free_port()),
        # webhooks: the tests' receivers listen on 127.0.0.1; short schedule and timeouts
        WAGATE_WEBHOOK_ALLOW_PRIVATE="1",
        WAGATE_WEBHOOK_SCHEDULE="0,0.2,0.4",
        WAGATE_WEBHOOK_POLL_INTERVAL="0.2",
        WAGATE_WEBHOOK_CONNECT_TIMEOUT="0.5",
        WAGATE_WEBHOOK_TIMEOUT="1.5",
        WAGATE_WEBHOOK_DISABLE_FAILURES="8",
        WAGATE_WEBHOOK_DISABLE_AFTER="1.5",
    )
    env["WAGATE_SIM_URL"] = f"ws://127.0.0.1:{env['WAGATE_SIM_PORT']}/ws"
    # media: a blob directory of its own (gateway and connector share it), signed links
    # that point at this stack's gateway
    env["WAGATE_BLOB_DIR"] = tempfile.mkdtemp(prefix="wagate-test-blobs-")
    env["WAGATE_PUBLIC_URL"] = f"http://127.0.0.1:{env['WAGATE_PORT']}"
    env["WAGATE_MEDIA_URL_SECRET"] = "test-media-" + secrets.token_hex(16)
    env.update(overrides)
    return env
