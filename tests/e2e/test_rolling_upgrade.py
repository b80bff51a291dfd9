"""A rolling upgrade, both ways, on one deployment: the previous release's gateway (a git
worktree of the commit CHANGELOG.md names) against this connector, then this gateway
against the previous release's connector. Sends, receives and listings go through both
gateways for two tenants: each reaches its own tenant alone, and nothing is lost."""

from __future__ import annotations

import contextlib
from pathlib import Path

import httpx

from devstack.stack import EventReader, Stack, deployment
from tests.releases import SCOPE_SINCE, Release, checkout, previous
from tests.wagate.wire_fixtures.generate import HERE as FIXTURES
from tests.wagate.wire_fixtures.generate import generate_from


async def _send(c: httpx.AsyncClient, gateway: Stack, tenant: str, to: str, text: str) -> None:
    r = await gateway.call(c, "POST", tenant, "send", json={"phone": to, "message": text})
    assert r.status_code == 200, r.text


async def _listed(c: httpx.AsyncClient, gateway: Stack, headers: dict[str, str]) -> set[str]:
    r = await c.get(f"{gateway.api}/sessions", headers=headers)
    assert r.status_code == 200, r.text
    return {s["companyId"] for s in r.json()["sessions"]}


async def _received(events: EventReader, tenant: str, text: str) -> None:
    """Events until the incoming message `text`; every one of them is the tenant's."""
    while True:
        event = await events.next(timeout_s=15)
        assert event["companyId"] == tenant, event
        if event["type"] == "message":
            assert event["data"]["text"] == text, event
            return


async def _inbox(c: httpx.AsyncClient, stack: Stack, phone: str) -> list[tuple[str, str]]:
    r = await c.get(f"{stack.sim}/phones/{phone}/messages")
    return [(m["from"], m["text"]) for m in r.json()["messages"]]


async def _round(
    c: httpx.AsyncClient,
    stack: Stack,
    via: dict[str, Stack],
    numbers: dict[str, str],
    friend: str,
    label: str,
) -> None:
    """Each tenant sends through its gateway and receives on its gateway's socket."""
    async with contextlib.AsyncExitStack() as sockets:
        events = {t: await sockets.enter_async_context(g.events(t)) for t, g in via.items()}
        for tenant, gateway in via.items():
            await _send(c, gateway, tenant, friend, f"{label} from {tenant}")
            r = await c.post(
                f"{stack.sim}/phones/{friend}/messages",
                json={"to": numbers[tenant], "text": f"{label} to {tenant}"},
            )
            assert r.status_code == 201, r.text
        for tenant, reader in events.items():
            await _received(reader, tenant, f"{label} to {tenant}")
    for tenant, gateway in via.items():
        assert await _listed(c, gateway, gateway.auth(tenant)) == {tenant}


async def test_a_rolling_upgrade_crosses_no_tenant_and_loses_nothing(
    client: httpx.AsyncClient,
) -> None:
    release = previous()
    with checkout(release) as old:
        # the fixtures kept for that release are what its code writes
        generate_from(old, old.parent / "fixtures")
        for kept in sorted((FIXTURES / release.version).iterdir()):
            assert (old.parent / "fixtures" / kept.name).read_text() == kept.read_text()
        async with deployment() as stack, stack.extra_gateway(code=old) as old_gateway:
            await _both_ways(client, stack, old_gateway, old, release)


async def _both_ways(
    c: httpx.AsyncClient, stack: Stack, old_gateway: Stack, old: Path, release: Release
) -> None:
    a, b = stack.new_tenant(), stack.new_tenant()
    # A is started through the previous release's gateway, B through this one
    numbers = {
        a: await old_gateway.connect_session(c, a),
        b: await stack.connect_session(c, b),
    }
    friend = await stack.new_phone(c)
    # the previous gateway against this connector
    await _round(c, stack, {a: old_gateway, b: stack}, numbers, friend, "first")
    assert await _listed(c, stack, stack.admin()) >= {a, b}
    r = await c.get(f"{old_gateway.api}/sessions", headers=old_gateway.admin())
    if release.number < SCOPE_SINCE:
        # its listing for every tenant cannot say it is an operator's: refused, never
        # answered with every tenant's sessions (which a tenant's listing then got too)
        assert (r.status_code != 200, r.json().get("code")) == (True, "command_scope_invalid")
    else:
        assert {s["companyId"] for s in r.json()["sessions"]} >= {a, b}, r.text

    # this gateway against the previous connector
    assert stack.stop("connector") == 0
    stack.start("connector", code=old)
    await stack.wait_ready()
    for tenant in (a, b):
        await stack.wait_status(c, tenant, "connected", timeout_s=20)
    await _round(c, stack, {a: stack, b: old_gateway}, numbers, friend, "second")
    assert await _listed(c, stack, stack.admin()) >= {a, b}
    # (the connector is the previous release's: it still takes its gateway's listing)
    assert await _listed(c, old_gateway, old_gateway.admin()) >= {a, b}

    # every message sent went out once, from its own tenant's number
    assert await _inbox(c, stack, friend) == [
        (numbers[tenant], f"{label} from {tenant}")
        for label in ("first", "second")
        for tenant in (a, b)
    ]
