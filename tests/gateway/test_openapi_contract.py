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
import base64
import contextlib
import json
import secrets
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import websockets
import yaml
from jsonschema import Draft202012Validator
from pydantic import BaseModel
from redis.asyncio import Redis
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from starlette.routing import Mount, Route, WebSocketRoute

from devstack.stack import ApiAccess, Stack, free_port
from devstack.webhook_receiver import Receiver
from gateway import (
    account_api,
    calls_api,
    channels_api,
    conversations_api,
    forward_api,
    group_pictures,
    group_schemas,
    history_api,
    media_api,
    messaging_schemas,
    pacing_api,
    profile_api,
    proxy_api,
    schemas,
    webhook_schemas,
)
from gateway.app import create_app
from tests import REPO_ROOT
from tests.pictures import jpeg
from wagate.config import Settings

SPEC_PATH = REPO_ROOT / "openapi.yaml"
SPEC_URI = "urn:wagate:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
JSON = "application/json"
WS_PATH = "/events"

INITIALIZE = "/sessions/{companyId}/initialize"
SEND = "/sessions/{companyId}/send"
SEND_TEXT = "/sessions/{companyId}/messages/text"
STATUS = "/sessions/{companyId}/status"
HEALTH = "/sessions/{companyId}/health"
LOGOUT = "/sessions/{companyId}/logout"
RESTART = "/sessions/{companyId}/restart"
PAIRING_CODE = "/sessions/{companyId}/pairing-code"
SESSION = "/sessions/{companyId}"
TENANTS = "/tenants"
TENANT = "/tenants/{companyId}"
TENANT_PACING = "/tenants/{companyId}/pacing"
TENANT_PROXY = "/tenants/{companyId}/proxy"
API_KEYS = "/tenants/{companyId}/api-keys"
API_KEY = "/tenants/{companyId}/api-keys/{keyId}"
WEBHOOKS = "/webhooks"
STREAMS = "/streams"
STREAM = "/streams/{streamId}"
WEBHOOK = "/webhooks/{endpointId}"
ROTATE = "/webhooks/{endpointId}/rotate-secret"
WEBHOOK_TEST = "/webhooks/{endpointId}/test"
REPLAY = "/webhooks/{endpointId}/replay"
DELIVERIES = "/webhooks/{endpointId}/deliveries"
CHATS = "/sessions/{companyId}/chats"
CHAT_THREAD = "/sessions/{companyId}/chats/{chatId}/messages"
SEARCH = "/sessions/{companyId}/messages/search"
CONTACTS = "/sessions/{companyId}/contacts"
PROFILE = "/sessions/{companyId}/profile"
PICTURE = "/sessions/{companyId}/profile/picture"
BUSINESS = "/sessions/{companyId}/contacts/{phone}/business"
CHANNELS = "/sessions/{companyId}/channels"
CHANNEL = "/sessions/{companyId}/channels/{channelId}"
CHANNEL_FOLLOW = "/sessions/{companyId}/channels/{channelId}/follow"
CHANNEL_POSTS = "/sessions/{companyId}/channels/{channelId}/posts"
STORED_MESSAGE = "/sessions/{companyId}/messages/{messageId}"
DELIVERY = "/webhooks/{endpointId}/deliveries/{deliveryId}"
DELIVERY_REPLAY = "/webhooks/{endpointId}/deliveries/{deliveryId}/replay"
ATTEMPTS = "/webhooks/{endpointId}/attempts"
MEDIA_SEND = "/sessions/{companyId}/messages/{kind}"  # one route per kind (gateway.media_api)
MEDIA = "/sessions/{companyId}/media/{mediaId}"
SIGNED_MEDIA = "/media/{mediaId}"
CHECK_NUMBERS = "/sessions/{companyId}/contacts/check"
CONTACT = "/sessions/{companyId}/contacts/{phone}"
GROUPS = "/sessions/{companyId}/groups"
GROUP_JOIN = "/sessions/{companyId}/groups/join"
GROUP = "/sessions/{companyId}/groups/{groupId}"
GROUP_PARTICIPANTS = "/sessions/{companyId}/groups/{groupId}/participants"
GROUP_LEAVE = "/sessions/{companyId}/groups/{groupId}/leave"
GROUP_INVITE = "/sessions/{companyId}/groups/{groupId}/invite"
GROUP_SETTINGS = "/sessions/{companyId}/groups/{groupId}/settings"
GROUP_PICTURE = "/sessions/{companyId}/groups/{groupId}/picture"
GROUP_REQUESTS = "/sessions/{companyId}/groups/{groupId}/requests"

