"""The simulated WhatsApp network: virtual phones, linked devices, pairing and routing,
and the faults tests inflict on them.

All state lives in one asyncio loop, so methods need no locks. Devices are reached through
the `DeviceLink` protocol (a live socket in the server, anything in a unit test).
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import re
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from simnet import history
from simnet import messaging as m
from simnet import protocol as p
from simnet.app_state import ChatView
from simnet.calls import Calls
from simnet.channels import Channels
from simnet.errors import SimError
from simnet.faults import (
    BAN_CODE,
    DEFAULT_BAN_S,
    DEFAULT_RESTRICTED_S,
    DEFAULT_RETRY_AFTER_S,
    DEFAULT_SLOW_S,
    NEW_CONTACT_ERROR,
    DeviceFaults,
    FaultRequest,
)
from simnet.groups import GroupChange, Groups
from simnet.history import OldMessage
from simnet.media_host import MediaHost
from simnet.media_message import WireMedia
from simnet.phone_media import PhoneDownload, download_to_phone
from simnet.profiles import Business
from wagate.content import STATUS_CHAT

_CLIENT_ID = re.compile(r"[A-Za-z0-9]{1,64}")
_SENT_IDS_KEPT = 100_000
_CONNECTION_LOG_KEPT = 20_000
_PAIR_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


class DeviceLink(Protocol):
    def push(self, frame: dict[str, Any], delay_s: float = 0.0) -> None: ...
    def close(self, reason: str, code: int = 4000) -> None: ...
    def stall(self, seconds: float | None) -> None: ...
    def release_held(self) -> None: ...


@dataclass
class ReceivedMessage:
    id: str
    sender: str
    text: str
    timestamp: int  # epoch ms
    quoted: dict[str, str] | None = None  # the message this one replies to: {"id", "from"}
    sender_lid: str = ""
    media: WireMedia | None = None  # an attachment, at the media host
    download: PhoneDownload | None = None  # a virtual phone's download of `media`
    kind: str = m.TEXT  # simnet/messaging.py: a location, a reaction, a vote, …
    content: dict[str, Any] | None = None  # the kind's fields
    chat: str = ""  # a group message: the group's id ("" for a 1:1 message)
    push_name: str = ""  # the sender's name as its phone set it, carried by each message
    context: dict[str, Any] = field(default_factory=dict)  # messaging.context_of

    def public(self) -> dict[str, Any]:
        public: dict[str, Any] = {
            "id": self.id,
            "from": self.sender,
            "text": self.text,
            "timestamp": self.timestamp,
        }
        if self.sender_lid:
            public["from_lid"] = self.sender_lid
        if self.quoted is not None:
            public["quoted"] = self.quoted
        if self.media is not None:
            public["media"] = self.media.frame()
        if self.kind != m.TEXT:
            public["kind"] = self.kind
            public["content"] = self.content or {}
        if self.chat:
            public["chat"] = self.chat
        if self.push_name:
            public["push_name"] = self.push_name
        return public | self.context

    def inbox_entry(self) -> dict[str, Any]:
        """As a virtual phone's inbox lists it: media as the phone received it."""
        entry = self.public()
        media = self.media
        if media is not None:
            entry["media"] = {
                "kind": media.kind,
                "mimetype": media.mimetype,
                "caption": media.caption,
                "filename": media.file_name,
                "declaredSize": media.file_length,
                "declaredSha256": media.file_sha256.hex(),
                **(self.download or PhoneDownload("not_downloaded")).public(),
            }
        return entry


def _lid() -> str:
    """A LID: WhatsApp's hidden-number id of a person, digits unrelated to the number."""
    return str(10**14 + secrets.randbelow(9 * 10**14))


