"""The sim engine: a linked device of the simulated WhatsApp network, over a real WebSocket."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import websockets
from websockets.asyncio.client import ClientConnection

from connector.engine import (
    Attachment,
    Connected,
    ContactNamed,
    Disconnected,
    DisconnectReason,
    EngineError,
    EventSink,
    IncomingMessage,
    IncomingMessages,
    LoggedOut,
    MessageFlags,
    Outgoing,
    Paired,
    PairingExpired,
    QrCode,
    Quote,
    Receipt,
    SentMessage,
)
from connector.engines import sim_groups, sim_history, sim_media, sim_proxy
from connector.engines.frame_batches import frame_batches
from connector.engines.sim_account import SimAccount
from connector.engines.sim_channels import SimChannels
from connector.engines.sim_keepalive import KEEPALIVE_INTERVAL_S, SharedKeepalive
from connector.engines.sim_messaging import (
    SimMessaging,
    caption_mentions,
    forward_of,
    mentions_in,
)
from connector.engines.sim_profile import SimProfile
from simnet import protocol as p
from wagate.bus import (
    GroupInfo,
    GroupSettings,
    JoinRequest,
    LidPair,
    NumberStatus,
    ParticipantChange,
    Profile,
)
from wagate.deadlines import settle, within
from wagate.ids import random_hex

log = logging.getLogger(__name__)

_SEND_TIMEOUT_S = 30.0


class SimEngine(SimMessaging, SimAccount, SimProfile, SimChannels):
    def __init__(self, tenant_id: str, on_event: EventSink, kind: SimEngineKind) -> None:
        self._tenant_id = tenant_id
        self._on_event = on_event
        self._kind = kind
        self._url = kind.url
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._refs = itertools.count(1)
        self._stopping = False
        self._credentials: dict[str, Any] | None = None
        self._phone = ""
        self._media_proxied: httpx.AsyncClient | None = None  # a proxied session's own

    async def start(
        self,
        credentials: dict[str, Any] | None,
        available: bool = True,
        history_sync: str = "all",
        proxy: str | None = None,
    ) -> None:
        self._stopping = False
        if proxy is not None and self._media_proxied is None:
            self._media_proxied = sim_media.http_client(proxy)
        try:
            # a stalled peer never answers the close handshake: do not wait long for it.
            # No permessage-deflate: its zlib state (some 100 KiB a connection) for frames of
            # a few hundred bytes, freed at each session's end into fragments that the
            # allocator kept (bench/session_churn: RSS grew with session churn)
            # no ping_interval: the kind's one keepalive pings every connection
            self._ws = await sim_proxy.open_websocket(
                self._url,
                proxy,
                10,
                close_timeout=1,
                max_size=1 << 20,
                compression=None,
                ping_interval=None,
            )
        except sim_proxy.CONNECT_ERRORS as e:
            await self._on_event(sim_proxy.connect_failure(e, proxied=proxy is not None))
            return
        self._kind.keepalive.watch(self._ws)
        self._credentials = credentials
        hello = {
            "op": p.HELLO,
            "credentials": credentials,
            "available": available,
            "history_sync": history_sync,
        }
        await self._ws.send(json.dumps(hello))
        self._reader = asyncio.create_task(
            self._read_loop(self._ws), name=f"sim-read-{self._tenant_id}"
        )

    async def send(
        self,
        chat: str,
        content: Outgoing,
        message_id: str,
        quote: Quote | None = None,
        target: Quote | None = None,
    ) -> SentMessage:
        """One `send` frame, its fields by the content (SimMessaging). An
        attachment is uploaded first; a repeat after a crash uploads again (an orphan
        file the host expires) and the network acks the message id it already has, so
        the message goes once."""
        if isinstance(content, Attachment):
            fields = await self._uploaded(content)
        else:
            fields = self.message_fields(content, message_id, target)
        send: dict[str, Any] = {"op": p.SEND, "to": chat, "id": message_id, **fields}
        if quote is not None:
            send["quoted"] = {"id": quote.message_id, "from": quote.sender}
        frame = await self._request(send, _SEND_TIMEOUT_S)
        return SentMessage(message_id=str(frame["id"]), timestamp_ms=int(frame["timestamp"]))

    async def _uploaded(self, attachment: Attachment) -> dict[str, Any]:
        conn = await self._request({"op": p.MEDIA_CONN}, _SEND_TIMEOUT_S)
        wire = await sim_media.upload(self._media_http, conn, attachment.media, attachment.data)
        # "text": what WhatsApp shows under it: only some kinds have one
        media = attachment.media
        once = {"view_once": True} if media.view_once else {}
        mentions = caption_mentions(media)
        return {
            "text": wire.caption,
            "media": wire.frame(),
            **once,
            **forward_of(media),
            **mentions,
        }

    def download_media(self, ref: dict[str, Any]) -> AsyncIterator[bytes]:
        return sim_media.download(self._media_http, self._kind.media_host, ref)

    @property
    def _media_http(self) -> httpx.AsyncClient:
        """The media host's client: the session's own through its proxy, or the shared one."""
        return self._media_proxied or self._kind.http

    # ---- number checks, contacts, groups: one query frame each (connector/engines/
    # sim_groups.py reads the answers) ----

    async def _query(self, kind: str, **fields: Any) -> dict[str, Any]:
        frame = await self._request({"op": p.QUERY, "kind": kind, **fields}, _SEND_TIMEOUT_S)
        result: dict[str, Any] = frame["result"]
        return result

    async def check_numbers(self, phones: list[str]) -> list[NumberStatus]:
        return sim_groups.numbers(await self._query("check_numbers", phones=phones))

    async def contact_info(self, phone: str) -> Profile:
        return sim_groups.profile(await self._query("profile", phone=phone))

    async def lid_pairs(self, addresses: list[str]) -> list[LidPair]:
        found = await self._query("lid_lookup", addresses=addresses)
        return [LidPair(str(p["phone"]), str(p["lid"])) for p in found["pairs"]]

    async def joined_groups(self) -> list[GroupInfo]:
        found = await self._query("groups")
        return [sim_groups.group_info(g) for g in found["groups"]]

    async def group_info(self, group_id: str) -> GroupInfo:
        return sim_groups.group_info(await self._query("group_info", group=group_id))

    async def create_group(
        self, subject: str, participants: list[str], create_key: str
    ) -> GroupInfo:
        # the sim network has no create key: a redelivered create makes a second group
        created = await self._query("create_group", subject=subject, participants=participants)
        return sim_groups.group_info(created)

    async def set_group_subject(self, group_id: str, subject: str) -> None:
        await self._query("group_subject", group=group_id, subject=subject)

    async def set_group_description(self, group_id: str, description: str) -> None:
        await self._query("group_description", group=group_id, description=description)

    async def update_participants(
        self, group_id: str, action: str, phones: list[str]
    ) -> list[ParticipantChange]:
        answer = await self._query(
            "group_participants", group=group_id, action=action, participants=phones
        )
        return sim_groups.participant_changes(answer)

    async def leave_group(self, group_id: str) -> None:
        await self._query("leave_group", group=group_id)

    async def group_invite_code(self, group_id: str, revoke: bool) -> str:
        return str((await self._query("group_invite", group=group_id, revoke=revoke))["code"])

    async def join_group(self, code: str) -> str:
        return str((await self._query("join_group", code=code))["group"])

    async def set_group_settings(self, group_id: str, settings: GroupSettings) -> None:
        for setting, value in sim_groups.setting_frames(settings):
            await self._query("group_setting", group=group_id, setting=setting, value=value)

    async def set_group_picture(self, group_id: str, jpeg: bytes | None) -> str:
        encoded = base64.b64encode(jpeg).decode() if jpeg is not None else None
        answer = await self._query("group_picture", group=group_id, jpeg=encoded)
        return str(answer["picture_id"])

    async def group_join_requests(self, group_id: str) -> list[JoinRequest]:
        return sim_groups.join_requests(await self._query("group_requests", group=group_id))

    async def answer_join_requests(
        self, group_id: str, action: str, phones: list[str]
    ) -> list[ParticipantChange]:
        answer = await self._query(
            "group_requests_action", group=group_id, action=action, participants=phones
        )
        return sim_groups.participant_changes(answer)

    async def request_pairing_code(self, phone: str) -> str:
        frame = await self._request({"op": p.PAIR_CODE, "phone": phone}, _SEND_TIMEOUT_S)
        return str(frame["code"])

    async def ping(self, timeout_s: float) -> float:
        started = time.perf_counter()
        await self._request({"op": p.PING}, timeout_s)
        return time.perf_counter() - started

    async def logout(self) -> None:
        await self._request({"op": p.LOGOUT}, 10.0)
        await self.stop()

    async def stop(self) -> None:
        self._stopping = True
        ws, reader = self._ws, self._reader
        self._ws = self._reader = None
        if ws is not None:
            await ws.close()
        # stop() may be called from an event handler running inside the reader itself
        if reader is not None and reader is not asyncio.current_task():
            reader.cancel()
            await settle(reader)
        self._fail_pending("not_connected", "the session stopped")
        media, self._media_proxied = self._media_proxied, None
        if media is not None:
            await media.aclose()

    async def _request(self, frame: dict[str, Any], timeout_s: float) -> dict[str, Any]:
        ws = self._ws
        if ws is None:
            raise EngineError("not_connected", "the session is not connected to WhatsApp")
        ref = str(next(self._refs))
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[ref] = future
        try:
            await ws.send(json.dumps({**frame, "ref": ref}))
            return await within(future, timeout_s)
        except websockets.ConnectionClosed:
            raise EngineError("not_connected", "the connection closed during the request") from None
        except TimeoutError:
            raise EngineError("engine_timeout", "WhatsApp did not answer in time") from None
        finally:
            self._pending.pop(ref, None)

    def _fail_pending(self, code: str, message: str) -> None:
        for future in self._pending.values():
            if not future.done():
                future.set_exception(EngineError(code, message))
        self._pending.clear()

    async def _read_loop(self, ws: ClientConnection) -> None:
        # how the connection ends unless a frame says otherwise (None: an event said it)
        final: Disconnected | None = Disconnected(DisconnectReason.CONNECTION_LOST)
        try:
            async for frames in frame_batches(ws, parse=json.loads, gathers=_plain_message):
                for said in await self._on_frames(ws, frames):
                    if not isinstance(said, _GoesOn):
                        final = said
        except websockets.ConnectionClosed:
            pass
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("sim engine reader failed for %s", self._tenant_id)
        self._kind.keepalive.forget(ws)
        self._fail_pending("not_connected", "the connection to WhatsApp closed")
        if self._ws is ws:
            self._ws = None
        if final is not None and not self._stopping:
            await self._on_event(final)

    async def _on_frames(self, ws: ClientConnection, frames: list[dict[str, Any]]) -> list[_Ending]:
        """Frames that arrived together, in order; a run of plain messages among them is
        published as one (each confirmed once they all committed)."""
        said: list[_Ending] = []
        run: list[dict[str, Any]] = []
        for frame in frames:
            if _plain_message(frame):
                run.append(frame)
                continue
            if run:
                await self._on_messages(ws, run)
                run = []
            said.append(await self._on_frame(ws, frame))
        if run:
            await self._on_messages(ws, run)
        return said

    async def _on_messages(self, ws: ClientConnection, frames: list[dict[str, Any]]) -> None:
        if len(frames) == 1:
            await self._on_message(ws, frames[0])
            return
        await self._on_event(IncomingMessages(tuple(_incoming_message(f) for f in frames)))
        for frame in frames:
            await ws.send(json.dumps({"op": p.RECEIVED, "id": frame["id"]}))

    async def _on_frame(self, ws: ClientConnection, frame: dict[str, Any]) -> _Ending:
        """One frame from the network; returns how the connection will end, if it says."""
        op = frame.get("op")
        if op in _REPLIES:
            self._resolve(frame)
        elif op == p.ERROR:
            self._reject(frame)
        elif op == p.MESSAGE:
            await self._on_message(ws, frame)
        elif op == p.HISTORY:
            await self._on_history(ws, frame)
        elif op in _ENDINGS:
            return _ENDINGS[op](frame)
        else:
            return await self._on_lifecycle(frame)
        return _GOES_ON

    async def _on_message(self, ws: ClientConnection, frame: dict[str, Any]) -> None:
        """An incoming message, confirmed to the network once the session has it."""
        if frame.get("kind") is not None:
            event = self.incoming(frame)
            if event is not None:
                await self._on_event(event)
        else:
            await self._on_event(_incoming_message(frame))
        await ws.send(json.dumps({"op": p.RECEIVED, "id": frame["id"]}))

    async def _on_history(self, ws: ClientConnection, frame: dict[str, Any]) -> None:
        """A history chunk, batch by batch; confirmed once the session stored them all."""
        for batch in sim_history.batches(frame, self._phone):
            await self._on_event(batch)
        await ws.send(json.dumps({"op": p.HISTORY_RECEIVED, "id": frame["id"]}))

    async def _on_lifecycle(self, frame: dict[str, Any]) -> _Ending:
        """Presence, receipts, group changes and the connection's own life."""
        op = frame.get("op")
        if op == p.PRESENCE:
            await self._on_event(self.presence(frame))
        elif op == p.RECEIPT:
            receipt = Receipt(
                frame["id"], frame["to"], frame["status"], str(frame.get("to_lid", ""))
            )
            await self._on_event(receipt)
        elif op == p.GROUP_UPDATE:
            await self._on_event(sim_groups.group_update(frame))
        elif op == p.APP_STATE:
            await self._on_event(self.chat_state(frame))
        elif op == p.CALL:
            await self._on_event(self.call_changed(frame))
        elif op == p.CONTACT_NAME:
            named = ContactNamed(frame["jid"] or None, str(frame["name"]), frame.get("lid", ""))
            await self._on_event(named)
        elif op == p.QR:
            await self._on_event(QrCode(frame["code"]))
        elif op == p.PAIRED:
            self._credentials = frame["credentials"]
            await self._on_event(Paired(frame["phone"], frame["credentials"]))
        elif op == p.CONNECTED:
            self._phone = frame["phone"]
            await self._on_event(Connected(frame["phone"]))
        elif op == p.PAIR_TIMEOUT:
            await self._on_event(PairingExpired())
            return None
        elif op in (p.AUTH_FAILED, p.UNLINKED):
            await self._on_event(LoggedOut(str(frame.get("reason", "logged_out"))))
            return None
        return _GOES_ON

    def _resolve(self, frame: dict[str, Any]) -> None:
        future = self._pending.get(str(frame.get("ref")))
        if future is not None and not future.done():
            future.set_result(frame)

    def _reject(self, frame: dict[str, Any]) -> None:
        future = self._pending.get(str(frame.get("ref")))
        if future is not None and not future.done():
            retry_after = frame.get("retry_after")
            future.set_exception(
                EngineError(
                    str(frame.get("code")),
                    str(frame.get("message")),
                    float(retry_after) if retry_after is not None else None,
                )
            )