# a valid body for each (method, route) that reads one
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", SEND): {"phone": "79001234567", "message": "hi"},
    ("POST", PAIRING_CODE): {"phone": "79001234567"},
    ("POST", TENANTS): {"companyId": "contract-tenant"},
    ("PATCH", TENANT): {"name": "Contract Ltd"},
    ("POST", API_KEYS): {"name": "contract", "scopes": ["read"]},
    ("POST", WEBHOOKS): {"url": "http://127.0.0.1:9/hook"},
    ("POST", STREAMS): {"kind": "nats", "url": "nats://127.0.0.1:9", "target": "acme"},
    ("PATCH", WEBHOOK): {"description": "contract"},
    ("POST", REPLAY): {"since": "2025-01-01T00:00:00Z"},
    ("POST", CHECK_NUMBERS): {"phones": ["79001234567"]},
    ("POST", GROUPS): {"subject": "Contract", "participants": ["79001234567"]},
    ("POST", GROUP_JOIN): {"code": "AbCdEfGhIjKlMnOpQrStUv"},
    ("PATCH", GROUP): {"subject": "Contract"},
    ("POST", GROUP_PARTICIPANTS): {"action": "add", "participants": ["79001234567"]},
}
# ids for the path parameters besides companyId, where a route needs one but the test
# does not care which
PLACEHOLDER_IDS = {
    "keyId": "key_0000000000000000",
    "endpointId": "ep_000000000000000000000000",
    "streamId": "st_000000000000000000000000",
    "deliveryId": "1",
    "mediaId": "med_000000000000000000000000",
    "chatId": "79001234567",  # messaging (issue 17)
    "messageId": "3EB0A1B2C3D4E5F60718",
    "groupId": "120363000000000000@g.us",
    "phone": "79001234567",
}
# the routes that are commands to the connector over the bus (the others use PostgreSQL)
BUS_TAGS = {"sessions", "metrics"}


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

        for name in response.get("headers", {}):
            header_pointer, header = self.resolve(f"{pointer}/headers/{_escape(name)}")
            value = r.headers.get(name)
            if value is None:
                assert not header.get("required"), f"{what}: header {name} is missing"
                continue
            schema = f"{header_pointer}/schema"
            typed: Any = int(value) if header["schema"].get("type") == "integer" else value
            self.validate(schema, typed, f"{what} header {name}: {value!r}")

        media_type = r.headers.get("content-type", "").split(";")[0].strip()
        content: dict[str, Any] = response.get("content", {})
        if media_type not in content and "*/*" in content:  # a file of any type
            media_type = "*/*"
        assert media_type in content, f"{what}: {media_type!r} is not one of {sorted(content)}"
        body: Any = r.json() if media_type == JSON else "" if media_type == "*/*" else r.text
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

    def url(
        self, template: str, tenant: str | None = None, ids: dict[str, str] | None = None
    ) -> str:
        path = template if tenant is None else template.replace("{companyId}", tenant)
        for name, value in {**PLACEHOLDER_IDS, **(ids or {})}.items():
            path = path.replace("{" + name + "}", value)
        return self.origin + self.contract.base_path + path

    @property
    def ws_url(self) -> str:
        return "ws" + self.url(WS_PATH).removeprefix("http")

    async def expect(self, status: int, method: str, template: str, **kwargs: Any) -> Any:
        """Make the request, check it against the spec, assert its status (and error
        `code`); returns the body (parsed JSON, or text). Arguments as for `response`."""
        return (await self.response(status, method, template, **kwargs))[1]

    async def response(
        self,
        status: int,
        method: str,
        template: str,
        *,
        tenant: str | None = None,
        token: str | None = None,
        code: str | None = None,
        ids: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> tuple[httpx.Response, Any]:
        """`expect`, returning the response too (for its headers). `ids` fills path
        parameters other than companyId; the rest goes to httpx."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        headers.update(kwargs.pop("headers", {}))
        r = await self.client.request(
            method, self.url(template, tenant, ids), headers=headers, **kwargs
        )
        self.contract.check(method, template, r)
        assert r.status_code == status, f"{method} {template}: {r.status_code} {r.text[:500]}"
        if not r.headers.get("content-type", "").startswith(JSON):
            return r, r.text
        body = r.json()
        if code is not None:
            assert body["code"] == code, body
        return r, body


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


# the pydantic model behind each request body and query string in openapi.yaml
REQUEST_MODELS: dict[str, type[BaseModel]] = {
    "SendRequest": schemas.SendRequest,
    "TextMessage": schemas.TextMessage,
    "PairingCodeRequest": schemas.PairingCodeRequest,
    "TenantCreate": schemas.TenantCreate,
    "TenantUpdate": schemas.TenantUpdate,
    "ApiKeyCreate": schemas.ApiKeyCreate,
    "EndpointCreate": webhook_schemas.EndpointCreate,
    "EndpointUpdate": webhook_schemas.EndpointUpdate,
    "RotateSecret": webhook_schemas.RotateSecret,
    "ReplayRequest": webhook_schemas.ReplayRequest,
    "StreamCreate": webhook_schemas.StreamCreate,
    "TenantProxySet": proxy_api.ProxySet,
    "MediaMessage": media_api.MediaMessage,
    "CaptionedMediaMessage": media_api.CaptionedMediaMessage,
    "DocumentMessage": media_api.DocumentMessage,
    "MediaUpload": media_api.MediaUpload,
    "CaptionedMediaUpload": media_api.CaptionedMediaUpload,
    "DocumentUpload": media_api.DocumentUpload,
    "ViewOnceMessage": media_api.ViewOnceMessage,
    "ViewOnceUpload": media_api.ViewOnceUpload,
    "ForwardMessage": forward_api.ForwardBody,
    # messaging (issue 17)
    "LocationMessage": messaging_schemas.LocationMessage,
    "ContactsMessage": messaging_schemas.ContactsMessage,
    "PollMessage": messaging_schemas.PollMessage,
    "ReactionMessage": messaging_schemas.ReactionMessage,
    "EditMessage": messaging_schemas.EditBody,
    "PinMessage": messaging_schemas.PinBody,
    "MarkRead": messaging_schemas.ReadBody,
    "ChatPresence": messaging_schemas.ChatPresenceBody,
    "Presence": messaging_schemas.PresenceBody,
    "HistoryRequest": history_api.HistoryRequestBody,
    "ChatStateChange": messaging_schemas.ChatStateBody,
    "NumberCheck": group_schemas.NumberCheck,
    "GroupCreate": group_schemas.GroupCreate,
    "GroupUpdate": group_schemas.GroupUpdate,
    "ParticipantsChange": group_schemas.ParticipantsChange,
    "GroupJoin": group_schemas.GroupJoin,
    "GroupSettingsChange": group_schemas.GroupSettingsChange,
    "JoinRequestsAnswer": group_schemas.JoinRequestsAnswer,
    "GroupPictureUpload": group_pictures.GroupPictureUpload,
    "CallSettingsUpdate": calls_api.CallSettingsBody,
    "PrivacyChange": account_api.PrivacyBody,
    "PacingSettings": pacing_api.PacingSettings,
    "ProfileUpdate": profile_api.ProfileUpdate,
    "PictureUpload": profile_api.PictureUpload,
}
# a multipart body's file part: read as a stream (gateway/multipart_upload.py), not a field
UPLOAD_PART = "file"
QUERY_MODELS: dict[tuple[str, str], type[BaseModel]] = {
    ("get", DELIVERIES): webhook_schemas.DeliveryQuery,
    ("get", ATTEMPTS): webhook_schemas.AttemptQuery,
    ("delete", SESSION): schemas.SessionDeleteQuery,
    ("get", CHATS): conversations_api.ChatsQuery,
    ("get", CHAT_THREAD): conversations_api.ThreadQuery,
    ("get", SEARCH): conversations_api.SearchQuery,
    ("get", CONTACTS): conversations_api.ContactsQuery,
    ("get", CHANNEL_POSTS): channels_api.ChannelPostsQuery,
}
# what a field's schema may constrain; the spec must say the same as the model wherever
# the model says it (the spec may add a constraint that code checks outside the model)
CONSTRAINTS = ("minLength", "maxLength", "pattern", "minimum", "maximum", "minItems", "maxItems")


def _flat(
    node: dict[str, Any], deref: Callable[[dict[str, Any]], dict[str, Any]]
) -> dict[str, Any]:
    """A field's schema as {constraint: value} plus `nullable`, `enum`, `items` and
    `default`, with $refs and `anyOf: [..., null]` unwrapped."""
    node = deref(node)
    out: dict[str, Any] = {"nullable": False}
    branches = node.get("anyOf", [node])
    for branch in (deref(b) for b in branches):
        types = branch.get("type")
        if branch.get("type") == "null" or (isinstance(types, list) and "null" in types):
            out["nullable"] = True
        if branch.get("type") == "null":
            continue
        for key in (*CONSTRAINTS, "enum"):
            if key in branch:
                out[key] = (
                    [v for v in branch[key] if v is not None] if key == "enum" else branch[key]
                )
        if "items" in branch:
            out["items"] = _flat(branch["items"], deref)
    if "default" in node:
        out["default"] = node["default"]
    return out


def _agrees(spec: dict[str, Any], model: dict[str, Any], where: str) -> None:
    for key, value in model.items():
        if key == "items":
            assert "items" in spec, f"{where}: the spec does not describe the items"
            _agrees(spec["items"], value, f"{where}[]")
        elif key == "enum":
            assert sorted(spec.get("enum", [])) == sorted(value), f"{where}: enum {spec} vs {value}"
        elif key != "nullable" or value:
            assert spec.get(key) == value, (
                f"{where}: {key} is {spec.get(key)!r}, the model says {value!r}"
            )


def _request_models(contract: Contract) -> dict[str, type[BaseModel]]:
    """REQUEST_MODELS, and the body of every route that sends a message as its schema
    declares it (gateway/schemas.py SEND_ROUTES), so a new kind's body is held to the
    spec without a line here: a schema with fields is the route's request body, one
    without has none."""
    models = dict(REQUEST_MODELS)
    for method, path, schema in schemas.SEND_ROUTES:
        template = f"/sessions/{{companyId}}{path}"
        operation = contract.spec["paths"].get(template, {}).get(method.lower())
        assert operation is not None, f"openapi.yaml has no operation {method} {template}"
        bodies = operation.get("requestBody", {}).get("content", {}).values()
        names = [media["schema"]["$ref"].rsplit("/", 1)[1] for media in bodies]
        assert bool(names) == bool(schema.model_fields), f"{method} {template}: body {names}"
        for name in names:
            assert models.setdefault(name, schema) is schema, f"{name}: {schema.__name__}?"
    return models


def test_request_schemas_mirror_the_models(contract: Contract) -> None:
    """Every request body and query string in openapi.yaml says what its pydantic model
    enforces: the same fields, the same required ones, no others, the same limits."""
    declared = {
        _pointer("components", "schemas", name)
        for method, template, operation in contract.operations()
        for media in operation.get("requestBody", {}).get("content", {}).values()
        for name in [media["schema"]["$ref"].rsplit("/", 1)[1]]
    }
    models = _request_models(contract)
    assert declared == {_pointer("components", "schemas", n) for n in models}

    for name, model in models.items():
        spec = contract.spec["components"]["schemas"][name]
        mine = model.model_json_schema()
        defs = mine.get("$defs", {})

        def model_deref(node: dict[str, Any], defs: dict[str, Any] = defs) -> dict[str, Any]:
            return defs[node["$ref"].rsplit("/", 1)[1]] if "$ref" in node else node

        def spec_deref(node: dict[str, Any]) -> dict[str, Any]:
            return contract.resolve(node["$ref"][1:])[1] if "$ref" in node else node

        assert spec.get("additionalProperties") is False, f"{name} must refuse unknown fields"
        part = {UPLOAD_PART} if name.endswith("Upload") else set()
        assert set(spec["properties"]) - part == set(mine["properties"]), name
        assert set(spec.get("required", [])) - part == set(mine.get("required", [])), name
        for field, schema in mine["properties"].items():
            _agrees(
                _flat(spec["properties"][field], spec_deref),
                _flat(schema, model_deref),
                f"{name}.{field}",
            )

    for (method, template), model in QUERY_MODELS.items():
        operation = contract.spec["paths"][template][method]
        params = {}
        for param in operation["parameters"]:
            _, param = contract.resolve(param["$ref"][1:]) if "$ref" in param else ("", param)
            if param["in"] == "query":
                params[param["name"]] = param
        mine = model.model_json_schema()
        assert set(params) == set(mine["properties"]), template
        for field, schema in mine["properties"].items():
            spec_field = _flat(
                params[field]["schema"],
                lambda n: contract.resolve(n["$ref"][1:])[1] if "$ref" in n else n,
            )
            model_field = _flat(schema, lambda n: n)
            model_field["nullable"] = False  # an absent query parameter is the null
            _agrees(spec_field, model_field, f"{template}?{field}")


# ---- the running gateway ------------------------------------------------------------


async def test_running_gateway_honours_the_contract(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver, contract: Contract
) -> None:
    api = Api(contract, client, stack.api)
    tenant, other = stack.new_tenant(), stack.new_tenant()

    await _unauthenticated(api, stack, tenant)
    await _before_initialize(api, stack, tenant)
    frames = await _connected_session(api, stack, client, tenant)
    for frame in frames:
        contract.check_ws_frame(frame, "Event")
    seen_types = {f["type"] for f in frames}
    assert {"state", "qr", "connected", "receipt", "message", "error", "logout"} <= seen_types
    await _waiting_session(api, stack, client, other)
    await _contacts_and_groups(api, stack, client)
    await _lists_and_metrics(api, stack, tenant)
    await _scoping_and_bad_input(api, stack, tenant, other)
    await _restart_and_delete(api, stack, tenant)
    await _conversations(api, stack, tenant, other)
    await _websocket(api, stack, tenant, other)
    await _tenants_and_api_keys(api, stack, client)
    await _webhooks(api, stack, receiver, tenant, other)
    await _streams(api, stack, tenant, other)
    await _media(api, stack, client, receiver, other)

    exercised = {(method, template) for method, template, _ in contract.seen}
    missing = {(m, t) for m, t, _ in contract.operations()} - exercised
    assert not missing, f"paths in openapi.yaml that no request exercised: {sorted(missing)}"


async def _media(
    api: Api, stack: Stack, client: httpx.AsyncClient, receiver: Receiver, other: str
) -> None:
    """Media sends of every kind (JSON and multipart), a received file by the API and by
    a webhook's signed link, and their refusals."""
    from devstack import media_files

    tenant = stack.new_tenant()
    token = stack.token(tenant)
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    hook = receiver.add()
    await api.expect(
        201, "POST", WEBHOOKS, token=token, json={"url": hook, "eventTypes": ["message"]}
    )
    for i, (kind, (data, mime)) in enumerate(media_files.samples().items()):
        route = MEDIA_SEND.replace("{kind}", kind)
        if i % 2:
            body = {"to": friend, "data": base64.b64encode(data).decode(), "mimetype": mime}
            sent = await api.expect(200, "POST", route, tenant=tenant, token=token, json=body)
        else:
            sent = await api.expect(
                200, "POST", route, tenant=tenant, token=token,
                data={"to": friend}, files={"file": ("f", data, mime)},
            )  # fmt: skip
        assert sent["kind"] == kind
    image = MEDIA_SEND.replace("{kind}", "image")
    pdf = media_files.pdf()
    for status, code, kwargs in [
        (400, "media_source_invalid", {"json": {"to": friend}}),
        (
            400,
            "multipart_invalid",
            {"content": b"--x\r\n", "headers": {"content-type": "multipart/form-data; boundary=x"}},
        ),
        (
            422,
            "media_type_mismatch",
            {"files": {"file": ("a", pdf, "image/png")}, "data": {"to": friend}},
        ),
        (422, "url_not_allowed", {"json": {"to": friend, "url": "http://169.254.169.254/x"}}),
        (404, "session_not_found", {"json": {"to": friend, "data": "aGVsbG8="}}),
    ]:
        who = stack.token(other) if code == "session_not_found" else token
        await api.expect(status, "POST", image, tenant=tenant, token=who, code=code, **kwargs)

    data, mime = media_files.samples()["image"]
    phone = await stack.new_phone(client)
    async with stack.events(tenant) as events:
        r = await client.post(
            f"{stack.sim}/phones/{phone}/media",
            json={"to": number, "kind": "image", "mimetype": mime,
                  "data": base64.b64encode(data).decode(), "caption": "look"},
        )  # fmt: skip
        assert r.status_code == 201, r.text
        event = await events.until("message")
    api.contract.check_ws_frame(event, "Event")
    media_id = event["data"]["media"]["id"]
    ids = {"mediaId": media_id}
    got = await client.get(
        api.url(MEDIA, tenant, ids), headers={"Authorization": f"Bearer {token}"}
    )
    api.contract.check("GET", MEDIA, got)
    assert got.status_code == 200 and got.content == data
    await api.expect(404, "GET", MEDIA, tenant=tenant, token=token, code="media_not_found",
                     ids={"mediaId": "med_" + "0" * 24})  # fmt: skip
    await api.expect(404, "GET", MEDIA, tenant=other, token=stack.token(other),
                     code="media_not_found", ids=ids)  # fmt: skip
    delivered = await receiver.wait_accepted(hook, 1)
    link = httpx.URL(delivered[-1].json["data"]["media"]["downloadUrl"])
    signed = await client.get(link)
    api.contract.check("GET", SIGNED_MEDIA, signed)
    assert signed.status_code == 200 and signed.content == data
    tampered = await client.get(link.copy_set_param("sig", "0" * 64))
    api.contract.check("GET", SIGNED_MEDIA, tampered)
    assert tampered.status_code == 403 and tampered.json()["code"] == "media_url_invalid"


async def test_a_wrong_method_is_told_the_declared_ones(
    stack: Stack, client: httpx.AsyncClient, contract: Contract
) -> None:
    """405 method_not_allowed, with `Allow` listing exactly the spec's methods for the
    path, without looking at the token."""
    api = Api(contract, client, stack.api)
    for template, item in contract.spec["paths"].items():
        if template == WS_PATH:
            continue
        r = await client.request("OPTIONS", api.url(template, stack.new_tenant()))
        assert r.status_code == 405 and r.json()["code"] == "method_not_allowed", r.text
        allowed = {m.strip() for m in r.headers["allow"].split(",")} - {"HEAD"}
        assert allowed == {m.upper() for m in item if m in HTTP_METHODS}, template


async def _unauthenticated(api: Api, stack: ApiAccess, tenant: str) -> None:
    for method, template, operation in api.contract.operations():
        if template != WS_PATH and operation.get("security") != []:  # [] takes no token
            body = BODIES.get((method, template))
            await api.expect(401, method, template, tenant=tenant, json=body, code="token_missing")
    expired = stack.token(tenant, ttl_s=-120)
    await api.expect(401, "GET", STATUS, tenant=tenant, token=expired, code="token_expired")
    await api.expect(401, "GET", "/sessions", token="not-a-jwt", code="token_invalid")


async def _before_initialize(api: Api, stack: ApiAccess, tenant: str) -> None:
    token = stack.token(tenant)
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
            tenant=tenant,
            token=token,
            json=BODIES.get((method, template)),
            code="session_not_found",
        )
    gone = await api.expect(200, "DELETE", SESSION, tenant=tenant, token=token)
    assert gone == {"success": True, "companyId": tenant, "deleted": False}


