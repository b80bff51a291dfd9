from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.stack import Stack, create_database, drop_database, stack_env
from tests.webhook_receiver import Receiver, running_receiver
from wagate.config import Settings


@pytest.fixture(scope="session")
async def stack() -> AsyncIterator[Stack]:
    """One real deployment shared by the end-to-end tests (each test uses its own
    companies and phones, so tests do not see each other's sessions)."""
    db_name = await create_database()
    env = stack_env(db_name)
    logs = Path(tempfile.mkdtemp(prefix="wagate-test-logs-"))
    s = Stack(env=env, logs=logs, settings=Settings.from_env(env))
    try:
        for part in ("sim", "connector", "gateway"):
            s.start(part)
        await s.wait_ready()
        yield s
    finally:
        for part in list(s.procs):
            s.stop(part)
        await drop_database(db_name)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=20) as c:
        yield c


@pytest.fixture(scope="session")
async def receiver() -> AsyncIterator[Receiver]:
    """A local HTTP server standing in for tenants' webhook receivers (a path each)."""
    async with running_receiver() as r:
        yield r
