"""The Chatwoot bridge's own logic without processes: what its two webhooks take, queue
or refuse (never a 500), which Chatwoot webhooks are replies to send, what an agent reads
for each kind of WhatsApp message, and how its workers treat each kind of failure."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from svix.webhooks import Webhook

from integrations.chatwoot.app import Receivers, bridge_app
from integrations.chatwoot.chatwoot_api import Attachment
from integrations.chatwoot.errors import NotFound, Refused, Unavailable, raise_for
from integrations.chatwoot.inbound import Inbound, _content
from integrations.chatwoot.main import missing_settings
from integrations.chatwoot.store import TO_CHATWOOT, TO_WHATSAPP, ChatLink, Job
from integrations.chatwoot.wagate_api import media_kind
from integrations.chatwoot.worker import Worker
from wagate.config import Settings

SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TOKEN = "callback-token-0123456789"


@dataclass
class StubStore:
    """The store's calls the receivers and workers make, in memory."""

    conversations: dict[int, str] = field(default_factory=lambda: {41: "79001112233"})
    queued: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    retries: list[tuple[int, float]] = field(default_factory=list)
    finished: list[tuple[int, str | None]] = field(default_factory=list)
    down: bool = False
    jobs: list[Job] = field(default_factory=list)

    async def next_job(self, direction: str) -> tuple[Job | None, float]:
        return (self.jobs.pop(0), 0.0) if self.jobs else (None, 60.0)

    async def enqueue(self, direction: str, key: str, payload: dict[str, Any]) -> bool:
        if self.down:
            raise ConnectionRefusedError("no database")
        if any(q[:2] == (direction, key) for q in self.queued):
            return False
        self.queued.append((direction, key, payload))
        return True

    async def chat_of_conversation(self, conversation_id: int) -> str | None:
        return self.conversations.get(conversation_id)

    async def bridged(self, chatwoot_message_id: int) -> bool:
        return False

    async def retry_later(self, seq: int, delay_s: float, error: str) -> None:
        self.retries.append((seq, delay_s))

    async def finish(self, seq: int, direction: str, links: Any, error: str | None = None) -> None:
        self.finished.append((seq, error))


def _client(store: StubStore) -> httpx.AsyncClient:
    workers = {d: Worker(store, d, _never, 1, 8) for d in (TO_CHATWOOT, TO_WHATSAPP)}  # type: ignore[arg-type]
    app = bridge_app(Receivers(store, Webhook(SECRET), TOKEN, workers))  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bridge")


async def _never(key: str, payload: dict[str, Any]) -> list[tuple[str, int]]:
    raise AssertionError("not called")


def _signed(event: dict[str, Any], secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
    body, stamp = json.dumps(event).encode(), int(time.time())
    signature = Webhook(secret).sign(event["id"], _utc(stamp), body.decode())
    return body, {"webhook-id": event["id"], "webhook-timestamp": str(stamp),
                  "webhook-signature": signature, "content-type": "application/json"}  # fmt: skip


def _utc(stamp: int) -> datetime:
    return datetime.fromtimestamp(stamp, UTC)


MESSAGE = {"id": "evt_1", "type": "message", "companyId": "co", "data": {"messageId": "M1"}}


async def test_a_signed_message_event_is_queued_once_and_a_forged_one_is_refused() -> None:
    store = StubStore()
    async with _client(store) as c:
        body, headers = _signed(MESSAGE)
        first = await c.post("/wagate", content=body, headers=headers)
        again = await c.post("/wagate", content=body, headers=headers)  # a redelivery
        _, other_secrets = _signed(MESSAGE, "whsec_" + "A" * 32)
        forged = await c.post("/wagate", content=body, headers=other_secrets)
        unsigned = await c.post("/wagate", content=body)
        state_body, state_headers = _signed(MESSAGE | {"type": "connected"})
        state = await c.post("/wagate", content=state_body, headers=state_headers)
    assert (first.json()["queued"], again.json()["queued"]) == (True, False)
    assert [q[:2] for q in store.queued] == [(TO_CHATWOOT, "evt_1")]
    for refused in (forged, unsigned):
        assert (refused.status_code, refused.json()["code"]) == (401, "webhook_signature_invalid")
    assert state.status_code == 200 and state.json()["queued"] is False


async def test_with_its_database_down_the_bridge_answers_503_so_wagate_retries() -> None:
    store = StubStore(down=True)
    async with _client(store) as c:
        body, headers = _signed(MESSAGE)
        r = await c.post("/wagate", content=body, headers=headers)
    assert (r.status_code, r.json()["code"]) == (503, "database_unavailable")


def _reply(**fields: Any) -> dict[str, Any]:
    base = {"event": "message_created", "id": 9, "content": "hi", "message_type": "outgoing",
            "private": False, "conversation": {"id": 41}, "attachments": []}  # fmt: skip
    return base | fields


@pytest.mark.parametrize(
    "payload",
    [
        _reply(private=True),  # a private note
        _reply(message_type="incoming"),  # the customer's own message (the bridge posted it)
        _reply(message_type="activity"),
        _reply(event="conversation_created"),
        _reply(conversation={"id": 999}),  # another inbox's conversation
        {"event": "message_created"},  # not a message at all
    ],
)
async def test_only_an_agents_public_reply_in_a_bridged_conversation_is_queued(
    payload: dict[str, Any],
) -> None:
    store = StubStore()
    async with _client(store) as c:
        r = await c.post(f"/chatwoot/{TOKEN}", json=payload)
    assert r.status_code == 200 and r.json()["queued"] is False and store.queued == []


async def test_an_agents_reply_is_queued_under_its_chatwoot_id_with_its_chat() -> None:
    store = StubStore()
    files = [{"data_url": "http://cw/rails/active_storage/blobs/a.png", "file_type": "image"}]
    async with _client(store) as c:
        r = await c.post(f"/chatwoot/{TOKEN}", json=_reply(attachments=files))
        again = await c.post(f"/chatwoot/{TOKEN}", json=_reply(attachments=files))
    assert (r.json()["queued"], again.json()["queued"]) == (True, False)
    job = {"id": 9, "chat": "79001112233", "content": "hi", "attachments": [files[0]["data_url"]]}
    assert store.queued == [(TO_WHATSAPP, "9", job)]


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("/chatwoot/not-the-token", b"{}", 404, "callback_token_invalid"),
        (f"/chatwoot/{TOKEN}", b"{not json", 400, "invalid_json"),
        (f"/chatwoot/{TOKEN}", b"\xff\xfe", 400, "invalid_json"),
        (f"/chatwoot/{TOKEN}", b"[" * 100_000, 400, "invalid_json"),
    ],
)
async def test_bad_requests_to_the_callback_get_their_code_never_a_500(
    path: str, body: bytes, status: int, code: str
) -> None:
    async with _client(StubStore()) as c:
        r = await c.post(path, content=body)
    assert (r.status_code, r.json()["code"]) == (status, code)


