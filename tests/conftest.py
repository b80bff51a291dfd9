from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from devstack.media_files import FileServer, file_server
from devstack.stack import Stack, deployment, drops_in_background
from devstack.webhook_receiver import Receiver, running_receiver


@pytest.fixture(scope="session", autouse=True)
async def background_database_drops() -> AsyncIterator[None]:
    """Each finished deployment's database is dropped while the next test runs; all are
    gone when the session ends."""
    async with drops_in_background():
        yield


@pytest.fixture(scope="session")
async def stack() -> AsyncIterator[Stack]:
    """One real deployment shared by the end-to-end tests (each test uses its own
    companies and phones, so tests do not see each other's sessions)."""
    async with deployment() as s:
        yield s


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=20) as c:
        yield c


@pytest.fixture(scope="session")
async def receiver() -> AsyncIterator[Receiver]:
    """A local HTTP server standing in for tenants' webhook receivers (a path each)."""
    async with running_receiver() as r:
        yield r


@pytest.fixture(scope="module")
async def files() -> AsyncIterator[FileServer]:
    """A local HTTP server for media URLs (files, errors, hangs, redirects), per module."""
    async with file_server() as server:
        yield server