async def _conversations(api: Api, stack: ApiAccess, tenant: str, other: str) -> None:
    """The message store kept the connected session's messages (metadata: no bodies),
    after the session itself was deleted; a purge removes them."""
    kw: dict[str, Any] = {"tenant": tenant, "token": stack.token(tenant)}
    listed = await api.expect(200, "GET", CHATS, **kw)
    (chat,) = listed["chats"]
    ids = {"chatId": chat["chatId"]}
    thread = await api.expect(200, "GET", CHAT_THREAD, **kw, ids=ids)
    assert [m["direction"] for m in thread["messages"]] == ["out", "in"], thread
    assert {m["text"] for m in thread["messages"]} == {None}  # metadata by default
    first = {"messageId": thread["messages"][0]["messageId"]}
    await api.expect(200, "GET", STORED_MESSAGE, **kw, ids=first)
    await api.expect(200, "GET", SEARCH, **kw, params={"q": '"Hello" or -x'})
    await api.expect(400, "GET", CHATS, **kw, params={"cursor": "bm9wZQ"}, code="invalid_cursor")
    await api.expect(422, "GET", SEARCH, **kw, params={"q": ""}, code="validation_failed")
    await api.expect(
        404, "GET", CHAT_THREAD, **kw, ids={"chatId": "79000000000"}, code="chat_not_found"
    )
    await api.expect(
        404, "GET", STORED_MESSAGE, **kw, ids={"messageId": "NOPE"}, code="message_not_found"
    )
    theirs = {"tenant": other, "token": stack.token(other)}
    await api.expect(404, "GET", CHAT_THREAD, **theirs, ids=ids, code="chat_not_found")
    purged = await api.expect(200, "DELETE", SESSION, **kw, params={"purge": "true"})
    assert purged["purged"]["messages"] == 2, purged
    assert (await api.expect(200, "GET", CHATS, **kw))["chats"] == []


