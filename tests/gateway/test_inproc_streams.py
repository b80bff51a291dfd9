"""A tenant's event streams through the API (gateway/streams_api.py), in process: the
broker URL's credentials are sealed and never shown, scoping is the webhooks', the SSRF
guard holds, and streams stay out of the webhooks API."""

from __future__ import annotations

from tests.inproc import Gateway

NATS = {"kind": "nats", "url": "nats://user:s3cret@127.0.0.1:4222", "target": "acme"}


async def test_a_stream_is_created_listed_and_deleted_without_showing_credentials(
    gw: Gateway, tenant: str, other: str
) -> None:
    r = await gw.client.post("/streams", headers=gw.auth(tenant), json=NATS)
    assert r.status_code == 201, r.text
    stream = r.json()["stream"]
    assert stream["url"] == "nats://127.0.0.1:4222" and "s3cret" not in r.text
    assert (stream["kind"], stream["target"], stream["companyId"]) == ("nats", "acme", tenant)
    pool = await gw.services.db.pool()
    stored = await pool.fetchval("SELECT secret FROM webhook_endpoints WHERE id = $1", stream["id"])
    assert "s3cret" not in stored  # sealed at rest

    listed = (await gw.client.get("/streams", headers=gw.auth(tenant))).json()
    assert [s["id"] for s in listed["streams"]] == [stream["id"]]
    hooks = (await gw.client.get("/webhooks", headers=gw.auth(tenant))).json()
    assert hooks["endpoints"] == []  # a stream is no webhook endpoint
    r = await gw.client.get(f"/webhooks/{stream['id']}", headers=gw.auth(tenant))
    assert r.status_code == 404

    r = await gw.client.get(f"/streams/{stream['id']}", headers=gw.auth(other))
    assert (r.status_code, r.json()["code"]) == (404, "stream_not_found")
    r = await gw.client.delete(f"/streams/{stream['id']}", headers=gw.auth(tenant))
    assert r.status_code == 200 and r.json()["deleted"] is True
    r = await gw.client.get(f"/streams/{stream['id']}", headers=gw.auth(tenant))
    assert r.status_code == 404


async def test_a_bad_stream_is_refused_with_its_code(gw: Gateway, tenant: str) -> None:
    cases = [
        ({**NATS, "kind": "kafka"}, 422, "validation_failed"),
        ({**NATS, "url": "http://127.0.0.1:4222"}, 422, "validation_failed"),
        ({**NATS, "url": "nats://127.0.0.1:notaport"}, 422, "validation_failed"),
        ({**NATS, "target": "a.*"}, 422, "validation_failed"),
        ({**NATS, "exchange": "x"}, 422, "validation_failed"),  # NATS has none
        (
            {**NATS, "kind": "amqp", "url": "amqp://127.0.0.1", "exchange": "amq.topic"},
            422,
            "validation_failed",
        ),
        ({**NATS, "url": "nats://169.254.169.254:4222"}, 422, "url_not_allowed"),
        ({**NATS, "url": "nats://\x00"}, 422, "validation_failed"),
        ({**NATS, "url": "nats://127.0.0.1:4222/\x00"}, 422, "validation_failed"),
        ({**NATS, "url": "nats://127.0.0.1:4222/ x"}, 422, "validation_failed"),
    ]
    for body, status, code in cases:
        r = await gw.client.post("/streams", headers=gw.auth(tenant), json=body)
        assert (r.status_code, r.json().get("code")) == (status, code), (body, r.text)
    for bad in ("nope", "st_" + "x" * 5000, "st_%00"):
        r = await gw.client.get(f"/streams/{bad}", headers=gw.auth(tenant))
        assert r.status_code == 404, (bad, r.text)


async def test_a_tenant_has_at_most_five_streams(gw: Gateway, tenant: str) -> None:
    for _ in range(5):
        r = await gw.client.post("/streams", headers=gw.auth(tenant), json=NATS)
        assert r.status_code == 201, r.text
    r = await gw.client.post("/streams", headers=gw.auth(tenant), json=NATS)
    assert (r.status_code, r.json()["code"]) == (409, "stream_limit_reached")