def test_what_an_agent_reads_for_each_kind_of_message() -> None:
    assert _content({"text": "hi"}) == "hi"
    assert _content({"text": "", "media": {"caption": "receipt"}}) == "receipt"
    location = {"latitude": 55.75, "longitude": 37.6, "name": "Office"}
    assert (
        _content({"text": "", "type": "location", "location": location}) == "📍 Office 55.75,37.6"
    )
    poll = {"question": "Lunch?", "options": ["A", "B"]}
    assert _content({"text": "", "type": "poll", "poll": poll}) == "📊 Lunch? (A / B)"
    cards = [{"name": "Ann"}, {"name": "Bo"}]
    assert _content({"text": "", "type": "contacts", "contacts": cards}) == "👤 Ann, Bo"
    assert _content({"text": "hey", "author": {"phone": "7900"}}) == "7900: hey"


def test_a_file_goes_out_as_the_kind_its_type_says() -> None:
    assert [media_kind(t) for t in ("image/png", "video/mp4", "audio/ogg", "text/csv")] == [
        "image", "video", "audio", "document"]  # fmt: skip


async def test_a_worker_retries_what_was_unavailable_doubling_and_sets_aside_a_refusal() -> None:
    store = StubStore()
    outcomes: list[Exception] = [Unavailable("down"), Refused("422 bad")]

    async def handle(key: str, payload: dict[str, Any]) -> list[tuple[str, int]]:
        raise outcomes.pop(0)

    worker = Worker(store, TO_CHATWOOT, handle, base_s=1, cap_s=8)  # type: ignore[arg-type]
    await worker._run_one(Job(1, "evt_1", {}, attempts=5))
    await worker._run_one(Job(2, "evt_2", {}, attempts=0))
    assert store.retries == [(1, 8)]  # 1 s doubled five times, capped at 8
    assert store.finished == [(2, "422 bad")]


def test_the_bridge_names_every_setting_it_lacks() -> None:
    missing = missing_settings(Settings.from_env({"WAGATE_CHATWOOT_CALLBACK_TOKEN": "short"}))
    assert "WAGATE_CHATWOOT_API_KEY" in missing and "WAGATE_CHATWOOT_INBOX_ID" in missing
    assert "WAGATE_CHATWOOT_CALLBACK_TOKEN (at least 16 characters)" in missing


@dataclass
class StubChatwoot:
    """Posts messages, refusing every attachment when `refuse_files`."""

    refuse_files: bool = False
    posted: list[tuple[str, Any]] = field(default_factory=list)

    async def post_incoming(self, conversation_id: int, content: str, attachment: Any) -> int:
        if attachment is not None and self.refuse_files:
            raise Refused("message create: 422 file too large")
        self.posted.append((content, attachment))
        return len(self.posted)