async def _connected_session(
    api: Api, stack: Stack, client: httpx.AsyncClient, tenant: str
) -> list[dict[str, Any]]:
    """initialize, scan, send, receive, overlimit, logout; returns the events seen."""
    token = stack.token(tenant)
    async with stack.events(tenant) as events:
        started = await api.expect(200, "POST", INITIALIZE, tenant=tenant, token=token)
        assert started["status"] == "qr", started
        # a virtual phone scans the QR, as in Stack.connect_session
        phone = await stack.new_phone(client)
        link = await client.post(f"{stack.sim}/phones/{phone}/link", json={"qr": started["qr"]})
        assert link.status_code == 200, link.text
        await stack.wait_status(client, tenant, "connected")

        again = await api.expect(200, "POST", INITIALIZE, tenant=tenant, token=token)
        assert again["status"] == "connected" and "qrDataUrl" not in again, again
        status = await api.expect(200, "GET", STATUS, tenant=tenant, token=token)
        assert (status["connected"], status["phone"]) == (True, phone), status
        health = await api.expect(200, "GET", HEALTH, tenant=tenant, token=token)
        assert health["healthy"] is True
        await api.expect(
            409,
            "POST",
            PAIRING_CODE,
            tenant=tenant,
            token=token,
            json={"phone": phone},
            code="not_pairing",
        )

        friend = await stack.new_phone(client)
        text = {"phone": "+" + friend, "message": "Hello from the contract test"}
        sent = await api.expect(200, "POST", SEND, tenant=tenant, token=token, json=text)
        assert sent["to"] == friend
        nobody = {"phone": stack.new_number(), "message": "nobody there"}
        await api.expect(
            422, "POST", SEND, tenant=tenant, token=token, json=nobody, code="not_on_whatsapp"
        )
        incoming = await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": phone, "text": "Hi tenant"}
        )
        assert incoming.status_code == 201, incoming.text

        await stack.fault(client, phone, "overlimit", count=1, seconds=1)
        await api.expect(
            429, "POST", SEND, tenant=tenant, token=token, json=text, code="rate_overlimit"
        )

        out = await api.expect(200, "POST", LOGOUT, tenant=tenant, token=token)
        assert (out["status"], out["reason"]) == ("logged_out", "logged_out_by_request")

        frames: list[dict[str, Any]] = []
        while not frames or frames[-1]["type"] != "logout":
            frames.append(await events.next())
    return frames


async def _profile(api: Api, stack: Stack, client: httpx.AsyncClient, tenant: str) -> None:
    """The account's profile and a business's, on a connected session."""
    token = stack.token(tenant)
    body = {"pushName": "Contract", "about": "about the contract"}
    await api.expect(200, "PUT", PROFILE, tenant=tenant, token=token, json=body)
    await api.expect(422, "PUT", PROFILE, tenant=tenant, token=token, json={"about": "x" * 140})
    picture = {"file": ("me.jpg", jpeg(640, 640), "image/jpeg")}
    await api.expect(200, "PUT", PICTURE, tenant=tenant, token=token, files=picture)
    tiny = {"file": ("me.jpg", jpeg(16, 16), "image/jpeg")}
    await api.expect(
        422, "PUT", PICTURE, tenant=tenant, token=token, files=tiny, code="picture_invalid"
    )
    await api.expect(200, "DELETE", PICTURE, tenant=tenant, token=token)
    shop, plain = await stack.new_phone(client), await stack.new_phone(client)
    r = await client.put(f"{stack.sim}/phones/{shop}/business", json={"categories": ["Shop"]})
    assert r.status_code == 200, r.text
    await api.expect(200, "GET", BUSINESS, tenant=tenant, token=token, ids={"phone": shop})
    await api.expect(
        404, "GET", BUSINESS, tenant=tenant, token=token, ids={"phone": plain},
        code="not_a_business",
    )  # fmt: skip


async def _status(
    api: Api, stack: Stack, client: httpx.AsyncClient, tenant: str, number: str, friend: str
) -> None:
    """A status posted to the account's contacts, and a contact's status arriving."""
    for phone, named in ((number, friend), (friend, number)):  # each in the other's book
        r = await client.put(f"{stack.sim}/phones/{phone}/address-book/{named}", json={"name": "x"})
        assert r.status_code == 200, r.text
    status = {"to": "status@broadcast", "text": "open today"}
    await api.expect(200, "POST", SEND_TEXT, tenant=tenant, token=stack.token(tenant), json=status)
    said = await client.post(
        f"{stack.sim}/phones/{friend}/messages", json={"to": "status@broadcast", "text": "hi"}
    )
    assert said.status_code == 201, said.text


async def _channels(api: Api, stack: Stack, client: httpx.AsyncClient, tenant: str) -> None:
    """Every channel route, a post refused and one made, on a connected session."""
    token, owner = stack.token(tenant), await stack.new_phone(client)
    made = await client.post(f"{stack.sim}/phones/{owner}/channels", json={"name": "Contract"})
    ids = {"channelId": made.json()["id"]}
    await api.expect(200, "GET", CHANNEL, tenant=tenant, token=token, ids=ids)
    await api.expect(200, "POST", CHANNEL_FOLLOW, tenant=tenant, token=token, ids=ids)
    await api.expect(200, "GET", CHANNELS, tenant=tenant, token=token)
    post = {"to": ids["channelId"], "text": "ours"}
    await api.expect(
        403, "POST", SEND_TEXT, tenant=tenant, token=token, json=post, code="not_channel_admin"
    )
    await api.expect(200, "GET", CHANNEL_POSTS, tenant=tenant, token=token, ids=ids,
                     params={"count": 5})  # fmt: skip
    await api.expect(200, "DELETE", CHANNEL_FOLLOW, tenant=tenant, token=token, ids=ids)
    gone = {"channelId": "120363999999999999@newsletter"}
    await api.expect(
        404, "GET", CHANNEL, tenant=tenant, token=token, ids=gone, code="channel_not_found"
    )
    await api.expect(422, "GET", CHANNEL, tenant=tenant, token=token, ids={"channelId": "x"})