class _GoesOn:
    """A frame that leaves how the connection ends as it was."""


_GOES_ON = _GoesOn()
_Ending = Disconnected | None | _GoesOn
# answers to a request of this engine, matched by their ref
_REPLIES = frozenset({p.ACK, p.PONG, p.LOGGED_OUT, p.PAIR_CODE, p.MEDIA_CONN, p.OK, p.RESULT})
# frames after which the connection ends, and how
_ENDINGS: dict[str, Callable[[dict[str, Any]], Disconnected]] = {
    p.RESTART_REQUIRED: lambda _: Disconnected(DisconnectReason.RESTART_REQUIRED),
    p.REPLACED: lambda _: Disconnected(
        DisconnectReason.REPLACED, "another client connected as this device"
    ),
    p.TEMPORARY_BAN: lambda frame: _temporary_ban(frame),
    p.CLIENT_OUTDATED: lambda _: Disconnected(
        DisconnectReason.CLIENT_OUTDATED, "WhatsApp refuses this client version"
    ),
}


def _temporary_ban(frame: dict[str, Any]) -> Disconnected:
    """`expire` is the time left in seconds, as WhatsApp sends it."""
    left_s = int(frame.get("expire", 0))
    until_ms = int(time.time() * 1000) + left_s * 1000 if left_s > 0 else None
    return Disconnected(
        DisconnectReason.TEMPORARY_BAN,
        f"WhatsApp banned this number for now (code {frame.get('code')}, {left_s} s left)",
        until_ms,
    )


