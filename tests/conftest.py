from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.stack import Stack, deployment


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