async def _contacts_and_groups(api: Api, stack: Stack, client: httpx.AsyncClient) -> None:
    """Number checks, a contact, and every group route on a connected session; the
    group_update and group message events they bring."""
    tenant = stack.new_tenant()
    token = stack.token(tenant)
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        await _profile(api, stack, client, tenant)
        await _channels(api, stack, client, tenant)
        friend, member = await stack.new_phone(client), await stack.new_phone(client)
        nobody = stack.new_number()

        check = {"phones": [friend, nobody]}
        await api.expect(200, "POST", CHECK_NUMBERS, tenant=tenant, token=token, json=check)
        await api.expect(
            422, "POST", CHECK_NUMBERS, tenant=tenant, token=token, json={"phones": []}
        )
        await api.expect(200, "GET", CONTACT, tenant=tenant, token=token, ids={"phone": friend})
        await api.expect(
            422,
            "GET",
            CONTACT,
            tenant=tenant,
            token=token,
            ids={"phone": nobody},
            code="not_on_whatsapp",
        )

        create = {"subject": "Contract", "participants": [friend]}
        made = await api.expect(201, "POST", GROUPS, tenant=tenant, token=token, json=create)
        ids = {"groupId": made["group"]["groupId"]}
        await api.expect(200, "GET", GROUPS, tenant=tenant, token=token)
        await api.expect(200, "GET", GROUP, tenant=tenant, token=token, ids=ids)
        change = {"subject": "Contract 2", "description": "about the contract"}
        await api.expect(200, "PATCH", GROUP, tenant=tenant, token=token, ids=ids, json=change)
        add = {"action": "add", "participants": [member, nobody]}
        await api.expect(
            200, "POST", GROUP_PARTICIPANTS, tenant=tenant, token=token, ids=ids, json=add
        )
        await api.expect(200, "GET", GROUP_INVITE, tenant=tenant, token=token, ids=ids)
        await api.expect(200, "DELETE", GROUP_INVITE, tenant=tenant, token=token, ids=ids)
        await _group_administration(api, stack, client, tenant, ids)
        missing = {"groupId": "120363000000000000@g.us"}
        await api.expect(
            404, "GET", GROUP, tenant=tenant, token=token, ids=missing, code="group_not_found"
        )
        await api.expect(422, "GET", GROUP, tenant=tenant, token=token, ids={"groupId": "nope"})

        # another's group: joined by link, a member's message, no admin rights, left
        theirs = await client.post(
            f"{stack.sim}/phones/{friend}/groups", json={"subject": "Theirs", "participants": []}
        )
        other = {"groupId": theirs.json()["id"]}
        code = (
            await client.post(
                f"{stack.sim}/phones/{friend}/groups/{other['groupId']}/invite", json={}
            )
        ).json()["code"]
        await api.expect(200, "POST", GROUP_JOIN, tenant=tenant, token=token, json={"code": code})
        await api.expect(
            404,
            "POST",
            GROUP_JOIN,
            tenant=tenant,
            token=token,
            json={"code": "A" * 22},
            code="invite_not_found",
        )
        said = await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": other["groupId"], "text": "hi"}
        )
        assert said.status_code == 201, said.text
        await api.expect(
            403,
            "POST",
            GROUP_PARTICIPANTS,
            tenant=tenant,
            token=token,
            ids=other,
            json={"action": "remove", "participants": [friend]},
            code="not_group_admin",
        )
        await api.expect(200, "POST", GROUP_LEAVE, tenant=tenant, token=token, ids=other)
        await _status(api, stack, client, tenant, number, friend)

        frames = []
        while not {"message", "status"} <= {f["type"] for f in frames}:
            frames.append(await events.next())
    for frame in frames:
        api.contract.check_ws_frame(frame, "Event")
    kinds = {f["data"]["action"] for f in frames if f["type"] == "group_update"}
    assert {"add", "subject", "description"} <= kinds, kinds
    message = next(f for f in frames if f["type"] == "message")
    assert message["data"]["author"]["phone"] == friend, message
    assert number


async def _group_administration(
    api: Api, stack: Stack, client: httpx.AsyncClient, tenant: str, ids: dict[str, str]
) -> None:
    """Settings, a join request approved, a picture set and removed, and their refusals."""
    from devstack import media_files

    token = stack.token(tenant)
    settings = {"joinApproval": True, "disappearingTimer": "24h"}
    await api.expect(
        200, "PATCH", GROUP_SETTINGS, tenant=tenant, token=token, ids=ids, json=settings
    )
    await api.expect(
        422, "PATCH", GROUP_SETTINGS, tenant=tenant, token=token, ids=ids,
        json={"disappearingTimer": "1h"}, code="validation_failed",
    )  # fmt: skip
    code = (await api.expect(200, "GET", GROUP_INVITE, tenant=tenant, token=token, ids=ids))["code"]
    asker = await stack.new_phone(client)
    asked = await client.post(f"{stack.sim}/phones/{asker}/groups/join", json={"code": code})
    assert asked.json()["pending"], asked.text
    listed = await api.expect(200, "GET", GROUP_REQUESTS, tenant=tenant, token=token, ids=ids)
    assert [r["phone"] for r in listed["requests"]] == [asker]
    answer = {"action": "approve", "participants": [asker]}
    await api.expect(200, "POST", GROUP_REQUESTS, tenant=tenant, token=token, ids=ids, json=answer)
    picture = {"file": ("logo.png", media_files.png(4096), "image/png")}
    await api.expect(200, "PUT", GROUP_PICTURE, tenant=tenant, token=token, ids=ids, files=picture)
    await api.expect(
        422, "PUT", GROUP_PICTURE, tenant=tenant, token=token, ids=ids,
        files={"file": ("x.png", b"not a picture", "image/png")}, code="invalid_image",
    )  # fmt: skip
    await api.expect(200, "DELETE", GROUP_PICTURE, tenant=tenant, token=token, ids=ids)


async def _waiting_session(api: Api, stack: Stack, client: httpx.AsyncClient, tenant: str) -> None:
    """A session waiting for its scan: unhealthy, cannot send, can give a pairing code."""
    token = stack.token(tenant)
    waiting = await api.expect(200, "POST", INITIALIZE, tenant=tenant, token=token)
    assert waiting["status"] == "qr" and waiting["qrTerminal"], waiting
    unhealthy = await api.expect(
        503, "GET", HEALTH, tenant=tenant, token=token, code="session_unhealthy"
    )
    assert unhealthy["problem"] == "session is qr", unhealthy
    await api.expect(
        409,
        "POST",
        SEND,
        tenant=tenant,
        token=token,
        json=BODIES["POST", SEND],
        code="session_not_connected",
    )
    await api.expect(
        422,
        "POST",
        PAIRING_CODE,
        tenant=tenant,
        token=token,
        json={"phone": stack.new_number()},
        code="phone_not_found",
    )
    phone = await stack.new_phone(client)
    paired = await api.expect(
        200, "POST", PAIRING_CODE, tenant=tenant, token=token, json={"phone": "+" + phone}
    )
    assert paired["status"] == "qr" and paired["pairingCode"], paired


async def _lists_and_metrics(api: Api, stack: Stack, tenant: str) -> None:
    token, admin = stack.token(tenant), stack.admin_token()
    listed = await api.expect(200, "GET", "/sessions", token=token)
    assert [s["companyId"] for s in listed["sessions"]] == [tenant]
    listed = await api.expect(200, "GET", "/sessions", token=admin)
    assert tenant in {s["companyId"] for s in listed["sessions"]}

    metrics = await api.expect(200, "GET", "/metrics", token=admin)
    assert metrics["metrics"]["totalSessions"] >= 2 and metrics["metrics"]["messagesSent"] >= 1
    text = await api.expect(200, "GET", "/metrics/prometheus", token=admin)
    assert "\nwhatsapp_sessions_total" in text
    for template in ("/metrics", "/metrics/prometheus"):
        await api.expect(403, "GET", template, token=token, code="admin_required")