@dataclass
class StubWagate:
    async def media(self, media_id: str, name: str) -> Attachment:
        return Attachment(name, "video/mp4", b"...")


class LinkedStore:
    async def link_of_chat(self, chat: str) -> ChatLink:
        return ChatLink(chat, 5, "src", 9)


async def test_a_message_with_nothing_to_show_still_reaches_chatwoot_as_a_note() -> None:
    chatwoot = StubChatwoot()
    inbound = Inbound(chatwoot, StubWagate(), LinkedStore())  # type: ignore[arg-type]
    event = {"data": {"messageId": "M1", "chat": "79001", "text": ""}}
    assert await inbound.deliver(event) == [("M1", 1)]
    assert chatwoot.posted == [("[a WhatsApp message this bridge cannot show]", None)]


async def test_a_file_chatwoot_refuses_is_left_out_and_named_the_text_arrives() -> None:
    chatwoot = StubChatwoot(refuse_files=True)
    inbound = Inbound(chatwoot, StubWagate(), LinkedStore())  # type: ignore[arg-type]
    media = {"id": "med_1", "type": "video", "mimetype": "video/mp4", "caption": "our trip"}
    event = {"data": {"messageId": "M2", "chat": "79001", "text": "", "media": media}}
    assert await inbound.deliver(event) == [("M2", 1)]
    assert chatwoot.posted == [("our trip\n[video.mp4 (video/mp4) refused by Chatwoot]", None)]


async def test_a_stopping_worker_finishes_the_job_in_hand_then_ends() -> None:
    """Cut short, a job is done again on the next start: a message Chatwoot had just taken
    would be posted twice."""
    store = StubStore(jobs=[Job(1, "evt_1", {}, 0), Job(2, "evt_2", {}, 0)])
    started, release = asyncio.Event(), asyncio.Event()

    async def handle(key: str, payload: dict[str, Any]) -> list[tuple[str, int]]:
        started.set()
        await release.wait()
        return [("M1", 1)]

    worker = Worker(store, TO_CHATWOOT, handle, base_s=1, cap_s=8)  # type: ignore[arg-type]
    running = asyncio.create_task(worker.run())
    await started.wait()
    worker.stop()
    release.set()
    await asyncio.wait_for(running, 5)
    assert store.finished == [(1, None)]  # the job in hand finished; the next one waits


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(503, Unavailable), (429, Unavailable), (401, Unavailable), (403, Unavailable),
     (422, Refused), (400, Refused), (404, NotFound)],
)  # fmt: skip
def test_which_answers_are_tried_again(status: int, outcome: type[Exception]) -> None:
    with pytest.raises(outcome):
        raise_for(httpx.Response(status, text="no"), "a call")
    raise_for(httpx.Response(200), "a call")  # success raises nothing


@dataclass
class AgentDeleted:
    """Chatwoot after an agent deleted conversation 9: posting there is a 404, and its
    contact search is away once (a dropped connection) while the bridge starts again."""

    posted: list[int] = field(default_factory=list)
    searches_failing: int = 1

    async def post_incoming(self, conversation_id: int, content: str, attachment: Any) -> int:
        self.posted.append(conversation_id)
        if conversation_id == 9:
            raise NotFound("message create: 404 no such conversation")
        return 500 + len(self.posted)

    async def find_contact(self, field: str, value: str) -> Any:
        if self.searches_failing:
            self.searches_failing -= 1
            raise Unavailable("contact search: Chatwoot did not answer")
        return type("Contact", (), {"id": 5, "source_id": "src"})()

    async def create_conversation(self, contact_id: int, source_id: str) -> int:
        return 12


@dataclass
class RememberingStore:
    links: dict[str, ChatLink] = field(
        default_factory=lambda: {"79001": ChatLink("79001", 5, "src", 9)}
    )

    async def link_of_chat(self, chat: str) -> ChatLink | None:
        return self.links.get(chat)

    async def save_link(self, link: ChatLink) -> None:
        self.links[link.chat] = link

    async def forget_link(self, link: ChatLink) -> None:
        if self.links.get(link.chat) == link:
            del self.links[link.chat]


async def test_a_deleted_conversation_is_posted_to_once_even_when_starting_again_fails() -> None:
    chatwoot, store = AgentDeleted(), RememberingStore()
    inbound = Inbound(chatwoot, StubWagate(), store)  # type: ignore[arg-type]
    event = {"data": {"messageId": "M3", "chat": "79001", "text": "Hello again"}}
    with pytest.raises(Unavailable):  # the job is tried again later
        await inbound.deliver(event)
    assert await inbound.deliver(event) == [("M3", 502)]
    assert chatwoot.posted == [9, 12]  # the deleted conversation once, then the new one
    assert store.links["79001"].conversation_id == 12
