"""Fixtures for the gateway in process (tests/inproc.py): a database and Redis prefix per
test module, a gateway app and fake connector per test, and tenants of the test's own."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.inproc import Gateway, gateway_settings, running_gateway
from wagate.config import Settings


@pytest.fixture(scope="module")
async def inproc_settings() -> AsyncIterator[Settings]:
    async with gateway_settings() as made:
        yield made


@pytest.fixture
async def gw(inproc_settings: Settings) -> AsyncIterator[Gateway]:
    async with running_gateway(inproc_settings) as gateway:
        yield gateway


@pytest.fixture
def tenant(gw: Gateway) -> str:
    return gw.new_tenant()


@pytest.fixture
def other(gw: Gateway) -> str:
    return gw.new_tenant()