async def _scoping_and_bad_input(api: Api, stack: ApiAccess, tenant: str, other: str) -> None:
    token, admin = stack.token(tenant), stack.admin_token()
    company_routes = [(m, t) for m, t, _ in api.contract.operations() if "{companyId}" in t]

    # another tenant's company looks like no session at all; a malformed id is a 400
    for method, template in company_routes:
        body = BODIES.get((method, template))
        # operators only, whichever company
        if (method, template) in (
            ("PATCH", TENANT),
            ("PUT", TENANT_PACING),
            ("PUT", TENANT_PROXY),
            ("DELETE", TENANT_PROXY),
        ):
            await api.expect(
                403, method, template, tenant=other, token=token, json=body, code="admin_required"
            )
        else:
            await api.expect(
                404,
                method,
                template,
                tenant=other,
                token=token,
                json=body,
                code="session_not_found",
            )
        await api.expect(
            400,
            method,
            template,
            tenant="has.dot",
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
        (SEND, {**BODIES["POST", SEND], "extra": 1}),
        (PAIRING_CODE, {"phone": "123"}),
        (PAIRING_CODE, {}),
        (PAIRING_CODE, {**BODIES["POST", PAIRING_CODE], "extra": 1}),
    ]:
        error = await api.expect(
            422,
            "POST",
            template,
            tenant=tenant,
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
                tenant=tenant,
                token=token,
                headers=as_json,
                content=raw,
                code="invalid_json",
            )
        await api.expect(
            413,
            "POST",
            template,
            tenant=tenant,
            token=token,
            headers=as_json,
            content=huge,
            code="body_too_large",
        )


async def _restart_and_delete(api: Api, stack: ApiAccess, tenant: str) -> None:
    token = stack.token(tenant)
    restarted = await api.expect(200, "POST", RESTART, tenant=tenant, token=token)
    assert restarted["status"] == "qr", restarted  # logged out before: pairs again
    gone = await api.expect(200, "DELETE", SESSION, tenant=tenant, token=token)
    assert gone == {"success": True, "companyId": tenant, "deleted": True}
    await api.expect(404, "GET", STATUS, tenant=tenant, token=token, code="session_not_found")


