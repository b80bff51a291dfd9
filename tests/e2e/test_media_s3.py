"""The whole media path on the S3 blob store (WAGATE_BLOB_STORE=s3), as a deployment of
gateways and a connector on different machines runs it: moto's S3 server as its own
process, the gateway and the connector each talking S3 over HTTP. An upload reaches the
phone byte-exact; a file a phone sends is stored in the bucket on arrival and downloads
byte-exact."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from devstack import media_files
from devstack.s3_server import ACCESS_KEY, SECRET_KEY, s3_server
from devstack.stack import Stack, deployment, free_port
from wagate.blobs.s3 import S3BlobStore

BUCKET = "wagate-e2e"


@pytest.fixture(scope="module")
async def s3stack() -> AsyncIterator[tuple[Stack, S3BlobStore]]:
    with s3_server() as endpoint:
        bucket = S3BlobStore(
            endpoint=endpoint,
            bucket=BUCKET,
            region="us-east-1",
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
        )
        await bucket.ensure_bucket()
        try:
            async with deployment(
                WAGATE_BLOB_STORE="s3",
                WAGATE_BLOB_DIR="/nonexistent/not-used",
                WAGATE_S3_ENDPOINT=endpoint,
                WAGATE_S3_BUCKET=BUCKET,
                WAGATE_S3_ACCESS_KEY=ACCESS_KEY,
                WAGATE_S3_SECRET_KEY=SECRET_KEY,
                WAGATE_MEDIA_DOWNLOAD="arrival",
            ) as stack:
                yield stack, bucket
        finally:
            await bucket.close()


async def test_media_both_ways_through_s3(
    s3stack: tuple[Stack, S3BlobStore], client: httpx.AsyncClient
) -> None:
    stack, bucket = s3stack
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    data = media_files.pdf(300_000)
    r = await stack.call(
        client, "POST", tenant, "messages/document",
        data={"to": friend, "caption": "by S3"},
        files={"file": ("report.pdf", data, "application/pdf")},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    sha = hashlib.sha256(data).hexdigest()
    assert r.json()["sha256"] == sha
    deadline = time.monotonic() + 10
    while True:
        inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
        media = inbox[0]["media"] if inbox else {"status": "none"}
        if media["status"] == "ok":
            break
        assert time.monotonic() < deadline, inbox
        await asyncio.sleep(0.05)
    assert media["sha256"] == sha and media["filename"] == "report.pdf"

    image, mime = media_files.samples()["image"]
    async with stack.events(tenant) as events:
        sent = await client.post(
            f"{stack.sim}/phones/{friend}/media",
            json={"to": number, "kind": "image", "mimetype": mime,
                  "data": base64.b64encode(image).decode()},
        )  # fmt: skip
        assert sent.status_code == 201, sent.text
        event = await events.until("message")
    media_id = event["data"]["media"]["id"]
    # downloaded on arrival, into the bucket under the media's key
    deadline = time.monotonic() + 10
    while await bucket.stat(f"in/{tenant}/{media_id}") != len(image):
        assert time.monotonic() < deadline, "never stored in the bucket"
        await asyncio.sleep(0.05)
    got = await stack.call(client, "GET", tenant, f"media/{media_id}")
    assert got.status_code == 200 and got.content == image

    # a gateway whose S3 is unreachable: a media send and a download say so with a 503
    # (and a code), never a 500; the connector's own store is unaffected
    dead = f"http://127.0.0.1:{free_port()}"
    async with stack.extra_gateway(WAGATE_S3_ENDPOINT=dead) as cut_off:
        r = await cut_off.call(
            client, "POST", tenant, "messages/document",
            data={"to": friend}, files={"file": ("a.pdf", data, "application/pdf")},
        )  # fmt: skip
        assert (r.status_code, r.json()["code"]) == (503, "blob_store_unavailable"), r.text
        r = await cut_off.call(client, "GET", tenant, f"media/{media_id}")
        assert (r.status_code, r.json()["code"]) == (503, "blob_store_unavailable"), r.text
