"""The sim network's control API in process: module-level handlers, each body checked by
its own struct, refused with the sim's catalogued codes (wagate/errors.py)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from simnet.network import Network
from simnet.server import create_app
from wagate.errors import CATALOGUE, Audience


def _client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(Network()))
    return httpx.AsyncClient(transport=transport, base_url="http://sim")


@pytest.mark.parametrize(
    ("method", "path", "body", "code"),
    [
        ("POST", "/phones", "not json", "invalid_json"),
        ("POST", "/phones", [1], "invalid_json"),
        ("POST", "/phones", {"phone": "12"}, "invalid_phone"),
        ("POST", "/phones", {"phone": "79001234567", "lidAddressed": "yes"}, "invalid_phone"),
        ("POST", "/phones/79001234567/link", {"qr": ""}, "invalid_qr"),
        ("POST", "/phones/79001234567/pair-code", {"code": 5}, "invalid_code"),
        ("POST", "/phones/79001234567/messages", {"to": "x", "text": "hi"}, "invalid_phone"),
        ("POST", "/phones/79001234567/messages", {"to": "79001234568", "text": ""}, "invalid_text"),
        ("POST", "/outage", {"seconds": True}, "invalid_outage"),
        ("POST", "/outage", {"seconds": 3601}, "invalid_outage"),
        ("POST", "/faults", {"kind": "no such fault"}, "invalid_fault"),
    ],
)
async def test_a_bad_body_is_refused_with_its_code(
    method: str, path: str, body: Any, code: str
) -> None:
    async with _client() as client:
        content = body if isinstance(body, str) else None
        json_body = None if isinstance(body, str) else body
        r = await client.request(method, path, content=content, json=json_body)
    assert (r.status_code, r.json()["code"]) == (400, code)
    assert CATALOGUE[code].audience is Audience.SIM or code == "invalid_json"


async def test_phones_messages_and_outages_work_through_the_handlers() -> None:
    async with _client() as client:
        created = await client.post("/phones", json={"phone": "79001234567"})
        assert (created.status_code, created.json()["created"]) == (201, True)
        again = await client.post("/phones", json={"phone": "79001234567"})
        assert (again.status_code, again.json()["created"]) == (200, False)
        phone = (await client.get("/phones/79001234567")).json()
        assert (phone["linkedDevices"], phone["connectedDevices"]) == (0, 0)
        missing = await client.get("/phones/79009999999")
        assert (missing.status_code, missing.json()["code"]) == (404, "phone_not_found")
        outage = await client.post("/outage", json={"seconds": 2})
        assert outage.json() == {"success": True, "closed": 0, "seconds": 2}
        assert (await client.delete("/outage")).json() == {"success": True}
        assert (await client.get("/stats")).json()["success"] is True
