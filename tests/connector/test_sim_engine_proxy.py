"""The sim engine through a tenant's proxy, a real pproxy process (SOCKS5 and HTTP
CONNECT, with credentials), against a real sim server in process: the network sees the
session arrive from the proxy's own socket; a proxy that is down, refuses the
credentials or cannot go on to the network ends the attempt with the matching reason,
and the network sees no connection at all (never a direct one in its place)."""

from __future__ import annotations

import asyncio
import hashlib
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from hypercorn.asyncio import serve

from connector.engine import (
    Attachment,
    Connected,
    Disconnected,
    DisconnectReason,
    EngineEvent,
    OutgoingMedia,
    QrCode,
)
from connector.engines import sim_proxy
from connector.engines.sim import SimEngine, SimEngineKind
from devstack.process_sockets import local_ports
from devstack.proxy_server import ProxyServer, proxy_server
from devstack.stack import free_port
from devstack.waiting import until
from simnet.media_host import MediaHost
from simnet.network import Network
from simnet.server import create_app
from wagate.deadlines import within
from wagate.serving import hypercorn_config

SCHEMES = ("socks5", "http")
PHONE = "79007780009"


@dataclass
class Sim:
    network: Network
    control: httpx.AsyncClient
    kind: SimEngineKind
    port: int


@pytest.fixture(scope="module")
def proxy() -> Iterator[ProxyServer]:
    with proxy_server() as server:
        yield server


@pytest.fixture(scope="module")
async def sim() -> AsyncIterator[Sim]:
    network = Network(media=MediaHost(max_bytes=16 * 1024**2))
    port = free_port()
    stop = asyncio.Event()
    config = hypercorn_config("127.0.0.1", port, 1)
    server = asyncio.create_task(
        serve(create_app(network), config, shutdown_trigger=stop.wait)  # type: ignore[arg-type]
    )
    control = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10)
    await until(lambda: _answers(control), "the sim server to answer")
    await control.post("/phones", json={"phone": PHONE})
    kind = SimEngineKind(f"ws://127.0.0.1:{port}/ws")
    yield Sim(network, control, kind, port)
    await kind.close()
    await control.aclose()
    stop.set()
    await within(server, 10)
    network.media.close()


async def _answers(control: httpx.AsyncClient) -> bool:
    try:
        return (await control.get("/stats")).status_code == 200
    except httpx.TransportError:
        return False


class Events:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[EngineEvent] = asyncio.Queue()

    async def put(self, event: EngineEvent) -> None:
        self.queue.put_nowait(event)

    async def next(self, *of: type[Any]) -> Any:
        while True:
            event = await within(self.queue.get(), 15)
            if isinstance(event, of):
                return event


def _engine(kind: SimEngineKind, tenant: str) -> tuple[SimEngine, Events]:
    events = Events()
    return kind.create(tenant, events.put), events


def _opened(sim: Sim) -> list[dict[str, Any]]:
    return [e for e in sim.network.connection_log if e["event"] == "opened"]


@pytest.mark.parametrize("scheme", SCHEMES)
async def test_a_session_behind_a_proxy_reaches_the_network_from_the_proxy(
    sim: Sim, proxy: ProxyServer, scheme: str
) -> None:
    number = f"7900778{SCHEMES.index(scheme):04d}"
    await sim.control.post("/phones", json={"phone": number})
    engine, events = _engine(sim.kind, f"co-proxy-{scheme}")
    await engine.start(None, proxy=proxy.url(scheme))
    try:
        qr = await events.next(QrCode)
        linked = await sim.control.post(f"/phones/{number}/link", json={"qr": qr.code})
        assert linked.status_code == 200, linked.text
        await events.next(Connected)
        connected = [e for e in sim.network.connections(number) if e["event"] == "connected"]
        peer_port = int(connected[-1]["peer"].rsplit(":", 1)[1])
        # the network's peer is a socket of the proxy process, not of this one
        assert peer_port in local_ports(proxy.pid)
        # media goes the same way: the upload reaches the media host through the proxy
        data = bytes(range(256)) * 40
        media = OutgoingMedia(
            "document", "application/pdf", len(data), hashlib.sha256(data).hexdigest()
        )
        sent = await engine.send(PHONE, Attachment(media, _Bytes(data)), "3EB0PROXY" + scheme)
        assert sent.message_id == "3EB0PROXY" + scheme
        assert sim.network.media.peers[-1] != "", "the media host saw no peer"
        assert int(sim.network.media.peers[-1].rsplit(":", 1)[1]) in local_ports(proxy.pid)
    finally:
        await engine.stop()


