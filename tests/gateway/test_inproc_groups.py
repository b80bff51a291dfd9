"""Group administration in process: the tenant's group-change limit, and bad input to
the settings, picture and join-request routes refused with a stable code before anything
reaches WhatsApp (the fake connector has no session: a request that got past the gateway's
checks would be answered session_not_found)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from PIL import Image

from devstack import media_files
from gateway.group_pictures import jpeg_for_whatsapp
from tests.inproc import Gateway, gateway_settings
from wagate.config import Settings

LIMIT = 3
GID = "120363000000000001@g.us"


@pytest.fixture(scope="module")
async def inproc_settings() -> AsyncIterator[Settings]:
    async with gateway_settings(WAGATE_GROUP_CHANGE_RATE_PER_MINUTE=str(LIMIT)) as made:
        yield made


async def _call(gw: Gateway, tenant: str, method: str, path: str, **kw: Any) -> httpx.Response:
    return await gw.client.request(
        method, f"/sessions/{tenant}/groups/{path}", headers=gw.auth(tenant), **kw
    )


async def test_group_changes_are_limited_per_tenant(gw: Gateway, tenant: str, other: str) -> None:
    for _ in range(LIMIT):  # counted before the body is read: bad ones count too
        r = await _call(gw, tenant, "PATCH", f"{GID}/settings", json={})
        assert r.status_code == 422, r.text
    for method, path, body in (
        ("PATCH", f"{GID}/settings", {"locked": True}),
        ("POST", f"{GID}/requests", {"action": "approve", "participants": ["79005550001"]}),
        ("DELETE", f"{GID}/picture", None),
        ("POST", f"{GID}/participants", {"action": "add", "participants": ["79005550001"]}),
        ("POST", "join", {"code": "A" * 22}),
    ):
        r = await _call(gw, tenant, method, path, json=body)
        assert r.status_code == 429, (path, r.text)
        assert r.json()["code"] == "group_rate_limited"
        assert 1 <= int(r.headers["Retry-After"]) <= 60
    # reads are not changes; another tenant has its own limit
    r = await _call(gw, tenant, "GET", f"{GID}/requests")
    assert r.status_code == 404 and r.json()["code"] == "session_not_found", r.text
    r = await _call(gw, other, "PATCH", f"{GID}/settings", json={"locked": True})
    assert r.status_code == 404 and r.json()["code"] == "session_not_found", r.text


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"disappearingTimer": "1h"},
        {"disappearingTimer": 86400},
        {"disappearingTimer": None},
        {"announce": "yes"},
        {"memberAddMode": "anyone"},
        {"joinApproval": True, "colour": "red"},
    ],
)
async def test_bad_settings_are_422(gw: Gateway, body: dict[str, Any]) -> None:
    r = await _call(gw, gw.new_tenant(), "PATCH", f"{GID}/settings", json=body)
    assert r.status_code == 422 and r.json()["code"] == "validation_failed", r.text


@pytest.mark.parametrize(
    "body",
    [
        {"action": "kick", "participants": ["79005550001"]},
        {"action": "approve", "participants": []},
        {"action": "approve", "participants": ["12"]},
    ],
)
async def test_bad_join_request_answers_are_422(gw: Gateway, body: dict[str, Any]) -> None:
    r = await _call(gw, gw.new_tenant(), "POST", f"{GID}/requests", json=body)
    assert r.status_code == 422 and r.json()["code"] == "validation_failed", r.text


def _bomb() -> bytes:
    """A small PNG that decodes to 100 million pixels."""
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    "picture",
    [b"", b"GIF89a not really", b"%PDF-1.7 a document", media_files.png()[:60], _bomb()],
    ids=["empty", "gif-magic", "pdf", "truncated-png", "bomb"],
)
async def test_a_picture_that_is_not_an_image_is_invalid_image(gw: Gateway, picture: bytes) -> None:
    r = await _call(gw, gw.new_tenant(), "PUT", f"{GID}/picture", files={"file": ("p", picture)})
    assert r.status_code == 422 and r.json()["code"] == "invalid_image", r.text


async def test_a_picture_declared_far_over_the_cap_is_refused_before_its_body(
    gw: Gateway,
) -> None:
    """A body far past the cap (20 MiB declared, at most 4 MiB past a cap being read and
    dropped) is answered at once: a client cannot make the gateway take in 16 times the
    cap before it hears 413. This one sends 1 KiB and then nothing."""

    async def body() -> AsyncIterator[bytes]:
        yield b"x" * 1024
        await asyncio.Event().wait()

    tenant = gw.new_tenant()
    headers = {
        **gw.auth(tenant),
        "content-type": "multipart/form-data; boundary=b",
        "content-length": str(20 << 20),
    }
    r = await asyncio.wait_for(
        gw.client.put(f"/sessions/{tenant}/groups/{GID}/picture", headers=headers, content=body()),
        10,
    )
    assert r.status_code == 413 and r.json()["code"] == "body_too_large", r.text


async def test_a_picture_over_the_cap_is_413(gw: Gateway) -> None:
    r = await _call(
        gw, gw.new_tenant(), "PUT", f"{GID}/picture", files={"file": ("p", b"\xff" * (6 << 20))}
    )
    assert r.status_code == 413 and r.json()["code"] == "body_too_large", r.text


@pytest.mark.parametrize(
    ("upload", "side"),
    [(media_files.jpeg(200), 200), (media_files.webp(700), 640), (media_files.png(), 0)],
)
async def test_a_picture_becomes_a_square_jpeg_of_at_most_640(upload: bytes, side: int) -> None:
    made = Image.open(io.BytesIO(await jpeg_for_whatsapp(upload)))
    assert made.format == "JPEG" and made.width == made.height
    assert made.width == (side or Image.open(io.BytesIO(upload)).width)


async def test_a_picture_upload_is_one_file_part_and_nothing_else(gw: Gateway) -> None:
    path, png = f"{GID}/picture", media_files.png()
    r = await _call(gw, gw.new_tenant(), "PUT", path, content=png)
    assert r.status_code == 400 and r.json()["code"] == "multipart_invalid", r.text
    r = await _call(gw, gw.new_tenant(), "PUT", path, files={"file": ("p", png)}, data={"x": "1"})
    assert r.status_code == 422 and r.json()["code"] == "validation_failed", r.text