async def _websocket(api: Api, stack: Stack, tenant: str, other: str) -> None:
    token, admin = stack.token(tenant), stack.admin_token()
    assert api.ws_url == stack.ws_url
    async with websockets.connect(f"{api.ws_url}?token={token}") as ws:
        subscribed = json.loads(await asyncio.wait_for(ws.recv(), 5))
    api.contract.check_ws_frame(subscribed, "Subscribed")
    assert subscribed == {"type": "subscribed", "companyId": tenant}
    for query, close in [
        ("", 4401),
        ("?token=garbage", 4401),
        (f"?token={stack.token(tenant, ttl_s=-120)}", 4401),
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


async def _tenants_and_api_keys(api: Api, stack: ApiAccess, client: httpx.AsyncClient) -> None:
    """Tenants (admin), API keys (the tenant), scopes, revocation, disabling, send limits."""
    admin = stack.admin_token()
    tenant = stack.new_tenant()
    token = stack.token(tenant)
    as_json = {"Content-Type": JSON}

    body = {"companyId": tenant, "name": "Contract Ltd", "sendRatePerMinute": 1}
    created = await api.expect(201, "POST", TENANTS, token=admin, json=body)
    assert created["tenant"]["sendRatePerMinute"] == 1 and not created["tenant"]["disabled"]
    await api.expect(409, "POST", TENANTS, token=admin, json=body, code="tenant_exists")
    await api.expect(403, "POST", TENANTS, token=token, json=body, code="admin_required")
    await api.expect(
        422, "POST", TENANTS, token=admin, json={"companyId": "has.dot"}, code="validation_failed"
    )
    await api.expect(
        400, "POST", TENANTS, token=admin, headers=as_json, content=b"[", code="invalid_json"
    )
    huge = json.dumps({"companyId": "x", "name": "x" * 70_000}).encode()
    await api.expect(
        413, "POST", TENANTS, token=admin, headers=as_json, content=huge, code="body_too_large"
    )
    listed = await api.expect(200, "GET", TENANTS, token=admin)
    assert tenant in {t["companyId"] for t in listed["tenants"]}
    await api.expect(403, "GET", TENANTS, token=token, code="admin_required")
    mine = await api.expect(200, "GET", TENANT, tenant=tenant, token=token)
    assert mine["tenant"]["name"] == "Contract Ltd"
    unknown = stack.new_tenant()
    await api.expect(404, "GET", TENANT, tenant=unknown, token=admin, code="tenant_not_found")
    await api.expect(
        404,
        "PATCH",
        TENANT,
        tenant=unknown,
        token=admin,
        json={"name": "x"},
        code="tenant_not_found",
    )
    await api.expect(
        422, "PATCH", TENANT, tenant=tenant, token=admin, json={}, code="validation_failed"
    )

    # API keys: shown once, scoped, revocable
    made = await api.expect(
        201, "POST", API_KEYS, tenant=tenant, token=token, json={"name": "ro", "scopes": ["read"]}
    )
    key, key_id = made["key"], made["apiKey"]["id"]
    assert made["apiKey"]["prefix"] == key[: len(made["apiKey"]["prefix"])]
    keys = await api.expect(200, "GET", API_KEYS, tenant=tenant, token=token)
    assert [k["id"] for k in keys["apiKeys"]] == [key_id] and "key" not in keys["apiKeys"][0]
    await api.expect(
        422,
        "POST",
        API_KEYS,
        tenant=tenant,
        token=token,
        json={"name": "x", "scopes": ["root"]},
        code="validation_failed",
    )
    with_key = {"X-API-Key": key}
    await api.expect(404, "GET", STATUS, tenant=tenant, headers=with_key, code="session_not_found")
    await api.expect(
        403,
        "POST",
        SEND,
        tenant=tenant,
        headers=with_key,
        json=BODIES["POST", SEND],
        code="insufficient_scope",
    )
    await api.expect(
        403, "GET", API_KEYS, tenant=tenant, headers=with_key, code="insufficient_scope"
    )
    forged = {"X-API-Key": key[:-4] + "AAAA"}
    await api.expect(401, "GET", STATUS, tenant=tenant, headers=forged, code="api_key_invalid")
    revoked = await api.expect(
        200, "DELETE", API_KEY, tenant=tenant, token=token, ids={"keyId": key_id}
    )
    assert revoked["apiKey"]["revokedAt"] is not None
    again = await api.expect(
        200, "DELETE", API_KEY, tenant=tenant, token=token, ids={"keyId": key_id}
    )
    assert again["apiKey"]["revokedAt"] == revoked["apiKey"]["revokedAt"]
    await api.expect(401, "GET", STATUS, tenant=tenant, headers=with_key, code="api_key_revoked")
    await api.expect(404, "DELETE", API_KEY, tenant=tenant, token=token, code="api_key_not_found")

    # the tenant's own send limit (1 a minute): the second send is refused before the bus
    first, _ = await api.response(
        404, "POST", SEND, tenant=tenant, token=token, json=BODIES["POST", SEND]
    )
    assert first.headers["X-RateLimit-Limit"] == "1", first.headers
    limited, _ = await api.response(
        429,
        "POST",
        SEND,
        tenant=tenant,
        token=token,
        json=BODIES["POST", SEND],
        code="rate_limited",
    )
    assert (
        int(limited.headers["Retry-After"]) >= 1 and limited.headers["X-RateLimit-Remaining"] == "0"
    )

    # disabling refuses the tenant's tokens; enabling lets them in again
    off = await api.expect(
        200, "PATCH", TENANT, tenant=tenant, token=admin, json={"disabled": True}
    )
    assert off["tenant"]["disabled"] and off["tenant"]["disabledAt"]
    await api.expect(403, "GET", TENANT, tenant=tenant, token=token, code="tenant_disabled")
    await api.expect(200, "PATCH", TENANT, tenant=tenant, token=admin, json={"disabled": False})
    await api.expect(200, "GET", TENANT, tenant=tenant, token=token)


async def _streams(api: Api, stack: Stack, tenant: str, other: str) -> None:
    """A tenant's event stream: add (credentials never shown), list, scoping, refusals,
    delete."""
    token, admin = stack.token(tenant), stack.admin_token()
    body = {"kind": "amqp", "url": "amqp://u:s3cret@127.0.0.1:9/", "target": "acme"}
    made = await api.expect(201, "POST", STREAMS, token=token, json=body)
    ids = {"streamId": made["stream"]["id"]}
    assert made["stream"]["url"] == "amqp://127.0.0.1:9/"
    await api.expect(400, "POST", STREAMS, token=admin, json=body, code="company_required")
    await api.expect(
        404,
        "POST",
        STREAMS,
        token=token,
        json={**body, "companyId": other},
        code="company_not_found",
    )
    for invalid, code in [
        ({**body, "kind": "kafka"}, "validation_failed"),
        ({**body, "url": "amqp://169.254.169.254/"}, "url_not_allowed"),
    ]:
        await api.expect(422, "POST", STREAMS, token=token, json=invalid, code=code)
    listed = await api.expect(200, "GET", STREAMS, token=token)
    assert [s["id"] for s in listed["streams"]] == [ids["streamId"]]
    await api.expect(400, "GET", STREAMS, token=admin, code="company_required")
    await api.expect(
        404, "GET", STREAMS, token=token, params={"companyId": other}, code="company_not_found"
    )
    await api.expect(200, "GET", STREAM, token=admin, ids=ids)
    await api.expect(404, "GET", STREAM, token=stack.token(other), ids=ids, code="stream_not_found")
    await api.expect(
        400,
        "GET",
        STREAM,
        token=admin,
        ids=ids,
        params={"companyId": "has.dot"},
        code="invalid_company_id",
    )
    await api.expect(200, "DELETE", STREAM, token=token, ids=ids)
    await api.expect(404, "DELETE", STREAM, token=token, ids=ids, code="stream_not_found")


async def _webhooks(api: Api, stack: Stack, receiver: Receiver, tenant: str, other: str) -> None:
    """An endpoint's whole life: register, test delivery, list, replay, rotate, disable."""
    token, admin = stack.token(tenant), stack.admin_token()
    url = receiver.add()
    made = await api.expect(
        201, "POST", WEBHOOKS, token=token, json={"url": url, "eventTypes": ["message"]}
    )
    endpoint = made["endpoint"]["id"]
    ids = {"endpointId": endpoint}
    receiver.behaviour(url).secret = made["secret"]

    await api.expect(400, "POST", WEBHOOKS, token=admin, json={"url": url}, code="company_required")
    await api.expect(
        404,
        "POST",
        WEBHOOKS,
        token=token,
        json={"url": url, "companyId": other},
        code="company_not_found",
    )
    for invalid, code in [
        ({"url": url, "eventTypes": ["nope"]}, "validation_failed"),
        ({"url": url, "headers": {"Content-Type": "x"}}, "validation_failed"),
        ({"url": "ftp://example.com/hook"}, "url_not_allowed"),
    ]:
        error = await api.expect(422, "POST", WEBHOOKS, token=token, json=invalid, code=code)
        assert error["details"], error
    listed = await api.expect(200, "GET", WEBHOOKS, token=token)
    assert [e["id"] for e in listed["endpoints"]] == [endpoint]
    assert "secret" not in listed["endpoints"][0]
    await api.expect(400, "GET", WEBHOOKS, token=admin, code="company_required")
    await api.expect(
        404, "GET", WEBHOOKS, token=token, params={"companyId": other}, code="company_not_found"
    )
    await api.expect(200, "GET", WEBHOOK, token=admin, ids=ids)
    await api.expect(
        404, "GET", WEBHOOK, token=stack.token(other), ids=ids, code="webhook_not_found"
    )
    await api.expect(
        400,
        "GET",
        WEBHOOK,
        token=admin,
        ids=ids,
        params={"companyId": "has.dot"},
        code="invalid_company_id",
    )
    changed = await api.expect(
        200, "PATCH", WEBHOOK, token=token, ids=ids, json={"description": "crm"}
    )
    assert changed["endpoint"]["description"] == "crm"
    await api.expect(422, "PATCH", WEBHOOK, token=token, ids=ids, json={}, code="validation_failed")

    # a test event goes out signed; its delivery and attempt are on record
    queued = await api.expect(202, "POST", WEBHOOK_TEST, token=token, ids=ids)
    [received] = await receiver.wait_accepted(url, 1)
    assert received.webhook_id == queued["eventId"]
    delivery = {**ids, "deliveryId": str(queued["deliveryId"])}
    # the receiver has it; the dispatcher records the outcome right after
    deadline = time.monotonic() + 10
    while True:
        detail = await api.expect(200, "GET", DELIVERY, token=token, ids=delivery)
        if detail["delivery"]["status"] != "pending" or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.05)
    assert detail["delivery"]["payload"]["type"] == "webhook_test"
    assert detail["delivery"]["status"] == "delivered", detail
    page = await api.expect(
        200, "GET", DELIVERIES, token=token, ids=ids, params={"status": "delivered"}
    )
    assert [d["id"] for d in page["deliveries"]] == [queued["deliveryId"]]
    await api.expect(
        422,
        "GET",
        DELIVERIES,
        token=token,
        ids=ids,
        params={"limit": "0"},
        code="validation_failed",
    )
    attempts = await api.expect(200, "GET", ATTEMPTS, token=token, ids=ids)
    assert [a["outcome"] for a in attempts["attempts"]] == ["delivered"]
    await api.expect(
        422,
        "GET",
        ATTEMPTS,
        token=token,
        ids=ids,
        params={"outcome": "maybe"},
        code="validation_failed",
    )
    await api.expect(
        404,
        "GET",
        DELIVERY,
        token=token,
        ids={**ids, "deliveryId": "999999999"},
        code="delivery_not_found",
    )

    # replays: one delivery again (same webhook-id), and a time range of dead letters
    replayed = await api.expect(202, "POST", DELIVERY_REPLAY, token=token, ids=delivery)
    assert (replayed["previousStatus"], replayed["status"]) == ("delivered", "pending")
    second = await receiver.wait_accepted(url, 2)
    assert second[1].webhook_id == queued["eventId"]
    ranged = await api.expect(
        202, "POST", REPLAY, token=token, ids=ids, json={"since": "2025-01-01T00:00:00Z"}
    )
    assert ranged["replayed"] == 0  # nothing was dead-lettered
    await api.expect(
        422, "POST", REPLAY, token=token, ids=ids, json={"since": "soon"}, code="validation_failed"
    )

    rotated = await api.expect(200, "POST", ROTATE, token=token, ids=ids)
    assert rotated["secret"] != made["secret"] and rotated["endpoint"]["previousSecretExpiresAt"]
    await api.expect(
        422,
        "POST",
        ROTATE,
        token=token,
        ids=ids,
        json={"overlapSeconds": -1},
        code="validation_failed",
    )

    await api.expect(200, "PATCH", WEBHOOK, token=token, ids=ids, json={"enabled": False})
    for method, template, path_ids in [
        ("POST", WEBHOOK_TEST, ids),
        ("POST", DELIVERY_REPLAY, delivery),
    ]:
        await api.expect(409, method, template, token=token, ids=path_ids, code="endpoint_disabled")
    gone = await api.expect(200, "DELETE", WEBHOOK, token=token, ids=ids)
    assert gone == {"success": True, "id": endpoint, "deleted": True}
    await api.expect(404, "GET", WEBHOOK, token=token, ids=ids, code="webhook_not_found")