@dataclass
class Phone:
    number: str
    lid: str = field(default_factory=_lid)
    # WhatsApp addresses this person by LID (the number as the alternate address), as
    # it does more and more since it moved 1:1 chats to LIDs
    lid_addressed: bool = False
    inbox: list[ReceivedMessage] = field(default_factory=list)
    devices: set[str] = field(default_factory=set)  # linked device ids
    # messages this phone's devices sent under a client-chosen id, for de-duplication
    sent: OrderedDict[str, ReceivedMessage] = field(default_factory=OrderedDict)
    # the public profile (set through the control API) and how often this phone's
    # devices asked WhatsApp whether numbers are on it (number checks cost bans)
    about: str = ""
    picture_url: str = ""
    business_name: str = ""
    picture: bytes | None = None  # the JPEG its device set (None: the sim's 1x1 one)
    business: Business | None = None  # a business account's profile
    push_name: str = ""  # the name this phone's user chose; sent with each message
    # how this account shows its chats (app state), shared with its linked devices
    chats: dict[str, ChatView] = field(default_factory=dict)
    # the numbers its address book names (whom its status updates reach)
    address_book: dict[str, str] = field(default_factory=dict)
    number_queries: int = 0
    # the numbers this account blocked: their messages and calls do not reach it
    blocked: set[str] = field(default_factory=set)
    privacy: dict[str, str] = field(default_factory=dict)  # set ones (simnet/account.py)
    # conversations the phone had before linking: sent to each device it links
    history: list[OldMessage] = field(default_factory=list)


@dataclass
class Device:
    id: str
    secret: str
    phone: str
    # incoming messages not yet confirmed with "received": re-sent on every connect
    pending: dict[str, ReceivedMessage] = field(default_factory=dict)
    link: DeviceLink | None = None
    faults: DeviceFaults = field(default_factory=DeviceFaults)
    # the history sync under way: the chunk sent and not yet received, and those after it
    history_chunk: dict[str, Any] | None = None
    history_rest: Iterator[dict[str, Any]] = field(default_factory=lambda: iter(()))


@dataclass
class PairingAttempt:
    link: DeviceLink
    code: str = ""
    codes_shown: int = 0
    task: asyncio.Task[None] | None = None
    pair_code: str | None = None
    pair_phone: str | None = None
    history_sync: str = "all"  # how much history the device asked for (all, none, <N>d)


def _message_id() -> str:
    return "3EB0" + secrets.token_hex(8).upper()


def _now_ms() -> int:
    return int(time.time() * 1000)


def _qr_code() -> str:
    # Same shape as WhatsApp's: ref, noise public key, identity key, advertising secret.
    parts = [secrets.token_urlsafe(24)] + [
        base64.b64encode(secrets.token_bytes(32)).decode() for _ in range(3)
    ]
    return "2@" + ",".join(parts)