class SimEngineKind:
    name = "sim"

    def __init__(self, url: str, keepalive_s: float = KEEPALIVE_INTERVAL_S) -> None:
        self.url = url
        self.keepalive = SharedKeepalive(keepalive_s)
        # the media host is the sim server's HTTP side: ws://host:port/ws -> http://host:port
        self.media_host = sim_media.http_base(url)
        self._http: httpx.AsyncClient | None = None

    @property
    def http(self) -> httpx.AsyncClient:
        """One HTTP client for every session's uploads and downloads, made on first use."""
        if self._http is None:
            self._http = sim_media.http_client()
        return self._http

    def create(self, tenant_id: str, on_event: EventSink) -> SimEngine:
        return SimEngine(tenant_id, on_event, self)

    def new_message_id(self) -> str:
        return "3EB0" + random_hex(8).upper()  # WhatsApp's own shape

    async def close(self) -> None:
        # each connection is a WebSocket its session closes; the media client is shared
        await self.keepalive.close()
        http, self._http = self._http, None
        if http is not None:
            await http.aclose()


def _plain_message(frame: dict[str, Any]) -> bool:
    """A message frame without a "kind": runs of them are published together, so the
    reader looks for more after one (other frames are handled one at a time)."""
    return frame.get("op") == p.MESSAGE and frame.get("kind") is None


def _incoming_message(frame: dict[str, Any]) -> IncomingMessage:
    """A plain message frame (one without a "kind") as the session's event."""
    return IncomingMessage(
        message_id=frame["id"],
        sender=frame["from"],
        text=frame["text"],
        timestamp_ms=int(frame["timestamp"]),
        media=sim_media.incoming(frame["media"]) if "media" in frame else None,
        sender_lid=str(frame.get("from_lid", "")),
        chat=str(frame.get("chat", "")),
        push_name=str(frame.get("push_name", "")),
        flags=MessageFlags(view_once=frame.get("view_once") is True),
        mentions=mentions_in(frame),
        mention_all=frame.get("mention_all") is True,
    )
