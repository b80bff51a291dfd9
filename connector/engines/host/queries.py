"""The requests of a host session that are one call and one answer: number checks,
contacts, groups, read receipts, presence, health. Each is made only while the host
runs the session; a refusal is an EngineError under the connector's code (errors.py)."""

from __future__ import annotations

import base64
import hashlib
import time

from connector.engine import EngineError, OldestMessage
from connector.engines.host import groups
from connector.engines.host.errors import GROUP_CALL_FAILED
from connector.engines.host.jids import lid_of, phone_of, to_jid
from connector.engines.host.messages import (
    ChatStateRequest,
    CheckNumbers,
    ContactInfo,
    CreateGroup,
    GroupRequest,
    HistoryRequest,
    JoinGroup,
    LidLookup,
    MarkRead,
    Reply,
    Request,
    StateRequest,
    SubscribePresence,
)
from wagate.bus import (
    GroupInfo,
    GroupSettings,
    JoinRequest,
    LidPair,
    NumberStatus,
    ParticipantChange,
    Profile,
    SetChatState,
)

# whatsmeow's own wait for an answer to a query (75 s), and some margin past it
CALL_DEADLINE_S = 75.0 + 15.0


class HostQueries:
    session: str  # the host's name for this session

    async def _call(self, request: Request, deadline_s: float, fallback: str = "") -> Reply:
        raise NotImplementedError

    async def check_numbers(self, phones: list[str]) -> list[NumberStatus]:
        reply = await self._call(CheckNumbers(session=self.session, phones=phones), CALL_DEADLINE_S)
        return groups.numbers(phones, reply.numbers or [])

    async def contact_info(self, phone: str) -> Profile:
        reply = await self._call(
            ContactInfo(session=self.session, jid=to_jid(phone)), CALL_DEADLINE_S
        )
        if reply.profile is None:
            raise EngineError(GROUP_CALL_FAILED, "the engine host answered no profile")
        return groups.profile(phone, reply.profile)

    async def lid_pairs(self, addresses: list[str]) -> list[LidPair]:
        """whatsmeow's LID store, both ways (no network): what it does not know is left out."""
        request = LidLookup(session=self.session, jids=[to_jid(a) for a in addresses])
        reply = await self._call(request, CALL_DEADLINE_S)
        pairs = [(phone_of(p.phone_jid), lid_of(p.lid)) for p in reply.pairs or []]
        return [LidPair(phone, lid) for phone, lid in pairs if phone and lid]

    async def _group_call(self, kind: str, group: str = "", **fields: object) -> Reply:
        request = GroupRequest.model_validate(
            {"type": kind, "session": self.session, "group": group, **fields}
        )
        return await self._call(request, CALL_DEADLINE_S, GROUP_CALL_FAILED)

    async def joined_groups(self) -> list[GroupInfo]:
        request = Request(type="joined_groups", session=self.session)
        reply = await self._call(request, CALL_DEADLINE_S, GROUP_CALL_FAILED)
        return [groups.group_info(g) for g in reply.groups or []]

    async def group_info(self, group_id: str) -> GroupInfo:
        return _one_group(await self._group_call("group_info", group_id))

    async def create_group(
        self, subject: str, participants: list[str], create_key: str
    ) -> GroupInfo:
        # whatsmeow's CreateKey makes WhatsApp answer a repeat with the group it made:
        # the command's id, in the shape of whatsmeow's message ids, for every delivery
        digest = hashlib.sha256(create_key.encode()).hexdigest()
        request = CreateGroup(
            session=self.session,
            subject=subject,
            participants=[to_jid(p) for p in participants],
            create_key="3EB0" + digest[:18].upper(),
        )
        return _one_group(await self._call(request, CALL_DEADLINE_S, GROUP_CALL_FAILED))

    async def set_group_subject(self, group_id: str, subject: str) -> None:
        await self._group_call("set_group_subject", group_id, subject=subject)

    async def set_group_description(self, group_id: str, description: str) -> None:
        await self._group_call("set_group_description", group_id, description=description)

    async def update_participants(
        self, group_id: str, action: str, phones: list[str]
    ) -> list[ParticipantChange]:
        jids = [to_jid(p) for p in phones]
        reply = await self._group_call(
            "update_participants", group_id, action=action, participants=jids
        )
        return groups.participant_changes(action, reply.participants or [])

    async def leave_group(self, group_id: str) -> None:
        await self._group_call("leave_group", group_id)

    async def group_invite_code(self, group_id: str, revoke: bool) -> str:
        reply = await self._group_call("group_invite", group_id, revoke=revoke)
        return reply.code or ""

    async def join_group(self, code: str) -> str:
        reply = await self._call(
            JoinGroup(session=self.session, code=code), CALL_DEADLINE_S, GROUP_CALL_FAILED
        )
        return reply.group_jid or ""

    async def set_group_settings(self, group_id: str, settings: GroupSettings) -> None:
        await self._group_call(
            "set_group_settings", group_id, settings=groups.host_settings(settings)
        )

    async def set_group_picture(self, group_id: str, jpeg: bytes | None) -> str:
        encoded = base64.b64encode(jpeg).decode() if jpeg is not None else None
        reply = await self._group_call("set_group_picture", group_id, jpeg=encoded)
        return reply.picture_id or ""

    async def group_join_requests(self, group_id: str) -> list[JoinRequest]:
        reply = await self._group_call("group_requests", group_id)
        return groups.join_requests(reply.requests or [])

    async def answer_join_requests(
        self, group_id: str, action: str, phones: list[str]
    ) -> list[ParticipantChange]:
        jids = [to_jid(p) for p in phones]
        reply = await self._group_call(
            "answer_group_requests", group_id, action=action, participants=jids
        )
        return groups.participant_changes(action, reply.participants or [])

    async def mark_read(self, chat: str, sender: str, message_ids: list[str]) -> None:
        request = MarkRead(
            session=self.session,
            chat=to_jid(chat),
            sender=to_jid(sender),
            message_ids=message_ids,
            timestamp_ms=int(time.time() * 1000),
        )
        await self._call(request, CALL_DEADLINE_S)

    async def send_chat_presence(self, chat: str, state: str) -> None:
        request = StateRequest(
            type="chat_presence", session=self.session, chat=to_jid(chat), state=state
        )
        await self._call(request, CALL_DEADLINE_S)

    async def request_history(self, chat: str, oldest: OldestMessage, count: int) -> None:
        request = HistoryRequest(
            session=self.session,
            chat=to_jid(chat),
            oldest_message_id=oldest.message_id,
            oldest_from_me=oldest.from_me,
            oldest_timestamp_ms=oldest.timestamp_ms,
            count=count,
        )
        await self._call(request, CALL_DEADLINE_S)

    async def send_presence(self, available: bool) -> None:
        state = "available" if available else "unavailable"
        await self._call(
            StateRequest(type="presence", session=self.session, state=state), CALL_DEADLINE_S
        )

    async def subscribe_presence(self, phone: str) -> None:
        request = SubscribePresence(session=self.session, jid=to_jid(phone))
        await self._call(request, CALL_DEADLINE_S)

    async def set_chat_state(self, change: SetChatState) -> None:
        request = ChatStateRequest(
            session=self.session,
            chat=to_jid(change.chat),
            state=change.state,
            on=change.on,
            muted_until_ms=change.muted_until_ms,
        )
        await self._call(request, CALL_DEADLINE_S)

    async def ping(self, timeout_s: float) -> float:
        """The host's view of the session (connected, logged in, keep-alives answered):
        no network lookup, so a health check costs WhatsApp nothing."""
        started = time.perf_counter()
        reply = await self._call(Request(type="health", session=self.session), timeout_s)
        health = reply.health
        if health is None or not (health.connected and health.logged_in and health.keepalive_ok):
            raise EngineError("not_connected", f"the session is not healthy: {health}")
        return time.perf_counter() - started


def _one_group(reply: Reply) -> GroupInfo:
    if reply.group is None:
        raise EngineError(GROUP_CALL_FAILED, "the engine host answered no group")
    return groups.group_info(reply.group)