def _pair_code() -> str:
    chars = "".join(secrets.choice(_PAIR_CODE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


class Network:
    def __init__(
        self,
        *,
        qr_first_s: float = 60.0,
        qr_interval_s: float = 20.0,
        qr_count: int = 6,
        clock_ms: Callable[[], int] = _now_ms,
        media: MediaHost | None = None,
    ) -> None:
        # WhatsApp's own timing: the first code lasts 60 s, each later one 20 s, six codes
        self.qr_first_s = qr_first_s
        self.qr_interval_s = qr_interval_s
        self.qr_count = qr_count
        self._clock_ms = clock_ms
        self.phones: dict[str, Phone] = {}
        self._by_lid: dict[str, Phone] = {}  # each phone by its LID's digits
        self.devices: dict[str, Device] = {}
        self._pairing: dict[int, PairingAttempt] = {}  # keyed by id(link)
        self._qr_index: dict[str, PairingAttempt] = {}
        self._code_index: dict[str, PairingAttempt] = {}
        self._by_link: dict[int, Device] = {}  # id(link) -> the device it authenticated as
        self._links: dict[int, DeviceLink] = {}  # every open socket, for outages
        self._peers: dict[int, str] = {}  # where each open socket came from (host:port)
        self._stays_offline: set[int] = set()  # sockets whose hello said not available
        self._outage_until = 0.0  # monotonic
        self._outdated_until = 0.0  # monotonic: every client version refused until then
        self.connection_log: deque[dict[str, Any]] = deque(maxlen=_CONNECTION_LOG_KEPT)
        self.media = media or MediaHost()
        self._downloads: set[asyncio.Task[None]] = set()  # phones downloading media
        self.messaging = m.Messaging()
        self.groups = Groups(lambda number: number in self.phones, clock_ms)
        self.calls = Calls(self.push_to_phone, self._lid_if_addressed, clock_ms)
        self.channels = Channels(clock_ms)
        self.base_url = ""  # the sim's address as its devices reach it (picture URLs)

    # ---- phones (control API) -------------------------------------------------------

    def add_phone(self, number: str, lid_addressed: bool = False) -> tuple[Phone, bool]:
        phone = self.phones.get(number)
        if phone is not None:
            return phone, False
        phone = Phone(number, lid_addressed=lid_addressed)
        self.phones[number] = phone
        self._by_lid[phone.lid] = phone
        return phone, True

    def phone(self, number: str) -> Phone:
        phone = self.phones.get(number)
        if phone is None:
            raise SimError(404, p.PHONE_NOT_FOUND, f"no virtual phone {number}")
        return phone

    def phone_by_lid(self, lid: str) -> Phone | None:
        return self._by_lid.get(lid)

    def link(self, number: str, qr: str) -> Device:
        """The phone scans `qr`: the device showing it becomes linked to this phone."""
        self.phone(number)
        attempt = self._qr_index.get(qr)
        if attempt is None or attempt.code != qr:
            raise SimError(410, "qr_expired", "this QR code is unknown or has expired")
        return self._complete_pairing(attempt, number)

    def link_by_code(self, number: str, code: str) -> Device:
        """The phone's user types the pairing code the device asked for."""
        self.phone(number)
        attempt = self._code_index.get(code.upper())
        if attempt is None:
            raise SimError(410, "code_expired", "this pairing code is unknown or has expired")
        if attempt.pair_phone != number:
            raise SimError(409, "wrong_phone", "this code was requested for another number")
        return self._complete_pairing(attempt, number)

    def send_from_phone(
        self,
        sender: str,
        to: str,
        text: str,
        media: WireMedia | None = None,
        message_id: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> ReceivedMessage:
        self.phone(sender)
        return self._route(sender, to, text, message_id, media=media, context=context)

    def redeliver(self, sender: str, message_id: str) -> ReceivedMessage:
        """Send a message a phone sent again to every device of its recipients, even one
        that confirmed it: WhatsApp does so after a lost confirmation or a retry receipt,
        and a history sync brings messages that came live."""
        self.phone(sender)
        found = [
            (phone, msg)
            for phone in self.phones.values()
            for msg in phone.inbox
            if msg.id == message_id and msg.sender == sender
        ]
        if not found:
            raise SimError(404, "message_not_found", f"{sender} sent no message {message_id}")
        for phone, msg in found:
            for device_id in phone.devices:
                device = self.devices[device_id]
                device.pending[msg.id] = msg
                if device.link is not None:
                    device.link.push({"op": p.MESSAGE, **msg.public()})
        return found[0][1]

    # ---- devices (socket side) ------------------------------------------------------

    def opened(self, link: DeviceLink, peer: str = "") -> bool:
        """A socket asks to connect from `peer` (host:port as the network sees it: a
        session behind a proxy arrives from the proxy); False (refused) during an outage."""
        if time.monotonic() < self._outage_until:
            self._log(None, "refused", peer)
            return False
        self._links[id(link)] = link
        self._peers[id(link)] = peer
        self._log(None, "opened", peer)
        return True

    def hello(
        self,
        link: DeviceLink,
        credentials: dict[str, Any] | None,
        available: bool = True,
        history_sync: str = "all",
    ) -> None:
        """`available`: the device marks its account available once connected (as
        whatsmeow's clients do unless told not to); `history_sync`: how much history a
        pairing phone sends (all, none, <N>d)."""
        if not available:
            self._stays_offline.add(id(link))
        now = time.monotonic()
        if now < self._outdated_until:
            self._refuse_outdated(link)
            return
        if credentials is None:
            self._start_pairing(link, history_sync)
            return
        device = self.devices.get(str(credentials.get("device_id", "")))
        if device is None or not secrets.compare_digest(
            device.secret, str(credentials.get("secret", ""))
        ):
            link.push({"op": p.AUTH_FAILED, "reason": "logged_out"})
            link.close("auth_failed")
            return
        if now < device.faults.outdated_until:
            self._refuse_outdated(link)
            return
        if now < device.faults.banned_until:
            self._refuse_banned(link, device.faults.banned_until - now)
            return
        self._attach(device, link)

    def device_for(self, link: DeviceLink) -> Device | None:
        """The device this socket speaks for, if it still does (not replaced, not logged out)."""
        device = self._by_link.get(id(link))
        return device if device is not None and device.link is link else None

    def disconnected(self, link: DeviceLink) -> None:
        self._links.pop(id(link), None)
        peer = self._peers.pop(id(link), "")
        self._stays_offline.discard(id(link))
        attempt = self._pairing.get(id(link))
        if attempt is not None:
            self._end_pairing(attempt)
        device = self._by_link.pop(id(link), None)
        if device is not None and device.link is link:
            device.link = None
            self._log(device, "closed", peer)

    def ping(self, link: DeviceLink, ref: object) -> None:
        device = self.device_for(link)
        delay = device.faults.ack_delay(time.monotonic()) if device else 0.0
        link.push({"op": p.PONG, "ref": ref}, delay)

    def send_from_device(
        self,
        device: Device,
        ref: str,
        to: str,
        text: str,
        client_id: Any,
        quoted: dict[str, str] | None = None,
        media: WireMedia | None = None,
        kind: str = m.TEXT,
        content: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
    ) -> None:
        link = device.link
        if link is None:
            return
        refusal = self._refused_send(device, client_id) or self._restricted_send(device, to)
        if refusal is not None:
            link.push({"op": p.ERROR, "ref": ref, **refusal})
            return
        faults = device.faults
        delay = faults.ack_delay(time.monotonic())
        sender = self.phones[device.phone]
        earlier = sender.sent.get(client_id) if client_id else None
        if earlier is not None:  # a repeat of a send the network already has: ack it again
            link.push(
                {"op": p.ACK, "ref": ref, "id": earlier.id, "timestamp": earlier.timestamp}, delay
            )
            return
        try:
            msg = self._route(
                device.phone, to, text, client_id, quoted, media, kind, content, context
            )
        except SimError as e:
            link.push({"op": p.ERROR, "ref": ref, "code": e.code, "message": e.message})
            return
        if client_id:
            sender.sent[client_id] = msg
            if len(sender.sent) > _SENT_IDS_KEPT:
                sender.sent.popitem(last=False)
        if media is not None:
            self._phone_downloads(msg, media)
        link.push({"op": p.ACK, "ref": ref, "id": msg.id, "timestamp": msg.timestamp}, delay)
        if msg.chat or self.blocks(to, device.phone):
            return  # a group's receipts come per member (wagate reports 1:1 ones only);
            # one who blocked the sender never receives it: it stays at one tick
        # A virtual phone is always online: it has the message the moment it is routed.
        receipt: dict[str, Any] = {"op": p.RECEIPT, "id": msg.id, "to": to, "status": "delivered"}
        if self.phones[to].lid_addressed:
            receipt["to_lid"] = self.phones[to].lid
        link.push(receipt, delay)

    def _refused_send(self, device: Device, client_id: Any) -> dict[str, Any] | None:
        """Why the network refuses a device's send before routing it (its error frame's
        fields), or None: WhatsApp's rate limit as a fault asks, or a malformed id."""
        faults = device.faults
        if faults.overlimit_left > 0:
            faults.overlimit_left -= 1
            return {
                "code": p.RATE_OVERLIMIT,
                "message": "rate overlimit: slow down",
                "retry_after": faults.retry_after_s,
            }
        if client_id is not None and not (
            isinstance(client_id, str) and _CLIENT_ID.fullmatch(client_id)
        ):
            return {"code": p.BAD_FRAME, "message": "id must be 1 to 64 letters or digits"}
        return None

    def _restricted_send(self, device: Device, to: str) -> dict[str, Any] | None:
        """Why WhatsApp refuses this account's send to `to` (an error frame's fields), or
        None: a restricted account sends nothing until the restriction ends; one refused
        new contacts sends only to chats with a conversation already (WhatsApp's 463)."""
        now, faults = time.monotonic(), device.faults
        if now < faults.restricted_until:
            return {
                "code": p.ACCOUNT_RESTRICTED,
                "message": "this account is restricted from sending messages",
                "retry_after": round(faults.restricted_until - now, 3),
            }
        # the inboxes are read only while the fault is on: every send would scan them
        refusing = now < faults.new_contacts_refused_until
        if refusing and not to.endswith("@g.us") and not self._have_talked(device.phone, to):
            return {
                "code": p.NEW_CONTACT_REFUSED,
                "message": f"WhatsApp refuses a first message to {to} from this account",
                "error": NEW_CONTACT_ERROR,
            }
        return None

    def _have_talked(self, number: str, other: str) -> bool:
        """Whether either phone ever received a 1:1 message from the other."""

        def wrote_to(writer: str, reader: str) -> bool:
            phone = self.phones.get(reader)
            inbox = phone.inbox if phone is not None else []
            return any(not msg.chat and msg.sender == writer for msg in inbox)

        return wrote_to(other, number) or wrote_to(number, other)

    def media_conn(self, link: DeviceLink, ref: object, host: str) -> None:
        """A device asks for a media connection: an upload token for the media host."""
        conn = self.media.media_conn()
        link.push(
            {"op": p.MEDIA_CONN, "ref": ref, "auth": conn.auth, "ttl": conn.ttl_s, "host": host}
        )

    def _phone_downloads(self, msg: ReceivedMessage, media: WireMedia) -> None:
        """The recipient phone downloads and checks what a device sent it, as a phone
        does on arrival; the outcome shows in its inbox."""
        msg.download = PhoneDownload()
        task = asyncio.get_running_loop().create_task(
            download_to_phone(self.media, media, msg.download)
        )
        self._downloads.add(task)
        task.add_done_callback(self._downloads.discard)

    def received(self, device: Device, message_id: str) -> None:
        device.pending.pop(message_id, None)

    def set_history(self, number: str, messages: list[OldMessage]) -> None:
        """What the phone's devices linked from now on receive after pairing."""
        self.phone(number).history = messages

    def request_history(self, device: Device, request: dict[str, Any]) -> None:
        """The phone sends what it has of a chat before a message, as one on-demand chunk
        after whatever chunks the device still has to receive."""
        owner = self.phones[device.phone]
        chunk = history.on_demand(owner.history, request)
        if device.history_chunk is None:
            device.history_chunk = chunk
            if device.link is not None:
                device.link.push(chunk)
        else:
            device.history_rest = itertools.chain(device.history_rest, [chunk])

    def history_received(self, device: Device, chunk_id: str) -> None:
        """The device stored a chunk: the phone sends the next."""
        if device.history_chunk is None or device.history_chunk["id"] != chunk_id:
            return
        device.history_chunk = next(device.history_rest, None)
        if device.history_chunk is not None and device.link is not None:
            device.link.push(device.history_chunk)

    def logout(self, device: Device) -> None:
        device.link = None
        self.devices.pop(device.id, None)
        phone = self.phones.get(device.phone)
        if phone is not None:
            phone.devices.discard(device.id)

    def request_pair_code(self, link: DeviceLink, ref: object, number: object) -> None:
        attempt = self._pairing.get(id(link))
        if attempt is None:
            link.push(
                {
                    "op": p.ERROR,
                    "ref": ref,
                    "code": p.NOT_PAIRING,
                    "message": "this device is not pairing",
                }
            )
            return
        if not isinstance(number, str) or number not in self.phones:
            link.push(
                {
                    "op": p.ERROR,
                    "ref": ref,
                    "code": p.PHONE_NOT_FOUND,
                    "message": f"{number} is not on WhatsApp",
                }
            )
            return
        if attempt.pair_code is not None:
            self._code_index.pop(attempt.pair_code, None)
        attempt.pair_code, attempt.pair_phone = _pair_code(), number
        self._code_index[attempt.pair_code] = attempt
        link.push({"op": p.PAIR_CODE, "ref": ref, "code": attempt.pair_code})

    # ---- faults ---------------------------------------------------------------------

    def inflict(self, fault: FaultRequest) -> int:
        """Apply a fault to every device linked to the phone (or, for a network-wide
        kind without a phone, to every connection); returns how many devices."""
        now = time.monotonic()
        if fault.phone is None:  # outdated: WhatsApp refuses this client version
            self._outdated_until = now + (fault.seconds or float("inf"))
            refused = list(self._links.values())
            for open_link in refused:
                self._refuse_outdated(open_link)
            return len(refused)
        devices = [self.devices[d] for d in self.phone(fault.phone).devices]
        if not devices:
            raise SimError(409, "no_linked_device", f"no device is linked to {fault.phone}")
        for device in devices:
            link, faults = device.link, device.faults
            match fault.kind:
                case "drop":
                    faults.drops_left = fault.count - 1
                    if link is not None:
                        self._drop(device, link)
                case "logout":
                    if link is not None:
                        link.push({"op": p.UNLINKED, "reason": "logged_out_from_phone"})
                        link.close("unlinked")
                    self.logout(device)
                case "replaced":
                    if link is not None:
                        link.push({"op": p.REPLACED})
                        link.close("replaced")
                case "restart_required":
                    if link is not None:
                        link.push({"op": p.RESTART_REQUIRED})
                        link.close("restart_required")
                case "overlimit":
                    faults.overlimit_left = fault.count
                    faults.retry_after_s = fault.seconds or DEFAULT_RETRY_AFTER_S
                case "stall":
                    if link is not None:
                        link.stall(fault.seconds)
                case "slow":
                    faults.slow_until = now + (fault.seconds or DEFAULT_SLOW_S)
                    faults.slow_delay_s = fault.delay_ms / 1000
                case "ban":
                    faults.banned_until = now + (fault.seconds or DEFAULT_BAN_S)
                    if link is not None:
                        self._refuse_banned(link, faults.banned_until - now)
                case "outdated":
                    faults.outdated_until = now + (fault.seconds or float("inf"))
                    if link is not None:
                        self._refuse_outdated(link)
                case "new_contacts_refused":
                    faults.new_contacts_refused_until = now + (fault.seconds or float("inf"))
                case "restricted":
                    faults.restricted_until = now + (fault.seconds or DEFAULT_RESTRICTED_S)
        return len(devices)

    def clear_faults(self, number: str) -> None:
        for device_id in self.phone(number).devices:
            device = self.devices[device_id]
            device.faults = DeviceFaults()
            if device.link is not None:
                device.link.stall(0)
                device.link.release_held()

    def clear_network_faults(self) -> None:
        self._outdated_until = 0.0

    def start_outage(self, seconds: float) -> int:
        """Close every socket; refuse new ones for `seconds`. Returns sockets closed."""
        self._outage_until = time.monotonic() + seconds
        links = list(self._links.values())
        for link in links:
            link.close("outage", code=1012)
        return len(links)

    def end_outage(self) -> None:
        self._outage_until = 0.0

    @property
    def in_outage(self) -> bool:
        return time.monotonic() < self._outage_until

    def connections(self, number: str | None) -> list[dict[str, Any]]:
        return [e for e in self.connection_log if number is None or e["phone"] == number]

    # ---- internals ----------------------------------------------------------------

    def _log(self, device: Device | None, event: str, peer: str = "") -> None:
        self.connection_log.append(
            {
                "phone": device.phone if device else None,
                "deviceId": device.id if device else None,
                "at": time.time() * 1000,
                "event": event,
                "peer": peer,  # the socket's host:port as the network saw it ("" unknown)
            }
        )

    def _refuse_banned(self, link: DeviceLink, seconds_left: float) -> None:
        link.push({"op": p.TEMPORARY_BAN, "code": BAN_CODE, "expire": round(seconds_left)})
        link.close("temporary_ban")

    def _refuse_outdated(self, link: DeviceLink) -> None:
        link.push({"op": p.CLIENT_OUTDATED})
        link.close("client_outdated")

    def _drop(self, device: Device, link: DeviceLink) -> None:
        self._log(device, "dropped", self._peers.get(id(link), ""))
        link.close("dropped", code=1011)

    def _complete_pairing(self, attempt: PairingAttempt, number: str) -> Device:
        self._end_pairing(attempt)
        device = Device(id=secrets.token_hex(8), secret=secrets.token_urlsafe(24), phone=number)
        self.devices[device.id] = device
        self.phones[number].devices.add(device.id)
        device.history_rest = history.chunks(self.phones[number].history, attempt.history_sync)
        device.history_chunk = next(device.history_rest, None)
        credentials = {"device_id": device.id, "secret": device.secret}
        attempt.link.push({"op": p.PAIRED, "phone": number, "credentials": credentials})
        self._attach(device, attempt.link)
        return device

    def _attach(self, device: Device, link: DeviceLink) -> None:
        previous = device.link
        if previous is not None and previous is not link:
            previous.push({"op": p.REPLACED})
            previous.close("replaced")
        device.link = link
        self._by_link[id(link)] = device
        link.push({"op": p.CONNECTED, "phone": device.phone})
        self._log(device, "connected", self._peers.get(id(link), ""))
        if id(link) not in self._stays_offline:
            self.messaging.presence[device.phone] = "available"
        if device.faults.drops_left > 0:  # a flapping link: up, then gone again
            device.faults.drops_left -= 1
            self._drop(device, link)
            return
        for msg in list(device.pending.values()):
            link.push({"op": p.MESSAGE, **msg.public()})
        if device.history_chunk is not None:  # again after a reconnect, until received
            link.push(device.history_chunk)

    def _route(
        self,
        sender: str,
        to: str,
        text: str,
        message_id: str | None = None,
        quoted: dict[str, str] | None = None,
        media: WireMedia | None = None,
        kind: str = m.TEXT,
        content: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
    ) -> ReceivedMessage:
        """A message, of any kind, to a number, a group or the status broadcast. In a
        group it reaches every other member, with the group as its chat and the sender as
        its author, named by LID too (groups address members by LID); a status reaches the
        numbers the sender's address book names (WhatsApp's default status privacy, "my
        contacts", and what whatsmeow sends a status to)."""
        phone = self.phones[sender]
        if to.endswith("@g.us"):
            group = self.groups.get(to, sender)
            if group.settings.announce:  # an announcement group: admins alone write
                group.need_admin(sender)
            chat, sender_lid = group.id, phone.lid
            recipients = [member for member in group.roles if member != sender]
        elif to.endswith("@newsletter"):  # a channel post: kept, read by asking
            self.channels.admin_of(to, sender)
            chat, sender_lid, recipients = to, "", []
        elif to == STATUS_CHAT:  # a status update: to the poster's contacts on WhatsApp
            chat, sender_lid = STATUS_CHAT, self._lid_if_addressed(sender)
            recipients = [n for n in phone.address_book if n in self.phones and n != sender]
        else:
            if to not in self.phones:
                raise SimError(404, p.NOT_ON_WHATSAPP, f"{to} is not on WhatsApp")
            if to in phone.blocked:
                raise SimError(422, p.CONTACT_BLOCKED, f"{sender} blocked {to}: unblock to send")
            chat, sender_lid = "", self._lid_if_addressed(sender)
            recipients = [] if self.blocks(to, sender) else [to]
        msg = ReceivedMessage(
            id=message_id or _message_id(),
            sender=sender,
            text=text,
            timestamp=self._clock_ms(),
            quoted=quoted,
            sender_lid=sender_lid,
            chat=chat,
            media=media,
            kind=kind,
            content=content,
            push_name=phone.push_name,
            context=dict(context or {}),
        )
        if to.endswith("@newsletter"):
            self.channels.post(to, sender, msg.id, media.kind if media else kind, text)
        filed = m.Sent(msg.id, sender, kind, msg.timestamp, content)
        self.messaging.sent_by(sender, filed)
        for recipient in recipients:
            self.messaging.arrived(recipient, filed)
            self._deliver(self.phones[recipient], msg)
        return msg

    def _deliver(self, recipient: Phone, msg: ReceivedMessage) -> None:
        recipient.inbox.append(msg)
        for device_id in recipient.devices:
            device = self.devices[device_id]
            device.pending[msg.id] = msg
            if device.link is not None:
                device.link.push({"op": p.MESSAGE, **msg.public()})

    def push_to_phone(self, number: str, frame: dict[str, Any]) -> int:
        """`frame` to every connected device linked to `number`; returns how many."""
        pushed = 0
        for device_id in self.phone(number).devices:
            link = self.devices[device_id].link
            if link is not None:
                link.push(frame)
                pushed += 1
        return pushed

    def blocks(self, number: str, other: str) -> bool:
        """Whether `number`'s account blocked `other`: then nothing 1:1 of theirs reaches it."""
        return other in self.phone(number).blocked

    def ringable(self, caller: str, numbers: list[str]) -> list[str]:
        """Those of `numbers` a call from `caller` reaches: not who blocked the caller."""
        return [number for number in numbers if not self.blocks(number, caller)]

    def _lid_if_addressed(self, number: str) -> str:
        phone = self.phone(number)
        return phone.lid if phone.lid_addressed else ""

    # ---- groups ---------------------------------------------------------------------

    def tell_group(self, change: GroupChange) -> None:
        """A group_update frame to the connected devices of every member it concerns
        (the actor's own devices included, as WhatsApp does)."""
        frame: dict[str, Any] = {
            "op": p.GROUP_UPDATE,
            "group": change.group.id,
            "action": change.action,
            "by": change.by,
            "by_lid": self.phones[change.by].lid,
            "participants": [
                {"phone": number, "lid": self.phones[number].lid} for number in change.participants
            ],
            "timestamp": self._clock_ms(),
        }
        if change.subject is not None:
            frame["subject"] = change.subject
        if change.description is not None:
            frame["description"] = change.description
        if change.setting is not None:
            frame["settings"] = dict([change.setting])
        if change.picture_id is not None:
            frame["picture_id"] = change.picture_id
        for number in change.told:
            self.push_to_phone(number, frame)

    def _start_pairing(self, link: DeviceLink, history_sync: str) -> None:
        attempt = PairingAttempt(link=link, history_sync=history_sync)
        self._pairing[id(link)] = attempt
        attempt.task = asyncio.get_running_loop().create_task(self._rotate_codes(attempt))

    async def _rotate_codes(self, attempt: PairingAttempt) -> None:
        while attempt.codes_shown < self.qr_count:
            self._qr_index.pop(attempt.code, None)
            attempt.code = _qr_code()
            attempt.codes_shown += 1
            self._qr_index[attempt.code] = attempt
            attempt.link.push({"op": p.QR, "code": attempt.code})
            await asyncio.sleep(self.qr_first_s if attempt.codes_shown == 1 else self.qr_interval_s)
        self._end_pairing(attempt, cancel=False)
        attempt.link.push({"op": p.PAIR_TIMEOUT})
        attempt.link.close("pair_timeout")

    def _end_pairing(self, attempt: PairingAttempt, *, cancel: bool = True) -> None:
        self._pairing.pop(id(attempt.link), None)
        self._qr_index.pop(attempt.code, None)
        if attempt.pair_code is not None:
            self._code_index.pop(attempt.pair_code, None)
        if cancel and attempt.task is not None:
            attempt.task.cancel()

    # ---- messaging (simnet/messaging.py) ------------------------------------

    def phone_act(
        self, sender: str, to: str, kind: str, content: dict[str, Any], text: str = ""
    ) -> ReceivedMessage:
        """A phone sends a location, contacts, a poll, or acts on a message (react, edit,
        revoke, vote): a message of that kind, routed as any other."""
        self.phone(sender)
        return self._route(sender, to, text, None, None, kind=kind, content=content)

    def device_read(self, device: Device, chat: str, ids: list[str], sender: str = "") -> None:
        """The device read these messages of `chat`, written by `sender`: the writer's
        phone sees them read (in a group, the receipt names the member who wrote them, as
        WhatsApp's participant attribute does)."""
        now = self._clock_ms()
        writer = chat if chat in self.phones else sender
        if writer in self.phones:
            self.messaging.activity_of(writer).read.update({i: now for i in ids})

    def device_presence(self, device: Device, state: str, chat: str | None = None) -> None:
        """The device's own availability, or (with `chat`) typing/recording/paused there."""
        if chat is None:
            self.messaging.presence[device.phone] = state
            return
        if chat in self.phones:
            shown = {"from": device.phone, "state": state, "at": self._clock_ms()}
            self.messaging.activity_of(chat).presence.append(shown)

    def subscribe_presence(self, device: Device, phone: str) -> None:
        """The device asks for `phone`'s availability changes (WhatsApp's presence
        subscription)."""
        self.messaging.subscribers.setdefault(phone, set()).add(device.id)

    def phone_presence(self, sender: str, to: str | None, state: str, chat_state: bool) -> int:
        """A phone shows `to`'s devices its presence (None: its availability, to every
        device subscribed to it); returns how many devices saw it."""
        phone = self.phone(sender)
        frame: dict[str, Any] = {"op": p.PRESENCE, "from": sender, "state": state}
        if phone.lid_addressed:
            frame["from_lid"] = phone.lid
        if not chat_state and state == "unavailable":
            frame["last_seen"] = self._clock_ms()
        shown = 0
        subscribed = self.messaging.subscribers.get(sender, set())
        audience = list(subscribed) if to is None else list(self.phone(to).devices)
        for device_id in audience:
            device = self.devices.get(device_id)
            link = device.link if device is not None else None
            if link is not None:
                link.push(frame)
                shown += 1
        return shown

    def phone_read(self, reader: str, sender: str, ids: list[str]) -> None:
        """A phone reads messages `sender`'s devices sent it: read receipts to them."""
        phone = self.phone(reader)
        for device_id in self.phone(sender).devices:
            link = self.devices[device_id].link
            if link is None:
                continue
            for message_id in ids:
                receipt: dict[str, Any] = {
                    "op": p.RECEIPT,
                    "id": message_id,
                    "to": reader,
                    "status": "read",
                }
                if phone.lid_addressed:
                    receipt["to_lid"] = phone.lid
                link.push(receipt)

    def stats(self) -> dict[str, Any]:
        return {
            "phones": len(self.phones),
            "devices": len(self.devices),
            "connections": sum(1 for d in self.devices.values() if d.link is not None),
            "sockets": len(self._links),
            "pairing": len(self._pairing),
            "outage": self.in_outage,
            "media": self.media.stats(),
        }
