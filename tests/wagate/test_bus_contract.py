"""The bus contract: typed payloads and results, one codec, no HTTP in the connector's
replies (the gateway derives the status from the error code)."""

from __future__ import annotations

import json
import secrets

import pytest

from devstack.stack import REDIS_URL
from gateway.bus_client import BusClient, RedisBus
from gateway.errors import ApiError
from gateway.session_views import session_json
from wagate import bus
from wagate.bus import BusKeys, Command, CommandType, Reply, legacy_sends
from wagate.bus.codec import encode
from wagate.content import (
    ContactCard,
    Contacts,
    Edit,
    LinkPreview,
    Location,
    MediaFile,
    Pin,
    Poll,
    Reaction,
    Revoke,
    SendContent,
    Text,
)
from wagate.deadlines import CancellableRedis


def test_send_keeps_its_wire_form() -> None:
    """The stream entry an older connector reads is unchanged: same keys, a quote that
    is absent stays absent (Idempotency-Key records hash this form)."""
    plain = Command.of("co", bus.SendMessage("79001234567", Text("hi")))
    assert json.loads(plain.to_fields()["payload"]) == {"phone": "79001234567", "message": "hi"}
    quoted = Command.of("co", bus.SendMessage("79001234567", Text("hi"), "MSG1"))
    assert json.loads(quoted.to_fields()["payload"])["quotedMessageId"] == "MSG1"
    assert plain.to_fields()["tenant_id"] == "co"
    # v0.1.0 readers know the tenant as company_id: both names, one value, until v0.4.0
    assert plain.to_fields()["company_id"] == "co"


def test_an_event_entry_of_any_release_decodes_to_its_tenant() -> None:
    """v0.1.0 wrote company_id, v0.2.0 tenant_id; an entry still on a stream (or in the
    event log, relayed after the upgrade) is read as its tenant's, never as nobody's."""
    event = bus.Event(bus.EventType.MESSAGE, "co", {"text": "hi"}, 1767225600000, "evt_1")
    fields = event.to_fields()
    assert (fields["tenant_id"], fields["company_id"]) == ("co", "co")
    for name in ("tenant_id", "company_id"):
        older = {k: v for k, v in fields.items() if k not in ("tenant_id", "company_id")}
        assert bus.Event.from_fields({**older, name: "co"}) == event
    with pytest.raises(ValueError, match="two tenants"):
        bus.Event.from_fields({**fields, "company_id": "other"})
    with pytest.raises(ValueError, match="no tenant"):
        bus.Event.from_fields({**fields, "tenant_id": "", "company_id": ""})


def test_a_command_says_its_scope_and_one_naming_no_tenant_cannot_be_made() -> None:
    operator = Command.from_fields(Command.for_operator(bus.ListSessions()).to_fields())
    assert (operator.scope, operator.tenant_id) == (bus.CommandScope.OPERATOR, None)
    own = Command.from_fields(Command.of("co", bus.ListSessions()).to_fields())
    assert (own.scope, own.tenant) == (bus.CommandScope.TENANT, "co")
    for kind in (CommandType.LIST, CommandType.SEND_MESSAGE):
        with pytest.raises(bus.CommandRefused, match="no tenant"):
            Command(kind, None)
    with pytest.raises(bus.CommandRefused, match="operator scope"):
        Command.for_operator(bus.SendMessage("79001234567", Text("hi")))
    with pytest.raises(bus.CommandRefused, match="tenant scope"):
        Command.of("co", bus.Metrics())


def test_each_command_decodes_to_its_own_payload_type() -> None:
    fields = Command(CommandType.PAIRING_CODE, "co", {"phone": "5511999990000"}).to_fields()
    decoded = Command.from_fields(fields)
    assert decoded.body() == bus.PairingCode("5511999990000")
    assert Command.from_fields(Command.of("co", bus.Stop()).to_fields()).body() == bus.Stop()
    assert set(bus.PAYLOADS) == set(CommandType)


def test_a_malformed_payload_is_refused_when_read_not_when_run() -> None:
    fields = Command.of("co", bus.Status()).to_fields()
    with pytest.raises(ValueError):
        Command.from_fields({**fields, "type": "send", "payload": '{"phone":"1"}'})
    with pytest.raises(ValueError):
        Command.from_fields({**fields, "type": "send", "payload": "[1]"})
    with pytest.raises(TypeError):
        Command(CommandType.SEND_MESSAGE, "co", bus.Status())


def test_replies_carry_a_code_and_no_http_status() -> None:
    wire = json.loads(Reply.failure("rate_overlimit", "slow down", 2.2).to_json())
    assert "status" not in wire and wire["code"] == "rate_overlimit"


def test_results_round_trip_typed() -> None:
    view = bus.SessionView("co", "qr", None, None, "2026-01-01T00:00:00.000Z", 0, "QR", "sim")
    reply = Reply.from_json(Reply.success(bus.SessionList([view])).to_json())
    assert reply.result(bus.SessionList) == bus.SessionList([view])
    health = bus.SessionHealth(view, bus.HealthCheck(False, "t", problem="session is qr"))
    assert Reply.from_json(Reply.success(health).to_json()).result(bus.SessionHealth) == health


