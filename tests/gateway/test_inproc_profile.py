"""The account's profile and a business's, in process against a fake engine: what reaches
WhatsApp, and every bad input a 4xx with a stable code before anything is asked of it."""

from __future__ import annotations

import base64

import asyncpg
import pytest

from tests.inproc import Gateway
from tests.pictures import jpeg
from wagate.bus import BusinessHours, BusinessProfile
from wagate.tables import sessions, tenants

SHOP = "4915112345678"


async def _with_session_row(gw: Gateway, tenant: str) -> None:
    """Connected, with the sessions row a connector writes (the fake one keeps none): an
    upload is refused before its bytes are stored for a tenant without one."""
    await gw.connect(tenant)
    conn = await asyncpg.connect(gw.settings.database_url)
    try:
        await tenants.ensure_tenant(conn, tenant)
        await sessions.ensure_session(conn, tenant, "sim")
    finally:
        await conn.close()


async def test_push_name_and_about_reach_the_engine(gw: Gateway, tenant: str) -> None:
    await gw.connect(tenant)
    body = {"pushName": "Bäckerei Kim", "about": "open 8-18"}
    r = await gw.call(gw.client, "PUT", tenant, "profile", json=body)
    assert r.status_code == 200, r.text
    assert r.json() == {"success": True, "companyId": tenant, **body}
    r = await gw.call(gw.client, "PUT", tenant, "profile", json={"about": ""})  # clears it
    assert r.status_code == 200, r.text
    assert gw.engine_of(tenant).profile == {"push_name": "Bäckerei Kim", "about": ""}


@pytest.mark.parametrize(
    "body",
    [
        {"pushName": "x" * 26},  # over WhatsApp's 25
        {"about": "x" * 140},  # over WhatsApp's 139
        {"pushName": ""},
        {"pushName": None},
        {},
        {"about": 5},
        {"status": "hi"},
    ],
)
async def test_a_bad_profile_body_is_422(gw: Gateway, tenant: str, body: object) -> None:
    await gw.connect(tenant)
    r = await gw.call(gw.client, "PUT", tenant, "profile", json=body)
    assert r.status_code == 422 and r.json()["code"] == "validation_failed", r.text
    assert gw.engine_of(tenant).profile == {}


@pytest.mark.parametrize(
    ("data", "content_type", "code"),
    [
        (b"just some text, no picture", "text/plain", "media_type_mismatch"),
        (b"%PDF-1.4\n" + b"0" * 64, None, "media_type_not_allowed"),
        (
            base64.b64decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
                "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
            ),
            None,
            "media_type_not_allowed",
        ),  # fmt: skip
        (jpeg(1, 1), "image/jpeg", "picture_invalid"),  # too small for WhatsApp
        (jpeg(640, 640)[:-17], "image/jpeg", "picture_invalid"),  # no frame header
        (b"", "image/jpeg", "media_type_mismatch"),
    ],
)
async def test_a_picture_that_is_not_a_jpeg_whatsapp_takes_is_422(
    gw: Gateway, tenant: str, data: bytes, content_type: str | None, code: str
) -> None:
    await _with_session_row(gw, tenant)
    part = ("p.jpg", data, content_type) if content_type else ("p.jpg", data)
    r = await gw.call(gw.client, "PUT", tenant, "profile/picture", files={"file": part})
    assert r.status_code == 422 and r.json()["code"] == code, r.text
    assert "picture" not in gw.engine_of(tenant).profile


async def test_a_picture_over_the_image_cap_is_413(gw: Gateway, tenant: str) -> None:
    await _with_session_row(gw, tenant)
    big = jpeg(640, 640) + b"\x00" * gw.settings.media_max_image_bytes
    r = await gw.call(gw.client, "PUT", tenant, "profile/picture", files={"file": big})
    assert r.status_code == 413 and r.json()["code"] == "media_too_large", r.text


async def test_a_picture_needs_a_multipart_body_with_only_its_file(
    gw: Gateway, tenant: str
) -> None:
    await _with_session_row(gw, tenant)
    picture = jpeg(640, 640)
    r = await gw.call(gw.client, "PUT", tenant, "profile/picture", content=picture)
    assert r.status_code == 400 and r.json()["code"] == "multipart_invalid", r.text
    r = await gw.call(gw.client, "PUT", tenant, "profile/picture", files={"photo": b"me"})
    assert r.status_code == 400 and r.json()["code"] == "media_source_invalid", r.text
    files, extra = {"file": picture}, {"caption": "me"}
    r = await gw.call(gw.client, "PUT", tenant, "profile/picture", files=files, data=extra)
    assert r.status_code == 422 and r.json()["code"] == "validation_failed", r.text


async def test_the_picture_is_removed(gw: Gateway, tenant: str) -> None:
    await gw.connect(tenant)
    r = await gw.call(gw.client, "DELETE", tenant, "profile/picture")
    assert r.status_code == 200 and r.json()["removed"] is True, r.text
    assert gw.engine_of(tenant).profile == {"picture": None}


async def test_profile_changes_need_a_session(gw: Gateway, tenant: str) -> None:
    r = await gw.call(gw.client, "PUT", tenant, "profile", json={"about": "hi"})
    assert r.status_code == 404 and r.json()["code"] == "session_not_found", r.text
    r = await gw.call(gw.client, "PUT", tenant, "profile/picture", files={"file": jpeg(640, 640)})
    assert r.status_code == 404 and r.json()["code"] == "session_not_found", r.text


async def test_a_business_profile_is_read_and_a_non_business_is_404(
    gw: Gateway, tenant: str
) -> None:
    await gw.connect(tenant)
    hours = [BusinessHours("mon", "specific_hours", "480", "1080")]
    gw.engine_of(tenant).businesses[SHOP] = BusinessProfile(
        SHOP, "Hauptstr. 1", "", ["Bakery"], "Europe/Berlin", hours
    )
    r = await gw.call(gw.client, "GET", tenant, f"contacts/+{SHOP}/business")
    assert r.status_code == 200, r.text
    assert r.json()["business"] == {
        "phone": SHOP,
        "address": "Hauptstr. 1",
        "email": None,
        "categories": ["Bakery"],
        "hoursTimeZone": "Europe/Berlin",
        "hours": [
            {"dayOfWeek": "mon", "mode": "specific_hours", "openTime": "480", "closeTime": "1080"}
        ],
    }
    r = await gw.call(gw.client, "GET", tenant, "contacts/4915112345679/business")
    assert r.status_code == 404 and r.json()["code"] == "not_a_business", r.text
    r = await gw.call(gw.client, "GET", tenant, "contacts/12ab/business")
    assert r.status_code == 422 and r.json()["code"] == "validation_failed", r.text
