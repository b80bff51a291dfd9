"""PostgreSQL away: every route answers 503 `database_unavailable`, never a 500.

A gateway reaches the shared PostgreSQL through a proxy process that the test pauses (a
partition: nothing answers) and then kills (a stopped server: connections reset, new
ones refused). The rest of the deployment keeps its direct connection.
"""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import websockets
import yaml

from devstack.stack import PG_ADMIN_URL, Stack
from devstack.tcp_proxy import proxy_to, via_proxy
from tests import REPO_ROOT
from wagate import media_links

SPEC = REPO_ROOT / "openapi.yaml"


def _operations(tenant: str) -> list[tuple[str, str]]:
    """(method, path) of every REST operation in the contract that takes a credential
    (not the signed media link, which takes none), path parameters filled."""
    spec: dict[str, Any] = yaml.safe_load(SPEC.read_text())
    values = {
        "companyId": tenant,
        "endpointId": "we_0",
        "keyId": "key_0",
        "deliveryId": "1",
        "phone": "79001234567",
        "groupId": "120363000000000000@g.us",
        "chatId": "79001234567",
        "messageId": "3EB0A1B2C3D4E5F60718",
        "mediaId": "med_" + "0" * 24,
        "streamId": "st_" + "0" * 24,
        "callId": "C" + "0" * 31,
        "channelId": "120363000000000001@newsletter",
        "lid": "123456789012345",
    }
    found = []
    for path, item in spec["paths"].items():
        if path == "/events":
            continue  # the WebSocket, checked below
        filled = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                if operation.get("security") != []:
                    found.append((method.upper(), filled))
    return found


def _pg_host_port() -> tuple[str, int]:
    netloc = PG_ADMIN_URL.split("://", 1)[1].split("/", 1)[0].rpartition("@")[2]
    host, _, port = netloc.partition(":")
    return host, int(port or 5432)


async def test_postgres_outage_answers_503_on_every_route(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    key = await stack.api_key(client, tenant)  # through the direct deployment
    with proxy_to(*_pg_host_port()) as proxy:
        async with stack.extra_gateway(
            DATABASE_URL=via_proxy(stack.env["DATABASE_URL"], proxy),
            WAGATE_GATEWAY_DATABASE_TIMEOUT="1",  # the partition's 503 after 1 s, not 5
        ) as gw:
            tenants = await client.get(f"{gw.api}/tenants", headers=gw.admin())
            assert tenants.status_code == 200, tenants.text  # its pool is open and working

            # a partition: the pooled connection sends its query and hears nothing back
            proxy.pause()
            r = await client.post(
                f"{gw.api}/sessions/{tenant}/send",
                headers={"X-API-Key": key},
                json={"phone": "79001234567", "message": "hello"},
            )
            assert (r.status_code, r.json()["code"]) == (503, "database_unavailable"), r.text

            # the server gone: connections reset, new ones refused
            proxy.kill()
            answers = {}
            for method, path in _operations(tenant):
                for who, headers in (("key", {"X-API-Key": key}), ("admin", gw.admin())):
                    r = await client.request(method, f"{gw.api}{path}", headers=headers, json={})
                    json_body = r.headers.get("content-type", "").startswith("application/json")
                    answers[(who, method, path)] = (
                        r.status_code,
                        r.json().get("code") if json_body else None,
                    )
            # the signed media link takes no credential: a genuine one reads PostgreSQL
            link = media_links.signed_url(
                gw.api.removesuffix("/api/whatsapp"),
                stack.env["WAGATE_MEDIA_URL_SECRET"],
                tenant,
                "med_" + "0" * 24,
                int(time.time()) + 60,
            )
            r = await client.get(link)
            answers[("link", "GET", "/media/{mediaId}")] = (r.status_code, r.json().get("code"))
            assert r.status_code == 503 and r.json()["code"] == "database_unavailable", r.text
            server_errors = {k: v for k, v in answers.items() if v[0] >= 500 and v[0] != 503}
            assert not server_errors, server_errors
            # an API key is looked up in PostgreSQL: every route refuses it with the 503
            # (an operator's token needs no lookup: its routes answer 503 where they read
            # the database, or what the connector says, or refuse the empty body)
            for (who, method, path), answer in answers.items():
                if who == "key":
                    assert answer == (503, "database_unavailable"), (method, path, answer)

            ws_url = f"{gw.ws_url}?companyId={tenant}"
            async with websockets.connect(ws_url, additional_headers={"X-API-Key": key}) as ws:
                refusal = await ws.recv()
                assert '"database_unavailable"' in str(refusal)
                await ws.wait_closed()
                assert ws.close_code == 4503