# ---- failures: a gateway of our own, against a dead Redis, no connector, or strict limits ---


async def _every_route_fails(api: Api, stack: Stack, tenant: str, status: int, code: str) -> None:
    token, admin = stack.token(tenant), stack.admin_token()
    # all at once: each may wait out the gateway's command timeout
    await asyncio.gather(
        *(
            api.expect(
                status,
                method,
                template,
                tenant=tenant,
                token=admin if template.startswith("/metrics") else token,
                json=BODIES.get((method, template)),
                code=code,
            )
            for method, template, operation in api.contract.operations()
            if BUS_TAGS & set(operation["tags"])
        )
    )


@contextlib.asynccontextmanager
async def _api_of(contract: Contract, gateway: Stack) -> AsyncIterator[Api]:
    """An Api on an extra gateway, with an HTTP client of its own: the next extra gateway
    may get the same port, and a pooled connection to this one would meet it closed."""
    async with httpx.AsyncClient(timeout=20) as client:
        yield Api(contract, client, gateway.api)


async def test_bus_failures_honour_the_contract(stack: Stack, contract: Contract) -> None:
    tenant = stack.new_tenant()

    # Redis unreachable: 503 bus_unavailable everywhere; the socket subscribes, then 1011
    async with (
        stack.extra_gateway(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0") as dead,
        _api_of(contract, dead) as api,
    ):
        await _every_route_fails(api, stack, tenant, 503, "bus_unavailable")
        async with websockets.connect(f"{api.ws_url}?token={stack.token(tenant)}") as ws:
            contract.check_ws_frame(json.loads(await asyncio.wait_for(ws.recv(), 5)), "Subscribed")
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 5)
        contract.check_ws_close(ws.close_code, None)

    # no connector reads this bus: 504 connector_timeout everywhere
    prefix = f"wagate-contract-{secrets.token_hex(4)}"
    try:
        async with (
            stack.extra_gateway(WAGATE_REDIS_PREFIX=prefix, WAGATE_COMMAND_TIMEOUT="0.3") as lonely,
            _api_of(contract, lonely) as api,
        ):
            await _every_route_fails(api, stack, tenant, 504, "connector_timeout")
    finally:  # the unanswered commands stay queued under the prefix: remove them
        redis = Redis.from_url(stack.env["REDIS_URL"])
        try:
            async for key in redis.scan_iter(match=f"{prefix}:*"):
                await redis.delete(key)
        finally:
            await redis.aclose()


async def test_auth_failure_limit_honours_the_contract(stack: Stack, contract: Contract) -> None:
    """Past the per-address limit of failed authentications every route answers 429 with
    Retry-After, a valid token's included (issue 13, defect 6)."""
    tenant = stack.new_tenant()
    prefix = f"wagate-contract-{secrets.token_hex(4)}"  # its own limiter keys
    async with (
        stack.extra_gateway(
            WAGATE_REDIS_PREFIX=prefix, WAGATE_AUTH_FAILURES_PER_MINUTE="2"
        ) as strict,
        _api_of(contract, strict) as api,
    ):
        for _ in range(2):
            await api.expect(401, "GET", TENANTS, token="not-a-jwt", code="token_invalid")
        for method, template, operation in contract.operations():
            if template != WS_PATH and operation.get("security") != []:
                r, _ = await api.response(
                    429,
                    method,
                    template,
                    tenant=tenant,
                    token="not-a-jwt",
                    json=BODIES.get((method, template)),
                    code="too_many_auth_failures",
                )
                assert int(r.headers["Retry-After"]) >= 1, r.headers
        await api.expect(
            429, "GET", TENANTS, token=stack.admin_token(), code="too_many_auth_failures"
        )


# ---- messaging (issue 17) -------------------------------------------------------------

LOCATION = "/sessions/{companyId}/messages/location"
CONTACTS = "/sessions/{companyId}/messages/contacts"
POLL = "/sessions/{companyId}/messages/poll"
REACTION = "/sessions/{companyId}/messages/reaction"
CHAT_MESSAGE = "/sessions/{companyId}/chats/{chatId}/messages/{messageId}"
READ = "/sessions/{companyId}/chats/{chatId}/read"
CHAT_PRESENCE = "/sessions/{companyId}/chats/{chatId}/presence"
PRESENCE = "/sessions/{companyId}/presence"


async def test_messaging_honours_the_contract(
    stack: Stack, client: httpx.AsyncClient, contract: Contract
) -> None:
    """Each messaging route's answers, and each messaging event's frame, as declared."""
    api = Api(contract, client, stack.api)
    tenant = stack.new_tenant()
    token = stack.token(tenant)
    r = await client.post(
        f"{stack.api}/tenants",
        headers=stack.admin(),
        json={"companyId": tenant, "presenceEvents": True},
    )
    assert r.status_code == 201, r.text
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        friend = await stack.new_phone(client)
        chat = {"chatId": friend}
        kw: dict[str, Any] = {"tenant": tenant, "token": token}
        sent = await api.expect(
            200, "POST", LOCATION, **kw, json={"to": friend, "latitude": 1.5, "longitude": 2}
        )
        contacts = {"to": friend, "contacts": [{"name": "A", "phones": ["79161234567"]}]}
        await api.expect(200, "POST", CONTACTS, **kw, json=contacts)
        poll = await api.expect(
            200, "POST", POLL, **kw, json={"to": friend, "question": "Q", "options": ["a", "b"]}
        )
        reaction = {"to": friend, "messageId": sent["messageId"], "emoji": "👍"}
        await api.expect(200, "POST", REACTION, **kw, json=reaction)
        unknown = {**reaction, "messageId": "3EB0UNKNOWN"}
        await api.expect(404, "POST", REACTION, **kw, json=unknown, code="message_not_found")
        await api.expect(422, "POST", POLL, **kw, json={"to": friend}, code="validation_failed")
        ids = {**chat, "messageId": sent["messageId"]}
        await api.expect(200, "PUT", CHAT_MESSAGE, **kw, ids=ids, json={"text": "moved"})
        await api.expect(200, "DELETE", CHAT_MESSAGE, **kw, ids=ids)
        incoming = await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "hi"}
        )
        theirs = {**chat, "messageId": incoming.json()["id"]}
        await events.until("message")  # logged by now
        await api.expect(
            422, "PUT", CHAT_MESSAGE, **kw, ids=theirs, json={"text": "x"}, code="not_own_message"
        )
        marked = await api.expect(
            200, "POST", READ, **kw, ids=chat, json={"upTo": theirs["messageId"]}
        )
        assert marked["messageIds"] == [theirs["messageId"]]
        await api.expect(200, "POST", CHAT_PRESENCE, **kw, ids=chat, json={"state": "paused"})
        await api.expect(200, "POST", PRESENCE, **kw, json={"available": True})

        phone = f"{stack.sim}/phones/{friend}"
        for path, body in (
            ("reactions", {"to": number, "messageId": sent["messageId"], "emoji": "🎉"}),
            ("edits", {"to": number, "messageId": theirs["messageId"], "text": "hey"}),
            ("revokes", {"to": number, "messageId": theirs["messageId"]}),
            ("votes", {"to": number, "pollId": poll["messageId"], "options": ["b"]}),
            ("presence", {"to": number, "state": "recording"}),
            ("messages/poll", {"to": number, "question": "Q", "options": ["x", "y"]}),
        ):
            r = await client.post(f"{phone}/{path}", json=body)
            assert r.status_code in (200, 201), r.text
        wanted = {"reaction", "message_edited", "message_revoked", "poll_vote", "presence"}
        while wanted:
            frame = await events.next()
            contract.check_ws_frame(frame, "Event")
            wanted.discard(frame["type"])
        frame = await events.until("message")
        contract.check_ws_frame(frame, "Event")
        assert frame["data"]["type"] == "poll"
