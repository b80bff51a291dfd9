"""Media sends against hostile input and a hostile world, end to end (real gateway,
connector and sim network; one stack for the module, URLs get 3 s).

Hostile URLs (hosts the HTTP client itself refuses, redirects to other schemes, cloud
metadata addresses) are each a 422 with a stable code, never a 500; one tenant's URLs
that never answer do not hold up another tenant's send; an upload that its session or
rate limit refuses is refused before anything is written.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from devstack import media_files
from devstack.media_files import FileServer
from devstack.stack import Stack, deployment
from devstack.waiting import until

FETCH_TIMEOUT_S = 3.0

# hosts httpx refuses to parse or encode (octal and zero-padded IPv4, IDNA failures)
HOSTILE_HOSTS = [
    "0177.0.0.1",
    "127.000.000.001",
    "\u2460\u2461\u2466.0.0.1",  # circled digits: ①②⑦.0.0.1
    "xn--a",  # an A-label that decodes to a disallowed code point
    "xn--zz-",  # an A-label ending in a hyphen
    "ex\u00adample.com",  # a soft hyphen
    "\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com",  # full-width letters
    "exa\u200bmple.com",  # a zero-width space
]
# where a redirect may point that is no http(s) URL to fetch
HOSTILE_REDIRECTS = [
    "data:text/plain;base64,aGk=",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "ftp://127.0.0.1/file.pdf",
    *(f"http://{host}/file.pdf" for host in HOSTILE_HOSTS),
]
# container credential services: refused even when private addresses are allowed (the
# stack allows them, for its local file server)
METADATA_URLS = [
    "http://169.254.170.23/v1/credentials",  # EKS Pod Identity
    "http://[fd00:ec2::23]/v1/credentials",  # EKS Pod Identity, IPv6
    "http://169.254.170.2/v2/credentials",  # ECS task credentials
]


@pytest.fixture(scope="module")
async def fstack() -> AsyncIterator[Stack]:
    async with deployment(
        WAGATE_SEND_RATE_PER_MINUTE="100000",
        WAGATE_MEDIA_FETCH_TIMEOUT=str(FETCH_TIMEOUT_S),
        WAGATE_MEDIA_FETCH_PER_TENANT="4",
    ) as s:
        yield s


@pytest.fixture(scope="module")
async def sender(fstack: Stack) -> dict[str, str]:
    """A connected tenant and a friend's phone, for the module's refused sends."""
    async with httpx.AsyncClient(timeout=20) as c:
        tenant = fstack.new_tenant()
        await fstack.connect_session(c, tenant)
        friend = await fstack.new_phone(c)
    return {"company": tenant, "friend": friend}


async def _url_send(
    stack: Stack, c: httpx.AsyncClient, tenant: str, to: str, url: str
) -> httpx.Response:
    return await stack.call(c, "POST", tenant, "messages/document", json={"to": to, "url": url})


def _refused_as(r: httpx.Response, status: int, code: str) -> None:
    assert r.headers.get("content-type", "").startswith("application/json"), r.text
    assert (r.status_code, r.json().get("code")) == (status, code), r.text


@pytest.mark.parametrize("host", HOSTILE_HOSTS)
async def test_a_host_the_http_client_refuses_is_url_not_allowed(
    fstack: Stack, sender: dict[str, str], client: httpx.AsyncClient, host: str
) -> None:
    r = await _url_send(fstack, client, sender["company"], sender["friend"], f"http://{host}/a")
    _refused_as(r, 422, "url_not_allowed")


@pytest.mark.parametrize("location", HOSTILE_REDIRECTS)
async def test_a_redirect_to_anything_but_a_usable_http_url_is_url_not_allowed(
    fstack: Stack,
    sender: dict[str, str],
    files: FileServer,
    client: httpx.AsyncClient,
    location: str,
) -> None:
    url = files.add_redirect(f"to-{len(files.redirects)}", location)
    r = await _url_send(fstack, client, sender["company"], sender["friend"], url)
    _refused_as(r, 422, "url_not_allowed")
    assert f"/r/{url.rsplit('/', 1)[1]}" in files.hits  # refused at the redirect


@pytest.mark.parametrize("url", METADATA_URLS)
async def test_container_credential_services_are_refused(
    fstack: Stack, sender: dict[str, str], files: FileServer, client: httpx.AsyncClient, url: str
) -> None:
    for target in (url, files.add_redirect(f"meta-{len(files.redirects)}", url)):
        r = await _url_send(fstack, client, sender["company"], sender["friend"], target)
        _refused_as(r, 422, "url_not_allowed")


async def test_one_tenants_hanging_urls_do_not_hold_up_another_tenants_send(
    fstack: Stack, files: FileServer, client: httpx.AsyncClient
) -> None:
    """Twenty URLs that never answer from one tenant; another tenant's URL send goes out
    while they hang, long before they time out."""
    stalled, other = fstack.new_tenant(), fstack.new_tenant()
    for tenant in (stalled, other):
        await fstack.connect_session(client, tenant)
    friend = await fstack.new_phone(client)
    hangs = [
        asyncio.create_task(_url_send(fstack, client, stalled, friend, files.url("/hang")))
        for _ in range(20)
    ]
    pg = await asyncpg.connect(fstack.env["DATABASE_URL"])

    async def all_twenty_taken() -> bool:  # each is claimed in the message log, then fetched
        pending = await pg.fetchval(
            "SELECT count(*) FROM message_log WHERE tenant_id = $1 AND status = 'pending'",
            stalled,
        )
        return bool(pending == 20)

    try:
        await until(all_twenty_taken, "the stalled tenant's 20 sends to be taken", 5)
    finally:
        await pg.close()
    pdf = media_files.pdf(4000)
    started = time.monotonic()
    r = await _url_send(
        fstack, client, other, friend, files.add("other-tenant", pdf, "application/pdf")
    )
    took = time.monotonic() - started
    assert r.status_code == 200, r.text
    assert took < FETCH_TIMEOUT_S / 2, f"the other tenant's send took {took:.2f} s"
    # the stalled tenant's own sends: all refused as timed out, none later than its
    # deadline (waiting for one of its own slots counts in it)
    for answer in await asyncio.gather(*hangs):
        _refused_as(answer, 422, "media_fetch_timeout")
    assert time.monotonic() - started < 2 * FETCH_TIMEOUT_S


async def _out_blobs(stack: Stack, tenant: str) -> list[Path]:
    tenant_dir = Path(stack.env["WAGATE_BLOB_DIR"]) / "out" / tenant
    return sorted(p for p in tenant_dir.rglob("*") if p.is_file())


async def _media_rows(stack: Stack, tenant: str) -> int:
    pg = await asyncpg.connect(stack.env["DATABASE_URL"])
    try:
        return int(await pg.fetchval("SELECT count(*) FROM media WHERE tenant_id = $1", tenant))
    finally:
        await pg.close()


async def _upload(
    stack: Stack, c: httpx.AsyncClient, tenant: str, to: str, data: bytes, **headers: str
) -> httpx.Response:
    return await stack.call(
        c, "POST", tenant, "messages/document", data={"to": to},
        files={"file": ("a.pdf", data, "application/pdf")}, headers=headers,
    )  # fmt: skip


async def test_an_upload_without_a_session_stores_nothing(
    fstack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = fstack.new_tenant()  # never initialized: no session
    friend = await fstack.new_phone(client)
    for _ in range(3):
        r = await _upload(fstack, client, tenant, friend, media_files.pdf(20_000))
        _refused_as(r, 404, "session_not_found")
    r = await fstack.call(
        client, "POST", tenant, "messages/document",
        json={"to": friend, "data": "JVBERi0xLjQKJeLjz9MK"},
    )  # fmt: skip
    _refused_as(r, 404, "session_not_found")
    assert await _out_blobs(fstack, tenant) == []
    assert await _media_rows(fstack, tenant) == 0


async def test_an_upload_over_the_rate_limit_stores_nothing(
    fstack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = fstack.new_tenant()
    await fstack.connect_session(client, tenant)
    friend = await fstack.new_phone(client)
    r = await client.patch(
        f"{fstack.api}/tenants/{tenant}", headers=fstack.admin(), json={"sendRatePerMinute": 1}
    )
    assert r.status_code == 200, r.text
    pdf, key = media_files.pdf(9000), {"Idempotency-Key": "the-first"}
    first = await _upload(fstack, client, tenant, friend, pdf, **key)
    assert first.status_code == 200, first.text
    # a retry of the sent upload is answered from its record, limit or not
    again = await _upload(fstack, client, tenant, friend, pdf, **key)
    assert again.status_code == 200 and again.headers.get("idempotency-replayed") == "true"
    for _ in range(3):
        r = await _upload(fstack, client, tenant, friend, media_files.pdf(9000))
        _refused_as(r, 429, "rate_limited")
        assert r.headers.get("retry-after"), r.headers
    kept = await _out_blobs(fstack, tenant)
    assert len(kept) == 1 and await _media_rows(fstack, tenant) == 1
    # and the one kept is the service user's alone
    assert kept[0].stat().st_mode & 0o777 == 0o600
    assert kept[0].parent.stat().st_mode & 0o777 == 0o700


async def test_an_upload_whose_send_is_refused_is_kept_an_hour_not_a_day(
    fstack: Stack, client: httpx.AsyncClient
) -> None:
    """Refused before its file was looked at (the session logged out): kept for a retry
    an hour, as a sent one is, not the 24 hours a queued one gets."""
    tenant = fstack.new_tenant()
    await fstack.connect_session(client, tenant)
    friend = await fstack.new_phone(client)
    r = await fstack.call(client, "POST", tenant, "logout")
    assert r.status_code == 200, r.text
    r = await _upload(fstack, client, tenant, friend, media_files.pdf(7000))
    _refused_as(r, 409, "session_not_connected")
    pg = await asyncpg.connect(fstack.env["DATABASE_URL"])
    try:
        kept_for = await pg.fetchval(
            "SELECT max(expires_at) - now() FROM media WHERE tenant_id = $1", tenant
        )
    finally:
        await pg.close()
    assert kept_for is not None and kept_for.total_seconds() <= 3600, kept_for