def test_an_optional_nested_result_round_trips_typed_and_stays_off_the_wire_when_none() -> None:
    said = bus.GroupInfo("1@g.us", "T", settings=bus.GroupSettings(locked=True), picture_id="")
    assert Reply.from_json(Reply.success(said).to_json()).result(bus.GroupInfo) == said
    unsaid = bus.GroupInfo("1@g.us", "T")
    assert "settings" not in Reply.success(unsaid).data
    assert Reply.from_json(Reply.success(unsaid).to_json()).result(bus.GroupInfo) == unsaid


def test_the_gateway_renders_the_session_in_the_apis_shape() -> None:
    view = bus.SessionView(
        "co", "connected", "7900", None, "2026-01-01T00:00:00.000Z", 2, None, "sim"
    )
    assert session_json(view) == {
        "companyId": "co",
        "status": "connected",
        "connected": True,
        "phone": "7900",
        "reason": None,
        "since": "2026-01-01T00:00:00.000Z",
        "reconnectAttempts": 2,
        "qr": None,
        "engine": "sim",
        "until": None,
        "restriction": None,
        "restrictedUntil": None,
    }


async def _refusal(reply: Reply) -> ApiError:
    """The gateway's answer to `reply`, waiting for it in a real Redis (a private prefix)."""
    keys = BusKeys(f"wagate-contract-{secrets.token_hex(4)}")
    command = Command.of("co", bus.Status())
    redis = CancellableRedis.from_url(REDIS_URL)
    try:
        await redis.lpush(keys.reply(command.id), reply.to_json())
        client = BusClient(RedisBus(redis, keys, 1.0))
        with pytest.raises(ApiError) as raised:
            await client.call_ok(command, bus.SessionView)
        return raised.value
    finally:
        leftover = [k async for k in redis.scan_iter(match=f"{keys.prefix}*")]
        if leftover:
            await redis.delete(*leftover)
        await redis.aclose()


async def test_the_gateway_picks_the_status_from_the_code() -> None:
    slow = await _refusal(Reply.failure("rate_overlimit", "slow down", 2.2))
    assert (slow.status, slow.code, slow.headers) == (429, "rate_overlimit", {"Retry-After": "3"})
    missing = await _refusal(Reply.failure("session_not_found", "no session"))
    assert (missing.status, missing.headers) == (404, None)
    unknown = await _refusal(Reply.failure("some_whatsapp_refusal", "refused"))
    assert unknown.status == 502


SENT_KINDS = [
    Text("hi"),
    MediaFile("voice", url="https://files.example/note.ogg", convert=True),
    Location(55.75, 37.62, "Red Square", "Moscow"),
    Contacts([ContactCard("Ann", "BEGIN:VCARD\nEND:VCARD")]),
    Poll("Lunch?", ["yes", "no"], 1),
    Reaction("3EB0A", "👍"),
    Edit("3EB0A", "fixed"),
    Revoke("3EB0A"),
]


@pytest.mark.parametrize("content", SENT_KINDS, ids=lambda c: type(c).__name__)
def test_every_kind_of_message_is_one_command_that_the_previous_release_still_runs(
    content: SendContent,
) -> None:
    """send_message carries its content tagged by kind; on the wire it is still the
    command v0.2.0 had for that kind, so a v0.2.0 connector runs it, and it reads back
    as the same send_message."""
    command = Command.of("co", bus.SendMessage("79001234567", content, "3EB0Q"))
    assert encode(command.body())["content"]["kind"] in type(content).TAGS
    fields = command.to_fields()
    assert fields["type"] in legacy_sends.COMMANDS and fields["type"] != "send_message"
    assert Command.from_fields(fields).body() == command.body()


def test_a_content_without_its_kind_is_refused_as_malformed() -> None:
    fields = Command.of("co", bus.Status()).to_fields()
    for content in ({"text": "hi"}, {"kind": 7, "text": "hi"}, "hi"):
        payload = json.dumps({"chat": "79001234567", "content": content})
        with pytest.raises(bus.CommandRefused) as refused:
            Command.from_fields({**fields, "type": "send_message", "payload": payload})
        assert refused.value.code == "invalid_command"


def test_a_kind_the_previous_release_lacks_is_written_as_send_message() -> None:
    command = Command.of("co", bus.SendMessage("79001234567", Pin("3EB0A", 86400)))
    fields = command.to_fields()
    assert fields["type"] == "send_message"
    content = {"kind": "pin", "messageId": "3EB0A", "durationS": 86400}
    assert json.loads(fields["payload"]) == {"chat": "79001234567", "content": content}
    assert Command.from_fields(fields).body() == command.body()


@pytest.mark.parametrize(
    "content",
    [
        Text("@79001234567", ["79001234567"]),
        Text("@all", None, True),
        MediaFile("image", url="https://files.example/a.png", view_once=True),
        Text("fwd", forwarded=True),
        Text("see https://a.example", link_preview=LinkPreview("https://a.example", build=True)),
        MediaFile("image", mimetype="image/png", media_id="med_1", size_bytes=9, forwarded=True),
    ],
    ids=["mentions", "mention_all", "view_once", "forwarded", "link_preview", "media_id"],
)
def test_an_option_the_previous_release_lacks_is_written_as_send_message(
    content: SendContent,
) -> None:
    """A v0.2.0 connector would send a v0.2.0 command without the option (a mention, view
    once): as send_message it refuses it (unknown_command) instead."""
    command = Command.of("co", bus.SendMessage("79001234567", content))
    fields = command.to_fields()
    assert fields["type"] == "send_message"
    assert Command.from_fields(fields).body() == command.body()
