"""openapi.yaml is the contract: the running gateway is held to it.

Requests go through a real gateway, connector and sim network. Every response is looked up
in the spec by route and status (a status the spec does not declare for that route fails
the test); its media type, declared headers and body are validated against the spec with a
Draft 2020-12 validator that resolves `$ref`s against the whole document. WebSocket frames
are validated against `Subscribed`, `Event` and `WebSocketRefusal`, close codes against
`x-websocket-close-codes`. Every path in the spec must be exercised, and the spec's paths
must be exactly the routes the gateway serves.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import websockets
import yaml
from jsonschema import Draft202012Validator
from redis.asyncio import Redis
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from starlette.routing import Mount, Route, WebSocketRoute

from gateway.app import create_app
from tests.stack import Stack, free_port
from wagate.config import Settings

SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi.yaml"
SPEC_URI = "urn:wagate:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
JSON = "application/json"
WS_PATH = "/events"

INITIALIZE = "/sessions/{companyId}/initialize"
SEND = "/sessions/{companyId}/send"
STATUS = "/sessions/{companyId}/status"
HEALTH = "/sessions/{companyId}/health"
LOGOUT = "/sessions/{companyId}/logout"
RESTART = "/sessions/{companyId}/restart"
PAIRING_CODE = "/sessions/{companyId}/pairing-code"
SESSION = "/sessions/{companyId}"

# a valid body for each route that reads one
BODIES: dict[str, dict[str, str]] = {
    SEND: {"phone": "79001234567", "message": "hi"},
    PAIRING_CODE: {"phone": "79001234567"},
}


def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as f:
        spec: dict[str, Any] = yaml.safe_load(f)
    return spec


def _escape(segment: str) -> str:
    """One JSON Pointer segment (RFC 6901)."""
    return segment.replace("~", "~0").replace("/", "~1")


def _pointer(*segments: str) -> str:
    return "".join("/" + _escape(s) for s in segments)


class Contract:
    """The spec, a $ref-resolving validator over it, and what the tests have exercised."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.registry: Registry[Any] = Registry().with_resource(
            SPEC_URI, DRAFT202012.create_resource(spec)
        )
        self.base_path: str = urlsplit(spec["servers"][0]["url"]).path
        self.seen: set[tuple[str, str, str]] = set()  # (method, path template, status)

    # ---- looking things up -----------------------------------------------------------

    def resolve(self, pointer: str) -> tuple[str, Any]:
        """The node at `pointer`, following `$ref`s; returns the pointer it was found at."""
        node = self.registry.resolver().lookup(f"{SPEC_URI}#{pointer}").contents
        while isinstance(node, dict) and "$ref" in node:
            ref: str = node["$ref"]
            assert ref.startswith("#/"), f"only local $refs are expected, not {ref}"
            pointer = ref[1:]
            node = self.registry.resolver().lookup(f"{SPEC_URI}#{pointer}").contents
        return pointer, node

    def operations(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for template, item in self.spec["paths"].items():
            for method, operation in item.items():
                if method in HTTP_METHODS:
                    yield method.upper(), template, operation

    def response(self, method: str, template: str, status: int) -> tuple[str, dict[str, Any]]:
        """The declared response for a route and status (the test fails if there is none)."""
        operation = self.spec["paths"].get(template, {}).get(method.lower())
        assert operation is not None, f"openapi.yaml has no operation {method} {template}"
        if str(status) not in operation["responses"]:
            pytest.fail(
                f"{method} {template} answered {status}, which openapi.yaml does not declare "
                f"(it declares {sorted(operation['responses'])})"
            )
        pointer, response = self.resolve(
            _pointer("paths", template, method.lower(), "responses", str(status))
        )
        return pointer, response

    # ---- validating ------------------------------------------------------------------

    def validate(self, pointer: str, instance: Any, what: str) -> None:
        validator = Draft202012Validator(
            {"$ref": f"{SPEC_URI}#{pointer}"},
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        if errors:
            reasons = "\n".join(
                f"  at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:300]}"
                for e in errors
            )
            pytest.fail(
                f"{what} does not match {pointer}:\n{reasons}\nbody: {json.dumps(instance)[:1500]}"
            )

    def check(self, method: str, template: str, r: httpx.Response) -> None:
        """The status is declared for the route; media type, headers and body match."""
        what = f"{method} {template} -> {r.status_code}"
        pointer, response = self.response(method, template, r.status_code)
        self.seen.add((method, template, str(r.status_code)))

        for name, header in response.get("headers", {}).items():
            value = r.headers.get(name)
            if value is None:
                assert not header.get("required"), f"{what}: header {name} is missing"
                continue
            schema = f"{pointer}/headers/{_escape(name)}/schema"
            typed: Any = int(value) if header["schema"].get("type") == "integer" else value
            self.validate(schema, typed, f"{what} header {name}: {value!r}")

        media_type = r.headers.get("content-type", "").split(";")[0].strip()
        content: dict[str, Any] = response.get("content", {})
        assert media_type in content, f"{what}: {media_type!r} is not one of {sorted(content)}"
        body: Any = r.json() if media_type == JSON else r.text
        self.validate(f"{pointer}/content/{_escape(media_type)}/schema", body, what)

    def check_ws_frame(self, frame: dict[str, Any], schema: str) -> None:
        """A frame matches its named schema, and what the spec says `/events` sends."""
        self.validate(_pointer("components", "schemas", schema), frame, f"{schema} frame")
        pointer, _ = self.response("GET", WS_PATH, 101)
        self.validate(f"{pointer}/content/{_escape(JSON)}/schema", frame, "/events frame")
        self.seen.add(("GET", WS_PATH, "101"))

    def check_ws_close(self, code: int | None, refusal: dict[str, Any] | None) -> None:
        """The close code is declared, and so is the refusal's error code for it."""
        declared = self.spec["paths"][WS_PATH]["get"]["x-websocket-close-codes"]
        assert str(code) in declared, f"close code {code} is not in x-websocket-close-codes"
        if refusal is not None:
            assert refusal["code"] in declared[str(code)]["codes"], (code, refusal)


class Api:
    """Requests built from the spec's server path and path templates, each checked."""

    def __init__(self, contract: Contract, client: httpx.AsyncClient, api_url: str) -> None:
        assert api_url.endswith(contract.base_path), (api_url, contract.base_path)
        self.contract = contract
        self.client = client
        self.origin = api_url.removesuffix(contract.base_path)

    def url(self, template: str, company: str | None = None) -> str:
        path = template if company is None else template.replace("{companyId}", company)
        return self.origin + self.contract.base_path + path

    @property
    def ws_url(self) -> str:
        return "ws" + self.url(WS_PATH).removeprefix("http")

    async def expect(
        self,
        status: int,
        method: str,
        template: str,
        *,
        company: str | None = None,
        token: str | None = None,
        code: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """Make the request, check it against the spec, assert its status (and error
        `code`); returns the body (parsed JSON, or text)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        headers.update(kwargs.pop("headers", {}))
        r = await self.client.request(
            method, self.url(template, company), headers=headers, **kwargs
        )
        self.contract.check(method, template, r)
        assert r.status_code == status, f"{method} {template}: {r.status_code} {r.text[:500]}"
        if not r.headers.get("content-type", "").startswith(JSON):
            return r.text
        body = r.json()
        if code is not None:
            assert body["code"] == code, body
        return body


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract(load_spec())


async def _refusal(url: str) -> tuple[dict[str, Any], int | None]:
    async with websockets.connect(url) as ws:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 5))
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 5)
        return frame, ws.close_code


# ---- the spec on its own ------------------------------------------------------------


def test_spec_paths_are_exactly_the_gateways_routes(contract: Contract) -> None:
    app = create_app(Settings())
    mounts = [r for r in app.routes if isinstance(r, Mount)]
    assert [m.path for m in mounts] == [contract.base_path]
    served: set[tuple[str, str]] = set()
    for route in mounts[0].routes:
        if isinstance(route, Route):
            served |= {(m, route.path) for m in route.methods or () if m != "HEAD"}
        elif isinstance(route, WebSocketRoute):
            served.add(("GET", route.path))  # documented as a GET with the upgrade
    declared = {(method, template) for method, template, _ in contract.operations()}
    assert declared == served


def test_spec_is_self_consistent(contract: Contract) -> None:
    """Every $ref resolves, every schema is valid 2020-12, every example matches its
    schema, and every operation has a command to copy."""

    def refs(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(contract.spec):
        contract.resolve(ref[1:])

    for name, schema in contract.spec["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
        for i, example in enumerate(schema.get("examples", [])):
            contract.validate(_pointer("components", "schemas", name), example, f"{name}[{i}]")

    for method, template, operation in contract.operations():
        assert operation.get("x-codeSamples"), f"{method} {template} has no example command"
        media: list[tuple[str, str, dict[str, Any]]] = [
            (_pointer("paths", template, method.lower(), "requestBody"), t, m)
            for t, m in operation.get("requestBody", {}).get("content", {}).items()
        ]
        for status in operation["responses"]:
            pointer, response = contract.response(method, template, int(status))
            media += [(pointer, t, m) for t, m in response.get("content", {}).items()]
        for pointer, media_type, declared in media:
            schema = f"{pointer}/content/{_escape(media_type)}/schema"
            assert "schema" in declared, f"{schema} is missing"
            assert "example" in declared, f"{pointer} {media_type} has no example"
            contract.validate(schema, declared["example"], f"the example of {schema}")


# ---- the running gateway ------------------------------------------------------------


async def test_running_gateway_honours_the_contract(
    stack: Stack, client: httpx.AsyncClient, contract: Contract
) -> None:
    api = Api(contract, client, stack.api)
    company, other = stack.new_company(), stack.new_company()

    await _unauthenticated(api, stack, company)
    await _before_initialize(api, stack, company)
    frames = await _connected_session(api, stack, client, company)
    for frame in frames:
        contract.check_ws_frame(frame, "Event")
    seen_types = {f["type"] for f in frames}
    assert {"state", "qr", "connected", "receipt", "message", "error", "logout"} <= seen_types
    await _waiting_session(api, stack, client, other)
    await _lists_and_metrics(api, stack, company)
    await _scoping_and_bad_input(api, stack, company, other)
    await _restart_and_delete(api, stack, company)
    await _websocket(api, stack, company, other)

    exercised = {(method, template) for method, template, _ in contract.seen}
    missing = {(m, t) for m, t, _ in contract.operations()} - exercised
    assert not missing, f"paths in openapi.yaml that no request exercised: {sorted(missing)}"


async def _unauthenticated(api: Api, stack: Stack, company: str) -> None:
    for method, template, _ in api.contract.operations():
        if template != WS_PATH:
            body = BODIES.get(template)
            await api.expect(
                401, method, template, company=company, json=body, code="token_missing"
            )
    expired = stack.token(company, ttl_s=-120)
    await api.expect(401, "GET", STATUS, company=company, token=expired, code="token_expired")
    await api.expect(401, "GET", "/sessions", token="not-a-jwt", code="token_invalid")


async def _before_initialize(api: Api, stack: Stack, company: str) -> None:
    token = stack.token(company)
    listed = await api.expect(200, "GET", "/sessions", token=token)
    assert listed["sessions"] == [] and listed["total"] == 0
    for method, template in [
        ("GET", STATUS),
        ("GET", HEALTH),
        ("POST", LOGOUT),
        ("POST", RESTART),
        ("POST", SEND),
    ]:
        await api.expect(
            404,
            method,
            template,
            company=company,
            token=token,
            json=BODIES.get(template),
            code="session_not_found",
        )
    gone = await api.expect(200, "DELETE", SESSION, company=company, token=token)
    assert gone == {"success": True, "companyId": company, "deleted": False}


async def _connected_session(
    api: Api, stack: Stack, client: httpx.AsyncClient, company: str
) -> list[dict[str, Any]]:
    """initialize, scan, send, receive, overlimit, logout; returns the events seen."""
    token = stack.token(company)
    async with stack.events(company) as events:
        started = await api.expect(200, "POST", INITIALIZE, company=company, token=token)
        assert started["status"] == "qr", started
        # a virtual phone scans the QR, as in Stack.connect_session
        phone = await stack.new_phone(client)
        link = await client.post(f"{stack.sim}/phones/{phone}/link", json={"qr": started["qr"]})
        assert link.status_code == 200, link.text
        await stack.wait_status(client, company, "connected")

        again = await api.expect(200, "POST", INITIALIZE, company=company, token=token)
        assert again["status"] == "connected" and "qrDataUrl" not in again, again
        status = await api.expect(200, "GET", STATUS, company=company, token=token)
        assert (status["connected"], status["phone"]) == (True, phone), status
        health = await api.expect(200, "GET", HEALTH, company=company, token=token)
        assert health["healthy"] is True
        await api.expect(
            409,
            "POST",
            PAIRING_CODE,
            company=company,
            token=token,
            json={"phone": phone},
            code="not_pairing",
        )

        friend = await stack.new_phone(client)
        text = {"phone": "+" + friend, "message": "Hello from the contract test"}
        sent = await api.expect(200, "POST", SEND, company=company, token=token, json=text)
        assert sent["to"] == friend
        nobody = {"phone": stack.new_number(), "message": "nobody there"}
        await api.expect(
            422, "POST", SEND, company=company, token=token, json=nobody, code="not_on_whatsapp"
        )
        incoming = await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": phone, "text": "Hi tenant"}
        )
        assert incoming.status_code == 201, incoming.text

        await stack.fault(client, phone, "overlimit", count=1, seconds=1)
        await api.expect(
            429, "POST", SEND, company=company, token=token, json=text, code="rate_overlimit"
        )

        out = await api.expect(200, "POST", LOGOUT, company=company, token=token)
        assert (out["status"], out["reason"]) == ("logged_out", "logged_out_by_request")

        frames: list[dict[str, Any]] = []
        while not frames or frames[-1]["type"] != "logout":
            frames.append(await events.next())
    return frames


async def _waiting_session(api: Api, stack: Stack, client: httpx.AsyncClient, company: str) -> None:
    """A session waiting for its scan: unhealthy, cannot send, can give a pairing code."""
    token = stack.token(company)
    waiting = await api.expect(200, "POST", INITIALIZE, company=company, token=token)
    assert waiting["status"] == "qr" and waiting["qrTerminal"], waiting
    unhealthy = await api.expect(
        503, "GET", HEALTH, company=company, token=token, code="session_unhealthy"
    )
    assert unhealthy["reason"] == "session is qr", unhealthy
    await api.expect(
        409,
        "POST",
        SEND,
        company=company,
        token=token,
        json=BODIES[SEND],
        code="session_not_connected",
    )
    await api.expect(
        422,
        "POST",
        PAIRING_CODE,
        company=company,
        token=token,
        json={"phone": stack.new_number()},
        code="phone_not_found",
    )
    phone = await stack.new_phone(client)
    paired = await api.expect(
        200, "POST", PAIRING_CODE, company=company, token=token, json={"phone": "+" + phone}
    )
    assert paired["status"] == "qr" and paired["pairingCode"], paired


async def _lists_and_metrics(api: Api, stack: Stack, company: str) -> None:
    token, admin = stack.token(company), stack.admin_token()
    listed = await api.expect(200, "GET", "/sessions", token=token)
    assert [s["companyId"] for s in listed["sessions"]] == [company]
    listed = await api.expect(200, "GET", "/sessions", token=admin)
    assert company in {s["companyId"] for s in listed["sessions"]}

    metrics = await api.expect(200, "GET", "/metrics", token=admin)
    assert metrics["metrics"]["totalSessions"] >= 2 and metrics["metrics"]["messagesSent"] >= 1
    text = await api.expect(200, "GET", "/metrics/prometheus", token=admin)
    assert "\nwhatsapp_sessions_total" in text
    for template in ("/metrics", "/metrics/prometheus"):
        await api.expect(403, "GET", template, token=token, code="admin_required")


async def _scoping_and_bad_input(api: Api, stack: Stack, company: str, other: str) -> None:
    token, admin = stack.token(company), stack.admin_token()
    company_routes = [(m, t) for m, t, _ in api.contract.operations() if "{companyId}" in t]

    # another tenant's company looks like no session at all; a malformed id is a 400
    for method, template in company_routes:
        body = BODIES.get(template)
        await api.expect(
            404,
            method,
            template,
            company=other,
            token=token,
            json=body,
            code="session_not_found",
        )
        await api.expect(
            400,
            method,
            template,
            company="has.dot",
            token=admin,
            json=body,
            code="invalid_company_id",
        )

    as_json = {"Content-Type": JSON}
    huge = b'{"phone": "79001234567", "message": "' + b"x" * 70_000 + b'"}'
    for template, invalid in [
        (SEND, {"phone": "12ab5678", "message": "hi"}),
        (SEND, {"phone": "79001234567", "message": ""}),
        (SEND, {"phone": "79001234567", "message": "x" * 4097}),
        (SEND, {"phone": 79001234567, "message": "hi"}),
        (SEND, {"phone": "79001234567"}),
        (SEND, {**BODIES[SEND], "extra": 1}),
        (PAIRING_CODE, {"phone": "123"}),
        (PAIRING_CODE, {}),
        (PAIRING_CODE, {**BODIES[PAIRING_CODE], "extra": 1}),
    ]:
        error = await api.expect(
            422,
            "POST",
            template,
            company=company,
            token=token,
            json=invalid,
            code="validation_failed",
        )
        assert error["details"], error
    for template in (SEND, PAIRING_CODE):
        for raw in (b"{not json", b"[1, 2]", b""):
            await api.expect(
                400,
                "POST",
                template,
                company=company,
                token=token,
                headers=as_json,
                content=raw,
                code="invalid_json",
            )
        await api.expect(
            413,
            "POST",
            template,
            company=company,
            token=token,
            headers=as_json,
            content=huge,
            code="body_too_large",
        )


async def _restart_and_delete(api: Api, stack: Stack, company: str) -> None:
    token = stack.token(company)
    restarted = await api.expect(200, "POST", RESTART, company=company, token=token)
    assert restarted["status"] == "qr", restarted  # logged out before: pairs again
    gone = await api.expect(200, "DELETE", SESSION, company=company, token=token)
    assert gone == {"success": True, "companyId": company, "deleted": True}
    await api.expect(404, "GET", STATUS, company=company, token=token, code="session_not_found")


async def _websocket(api: Api, stack: Stack, company: str, other: str) -> None:
    token, admin = stack.token(company), stack.admin_token()
    assert api.ws_url == stack.ws_url
    async with websockets.connect(f"{api.ws_url}?token={token}") as ws:
        subscribed = json.loads(await asyncio.wait_for(ws.recv(), 5))
    api.contract.check_ws_frame(subscribed, "Subscribed")
    assert subscribed == {"type": "subscribed", "companyId": company}
    for query, close in [
        ("", 4401),
        ("?token=garbage", 4401),
        (f"?token={stack.token(company, ttl_s=-120)}", 4401),
        (f"?token={token}&companyId={other}", 4404),
        (f"?token={admin}", 4400),
        (f"?token={admin}&companyId=has.dot", 4400),
        (f"?token={token}&since=yesterday", 4400),
    ]:
        frame, code = await _refusal(api.ws_url + query)
        assert code == close, (query, frame, code)
        api.contract.check_ws_frame(frame, "WebSocketRefusal")
        api.contract.check_ws_close(code, frame)
    await api.expect(404, "GET", WS_PATH, token=token, code="not_found")


# ---- the bus failing: a gateway of our own, against a dead Redis or no connector -------


@contextlib.asynccontextmanager
async def _extra_gateway(stack: Stack, **env: str) -> AsyncIterator[str]:
    """A gateway process beside the stack's, with `env` overrides; yields its API URL
    once it answers, and stops it afterwards."""
    port = free_port()
    log_path = stack.logs / f"contract-gateway-{port}.log"
    with log_path.open("ab") as log:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "wagate",
            "gateway",
            env={**stack.env, "WAGATE_PORT": str(port), **env},
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
    api = f"http://127.0.0.1:{port}/api/whatsapp"
    try:
        deadline = time.monotonic() + 20
        async with httpx.AsyncClient(timeout=2) as c:
            while True:
                assert proc.returncode is None, log_path.read_text(errors="replace")
                with contextlib.suppress(httpx.HTTPError):
                    if (await c.get(f"{api}/sessions")).status_code == 401:
                        break
                assert time.monotonic() < deadline, log_path.read_text(errors="replace")
                await asyncio.sleep(0.1)
        yield api
    finally:
        if proc.returncode is None:
            proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:
            proc.kill()
            await proc.wait()


async def _every_route_fails(api: Api, stack: Stack, company: str, status: int, code: str) -> None:
    token, admin = stack.token(company), stack.admin_token()
    for method, template, _ in api.contract.operations():
        if template != WS_PATH:
            caller = admin if template.startswith("/metrics") else token
            await api.expect(
                status,
                method,
                template,
                company=company,
                token=caller,
                json=BODIES.get(template),
                code=code,
            )


async def test_bus_failures_honour_the_contract(
    stack: Stack, client: httpx.AsyncClient, contract: Contract
) -> None:
    company = stack.new_company()

    # Redis unreachable: 503 bus_unavailable everywhere; the socket subscribes, then 1011
    async with _extra_gateway(stack, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0") as url:
        api = Api(contract, client, url)
        await _every_route_fails(api, stack, company, 503, "bus_unavailable")
        async with websockets.connect(f"{api.ws_url}?token={stack.token(company)}") as ws:
            contract.check_ws_frame(json.loads(await asyncio.wait_for(ws.recv(), 5)), "Subscribed")
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 5)
        contract.check_ws_close(ws.close_code, None)

    # no connector reads this bus: 504 connector_timeout everywhere
    prefix = f"wagate-contract-{secrets.token_hex(4)}"
    try:
        async with _extra_gateway(
            stack, WAGATE_REDIS_PREFIX=prefix, WAGATE_COMMAND_TIMEOUT="0.3"
        ) as url:
            api = Api(contract, client, url)
            await _every_route_fails(api, stack, company, 504, "connector_timeout")
    finally:  # the unanswered commands stay queued under the prefix: remove them
        redis = Redis.from_url(stack.env["REDIS_URL"])
        try:
            async for key in redis.scan_iter(match=f"{prefix}:*"):
                await redis.delete(key)
        finally:
            await redis.aclose()