@dataclass
class _Bytes:
    data: bytes

    @property
    def size_bytes(self) -> int:
        return len(self.data)

    async def chunks(self) -> AsyncIterator[bytes]:
        yield self.data


async def _attempt(sim: Sim, kind: SimEngineKind, proxy_url: str) -> Disconnected:
    """One connection attempt through `proxy_url`; how it ended. The network must have
    seen no socket at all."""
    before = len(_opened(sim))
    engine, events = _engine(kind, "co-proxy-failing")
    await engine.start(None, proxy=proxy_url)
    ended: Disconnected = await events.next(Disconnected, QrCode)
    await engine.stop()
    assert len(_opened(sim)) == before, "a socket reached the network around the proxy"
    return ended


@pytest.mark.parametrize("scheme", SCHEMES)
async def test_a_proxy_that_is_down_is_proxy_unreachable(sim: Sim, scheme: str) -> None:
    ended = await _attempt(sim, sim.kind, f"{scheme}://u:p@127.0.0.1:{free_port()}")
    assert ended.reason is DisconnectReason.PROXY_UNREACHABLE, ended


@pytest.mark.parametrize("scheme", SCHEMES)
async def test_credentials_the_proxy_refuses_are_proxy_auth_failed(
    sim: Sim, proxy: ProxyServer, scheme: str
) -> None:
    ended = await _attempt(sim, sim.kind, proxy.url(scheme, password="wrong"))
    assert ended.reason is DisconnectReason.PROXY_AUTH_FAILED, ended


@pytest.mark.parametrize("scheme", SCHEMES)
async def test_a_proxy_that_cannot_go_on_to_the_network_is_proxy_refused(
    sim: Sim, proxy: ProxyServer, scheme: str
) -> None:
    nowhere = SimEngineKind(f"ws://127.0.0.1:{free_port()}/ws")
    try:
        ended = await _attempt(sim, nowhere, proxy.url(scheme))
    finally:
        await nowhere.close()
    assert ended.reason is DisconnectReason.PROXY_REFUSED, ended


async def test_a_session_without_a_proxy_goes_the_environments_way_looked_up_once(
    sim: Sim, proxy: ProxyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As before tenants had proxies, the process's environment may name one; it is read
    once, not at each connection (reading every variable was a sixth of a restored
    connection's CPU)."""
    monkeypatch.setenv("http_proxy", proxy.url("http"))
    for name in ("no_proxy", "NO_PROXY", "ws_proxy", "socks_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    looked: list[str] = []
    read = urllib.request.getproxies_environment

    def counted() -> dict[str, str]:
        looked.append("environment")
        return read()

    monkeypatch.setattr(urllib.request, "getproxies_environment", counted)
    sim_proxy.environment_proxy.cache_clear()
    try:
        for i in range(2):
            engine, events = _engine(sim.kind, f"co-env-proxy-{i}")
            await engine.start(None)
            await events.next(QrCode)
            peer_port = int(_opened(sim)[-1]["peer"].rsplit(":", 1)[1])
            assert peer_port in local_ports(proxy.pid)  # through the environment's proxy
            await engine.stop()
    finally:
        sim_proxy.environment_proxy.cache_clear()
    assert looked == ["environment"]
