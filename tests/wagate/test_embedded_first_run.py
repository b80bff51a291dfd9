"""`wagate up` on a machine with no PostgreSQL and no Redis: it runs embedded ones, keeps
their data in its data directory, and a linked session is still linked after a full
restart. The shared servers are not used: WAGATE_EMBEDDED=always, no URL given.

The sim network here runs on its own, outside `wagate up` (which starts a sim of its own,
unused): it stands for WhatsApp's servers, which remember a linked device across a
restart of wagate; the sim keeps its phones in memory only."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
import redis.exceptions
from redis.asyncio import Redis

from devstack.stack import Stack, free_port
from devstack.waiting import until
from gateway.sign_in import create_code
from gateway.tokens import issue_token
from wagate.config import DEV_API_KEY_PEPPER, DEV_CREDENTIALS_KEY, DEV_JWT_SECRET, Settings


@pytest.fixture
def data_dir() -> Iterator[Path]:
    parent = Path(tempfile.mkdtemp(prefix="wagate-embedded-"))
    parent.chmod(0o755)  # PostgreSQL runs as its own user when the tests run as root
    yield parent / "data"
    # a test that failed half-way may leave the embedded servers running: stop them
    for pid_file in ("data/postgres/postmaster.pid", "data/redis/redis.pid"):
        with contextlib.suppress(OSError, ValueError):
            os.kill(int((parent / pid_file).read_text().split()[0]), signal.SIGKILL)
    shutil.rmtree(parent, ignore_errors=True)


def _env(data_dir: Path, sim_port: int) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("WAGATE_") and k not in ("DATABASE_URL", "REDIS_URL")
    }
    return {
        **env,
        "WAGATE_EMBEDDED": "always",
        "WAGATE_DATA_DIR": str(data_dir),
        "WAGATE_PORT": str(free_port()),
        "WAGATE_SIM_PORT": str(free_port()),  # wagate up's own sim, not used
        "WAGATE_SIM_URL": f"ws://127.0.0.1:{sim_port}/ws",
        "WAGATE_CONNECTOR_METRICS_PORT": str(free_port()),
        "WAGATE_LOG_FORMAT": "text",
        "WAGATE_RECONNECT_BASE": "0.1",
        "WAGATE_RECONNECT_CAP": "1",
    }


def _start(env: dict[str, str], log: Path, *command: str) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "wagate", *command],
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,  # a group of its own, to kill it with its parts
        )


async def _wait_connected(
    c: httpx.AsyncClient, api: str, tenant: str, auth: dict[str, str]
) -> dict[str, str]:
    deadline = time.monotonic() + 30
    while True:
        status: dict[str, str] = (
            await c.get(f"{api}/sessions/{tenant}/status", headers=auth)
        ).json()
        if status.get("status") == "connected":
            return status
        assert time.monotonic() < deadline, status
        await asyncio.sleep(0.1)


async def _wait_ready(c: httpx.AsyncClient, base: str, up: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while True:
        assert up.poll() is None, "wagate up exited"
        try:
            if (await c.get(f"{base}/readyz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "wagate up did not get ready"
        await asyncio.sleep(0.2)


def _ports_in(log: str) -> tuple[int, int]:
    pg = re.search(
        r"PostgreSQL: postgresql://postgres:\*\*\*@127\.0\.0\.1:(\d+)/wagate \(embedded", log
    )
    rd = re.search(r"Redis: redis://:\*\*\*@127\.0\.0\.1:(\d+)/0 \(embedded", log)
    assert pg and rd, log
    return int(pg.group(1)), int(rd.group(1))


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), 1):
            return True
    except OSError:
        return False


def _as_an_earlier_wagate_left_it(data_dir: Path) -> None:
    """What a data directory from before generated secrets looked like: no secrets file,
    a cluster that trusts every local user, Redis files anyone can read."""
    (data_dir / "secrets.json").unlink()
    (data_dir / "postgres" / "pg_hba.conf").write_text("host all all 127.0.0.1/32 trust\n")
    for path in (data_dir / "redis").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


async def test_up_embeds_servers_and_a_session_survives_a_full_restart(
    data_dir: Path, client: httpx.AsyncClient
) -> None:
    sim_port = free_port()
    env = _env(data_dir, sim_port)
    # the first run stands for an earlier wagate: development key, pepper and secret
    earlier = {
        **env,
        "WAGATE_CREDENTIALS_KEYS": DEV_CREDENTIALS_KEY,
        "WAGATE_API_KEY_PEPPER": DEV_API_KEY_PEPPER,
        "WAGATE_JWT_SECRET": DEV_JWT_SECRET,
    }
    logs = data_dir.parent
    base = f"http://127.0.0.1:{env['WAGATE_PORT']}"
    api, sim = f"{base}/api/whatsapp", f"http://127.0.0.1:{sim_port}"
    tenant = Stack.new_tenant()
    auth = {"Authorization": "Bearer " + _wagate(earlier, "token", "--company", tenant)}
    procs = [_start({**env, "WAGATE_SIM_PORT": str(sim_port)}, logs / "sim.log", "sim")]
    try:
        # first run: fresh data directory, embedded servers, a session linked
        up = _start(earlier, logs / "up1.log", "up")
        procs.append(up)
        await _wait_ready(client, base, up)
        first = (logs / "up1.log").read_text()
        pg_port, redis_port = _ports_in(first)
        assert {pg_port, redis_port}.isdisjoint({5432, 6379})  # not the shared servers
        assert "creating a new embedded cluster" in first
        assert f"console: {base}/console" in first and "wagate token --admin" in first

        r = await client.post(f"{api}/sessions/{tenant}/initialize", headers=auth)
        assert r.status_code == 200 and r.json()["status"] == "qr", r.text
        phone = Stack.new_number()
        assert (await client.post(f"{sim}/phones", json={"phone": phone})).status_code == 201
        r = await client.post(f"{sim}/phones/{phone}/link", json={"qr": r.json()["qr"]})
        assert r.status_code == 200, r.text
        deadline = time.monotonic() + 20
        while (await client.get(f"{api}/sessions/{tenant}/status", headers=auth)).json()[
            "status"
        ] != "connected":
            assert time.monotonic() < deadline, "the session did not connect"
            await asyncio.sleep(0.1)
        r = await client.post(
            f"{api}/tenants/{tenant}/api-keys",
            headers=auth,
            json={"name": "kept", "scopes": ["read"]},
        )
        assert r.status_code == 201, r.text
        key = {"X-API-Key": r.json()["key"]}

        # a full stop: the parts and both embedded servers go
        up.send_signal(signal.SIGTERM)
        assert up.wait(60) == 0, (logs / "up1.log").read_text()[-3000:]
        assert not _answers(pg_port) and not _answers(redis_port)
        _as_an_earlier_wagate_left_it(data_dir)

        # second run, of this wagate, on the same data directory: its own secrets and
        # passwords, the credentials re-sealed, the session back by itself, the API key
        # still good
        up = _start(env, logs / "up2.log", "up")
        procs.append(up)
        await _wait_ready(client, base, up)
        second = (logs / "up2.log").read_text()
        assert "creating a new embedded cluster" not in second
        assert "re-sealed 1 session credential(s)" in second, second
        assert "trusted every local user" in second, second
        secrets = _owner_only_secrets(data_dir)
        assert secrets["dev_key_retired"] and secrets["api_key_pepper"] == DEV_API_KEY_PEPPER
        await _refuses_without_password(*_ports_in(second))
        r = await client.get(f"{api}/sessions/{tenant}/status", headers=auth)
        assert r.status_code == 401, r.text  # signed with the development secret
        auth = {"Authorization": "Bearer " + _wagate(env, "token", "--company", tenant)}
        status = await _wait_connected(client, api, tenant, auth)
        assert status["phone"] == phone
        assert (await client.get(f"{api}/sessions", headers=key)).status_code == 200

        # killed outright, wagate up leaves its servers running; the next run stops them
        # first (one server per data directory) and carries on
        pg_port, redis_port = _ports_in(second)
        os.killpg(up.pid, signal.SIGKILL)
        up.wait()
        assert _answers(pg_port) and _answers(redis_port)  # left behind
        up = _start(env, logs / "up3.log", "up")
        procs.append(up)
        await _wait_ready(client, base, up)
        third = (logs / "up3.log").read_text()
        assert third.count("stopped an embedded server a previous run left behind") == 2
        assert "re-sealed" not in third
        assert not _answers(pg_port) and not _answers(redis_port)
        assert (await _wait_connected(client, api, tenant, auth))["phone"] == phone
        up.send_signal(signal.SIGTERM)
        assert up.wait(60) == 0
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _wagate(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "wagate", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def _sign_in_code(log: str) -> str:
    found = re.search(r"/console#code=([A-Za-z0-9_-]+)", log)
    assert found, log
    return found.group(1)


def _closed_to_others(path: Path) -> bool:
    return all(p.stat().st_mode & 0o007 == 0 for p in (path, *path.rglob("*")))


def _owner_only_secrets(data_dir: Path) -> dict[str, str]:
    """The secrets file, after checking that no other user can read it or the servers'
    files (PostgreSQL's own user, under root, may pass through the data directory)."""
    assert (data_dir / "secrets.json").stat().st_mode & 0o777 == 0o600
    assert data_dir.stat().st_mode & 0o007 == 0
    assert _closed_to_others(data_dir / "redis") and _closed_to_others(data_dir / "postgres")
    found: dict[str, str] = json.loads((data_dir / "secrets.json").read_text())
    return found


async def _refuses_without_password(pg_port: int, redis_port: int) -> None:
    with pytest.raises(asyncpg.InvalidPasswordError):
        await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{pg_port}/wagate")
    anonymous = Redis(host="127.0.0.1", port=redis_port)
    with pytest.raises(redis.exceptions.AuthenticationError):
        await anonymous.ping()
    await anonymous.aclose()


async def test_a_first_run_is_closed_and_signs_in_with_a_one_time_link(
    data_dir: Path, client: httpx.AsyncClient
) -> None:
    env = {**_env(data_dir, free_port()), "WAGATE_LOG_FORMAT": ""}  # a file: JSON
    base = f"http://127.0.0.1:{env['WAGATE_PORT']}"
    logs = data_dir.parent
    up = _start(env, logs / "up.log", "up")
    try:
        await _wait_ready(client, base, up)
        log = (logs / "up.log").read_text()
        records = [json.loads(line) for line in log.splitlines()]  # JSON, line by line
        assert not [r for r in records if r["level"] == "warning"], log

        # its own secrets, its owner's only; the servers behind passwords
        secrets = _owner_only_secrets(data_dir)
        assert DEV_JWT_SECRET not in secrets.values() and len(set(secrets.values())) >= 6
        pg_port, redis_port = _ports_in(log)
        await _refuses_without_password(pg_port, redis_port)

        # a token signed with the development secret from the source is refused; one
        # from `wagate token --admin` on this data directory is not
        dev = issue_token(Settings(), tenant_id=None, admin=True)
        r = await client.get(f"{base}/api/whatsapp/tenants", headers=_bearer(dev))
        assert (r.status_code, r.json()["code"]) == (401, "token_invalid"), r.text
        admin = _wagate(env, "token", "--admin")
        r = await client.get(f"{base}/api/whatsapp/tenants", headers=_bearer(admin))
        assert r.status_code == 200, r.text
        r = await client.get(
            f"{base}/api/whatsapp/tenants", headers={**_bearer(admin), "Host": "evil.example"}
        )
        assert (r.status_code, r.json()["code"]) == (400, "host_not_allowed"), r.text

        # the printed link's code: one admin token, once
        code = _sign_in_code(log)
        r = await client.post(f"{base}/console/sign-in", json={"code": code})
        assert r.status_code == 200, r.text
        token = r.json()["token"]
        r = await client.get(f"{base}/api/whatsapp/tenants", headers=_bearer(token))
        assert r.status_code == 200, r.text
        for wrong in (code, code[:-1] + ("A" if code[-1] != "A" else "B")):
            r = await client.post(f"{base}/console/sign-in", json={"code": wrong})
            assert (r.status_code, r.json()["code"]) == (401, "sign_in_code_invalid"), r.text

        # an expired code is refused
        store = Redis.from_url(f"redis://:{secrets['redis_password']}@127.0.0.1:{redis_port}/0")
        short = await create_code(store, "wagate", 1)
        await until(lambda: _gone(store), "the code to expire", 5)
        r = await client.post(f"{base}/console/sign-in", json={"code": short})
        assert (r.status_code, r.json()["code"]) == (401, "sign_in_code_invalid"), r.text
        await store.aclose()

        up.send_signal(signal.SIGTERM)
        assert up.wait(60) == 0
        # the next run keeps the same secrets: the admin token still works
        up = _start(env, logs / "up2.log", "up")
        await _wait_ready(client, base, up)
        assert json.loads((data_dir / "secrets.json").read_text()) == secrets
        r = await client.get(f"{base}/api/whatsapp/tenants", headers=_bearer(admin))
        assert r.status_code == 200, r.text
        up.send_signal(signal.SIGTERM)
        assert up.wait(60) == 0
    finally:
        if up.poll() is None:
            os.killpg(up.pid, signal.SIGKILL)
            up.wait()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _gone(store: Redis) -> bool:
    return not await store.keys("wagate:signin:*")
