"""The simulated WhatsApp network: virtual phones, linked devices, pairing and routing.

All state lives in one asyncio loop, so methods need no locks. Devices are reached through
the `DeviceLink` protocol (a live socket in the server, anything in a unit test).
"""

from __future__ import annotations

import asyncio
import base64
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from simnet import protocol as p


class DeviceLink(Protocol):
    def push(self, frame: dict[str, Any]) -> None: ...
    def close(self, reason: str) -> None: ...


class SimError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass
class ReceivedMessage:
    id: str
    sender: str
    text: str
    timestamp: int  # epoch ms

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "from": self.sender, "text": self.text, "timestamp": self.timestamp}


@dataclass
class Phone:
    number: str
    inbox: list[ReceivedMessage] = field(default_factory=list)
    devices: set[str] = field(default_factory=set)  # linked device ids


@dataclass
class Device:
    id: str
    secret: str
    phone: str
    # incoming messages not yet confirmed with "received": re-sent on every connect
    pending: dict[str, ReceivedMessage] = field(default_factory=dict)
    link: DeviceLink | None = None


@dataclass
class PairingAttempt:
    link: DeviceLink
    code: str = ""
    codes_shown: int = 0
    task: asyncio.Task[None] | None = None


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


class Network:
    def __init__(
        self,
        *,
        qr_interval_s: float = 20.0,
        qr_count: int = 6,
        clock_ms: Callable[[], int] = _now_ms,
    ) -> None:
        self.qr_interval_s = qr_interval_s
        self.qr_count = qr_count
        self._clock_ms = clock_ms
        self.phones: dict[str, Phone] = {}
        self.devices: dict[str, Device] = {}
        self._pairing: dict[int, PairingAttempt] = {}  # keyed by id(link)
        self._qr_index: dict[str, PairingAttempt] = {}
        self._by_link: dict[int, Device] = {}  # id(link) -> the device it authenticated as

    # ---- phones (control API) -------------------------------------------------------

    def add_phone(self, number: str) -> tuple[Phone, bool]:
        phone = self.phones.get(number)
        if phone is not None:
            return phone, False
        phone = Phone(number)
        self.phones[number] = phone
        return phone, True

    def phone(self, number: str) -> Phone:
        phone = self.phones.get(number)
        if phone is None:
            raise SimError(404, "phone_not_found", f"no virtual phone {number}")
        return phone

    def link(self, number: str, qr: str) -> Device:
        """The phone scans `qr`: the device showing it becomes linked to this phone."""
        phone = self.phone(number)
        attempt = self._qr_index.get(qr)
        if attempt is None or attempt.code != qr:
            raise SimError(410, "qr_expired", "this QR code is unknown or has expired")
        self._end_pairing(attempt)
        device = Device(id=secrets.token_hex(8), secret=secrets.token_urlsafe(24), phone=number)
        self.devices[device.id] = device
        phone.devices.add(device.id)
        credentials = {"device_id": device.id, "secret": device.secret}
        attempt.link.push({"op": p.PAIRED, "phone": number, "credentials": credentials})
        self._attach(device, attempt.link)
        return device

    def send_from_phone(self, sender: str, to: str, text: str) -> ReceivedMessage:
        self.phone(sender)
        return self._route(sender, to, text)

    # ---- devices (socket side) ------------------------------------------------------

    def hello(self, link: DeviceLink, credentials: dict[str, Any] | None) -> Device | None:
        """A device connected. Returns the device when it authenticated, else pairs."""
        if credentials is None:
            self._start_pairing(link)
            return None
        device = self.devices.get(str(credentials.get("device_id", "")))
        if device is None or not secrets.compare_digest(
            device.secret, str(credentials.get("secret", ""))
        ):
            link.push({"op": p.AUTH_FAILED, "reason": "logged_out"})
            link.close("auth_failed")
            return None
        self._attach(device, link)
        return device

    def device_for(self, link: DeviceLink) -> Device | None:
        """The device this socket speaks for, if it still does (not replaced, not logged out)."""
        device = self._by_link.get(id(link))
        return device if device is not None and device.link is link else None

    def disconnected(self, link: DeviceLink) -> None:
        attempt = self._pairing.get(id(link))
        if attempt is not None:
            self._end_pairing(attempt)
        device = self._by_link.pop(id(link), None)
        if device is not None and device.link is link:
            device.link = None

    def send_from_device(self, device: Device, ref: str, to: str, text: str) -> None:
        try:
            msg = self._route(device.phone, to, text)
        except SimError as e:
            device_link = device.link
            if device_link is not None:
                device_link.push({"op": p.ERROR, "ref": ref, "code": e.code, "message": e.message})
            return
        if device.link is not None:
            device.link.push({"op": p.ACK, "ref": ref, "id": msg.id, "timestamp": msg.timestamp})
            # A virtual phone is always online: it has the message the moment it is routed.
            device.link.push({"op": p.RECEIPT, "id": msg.id, "to": to, "status": "delivered"})

    def received(self, device: Device, message_id: str) -> None:
        device.pending.pop(message_id, None)

    def logout(self, device: Device) -> None:
        device.link = None
        self.devices.pop(device.id, None)
        phone = self.phones.get(device.phone)
        if phone is not None:
            phone.devices.discard(device.id)

    # ---- internals ----------------------------------------------------------------

    def _attach(self, device: Device, link: DeviceLink) -> None:
        previous = device.link
        if previous is not None and previous is not link:
            previous.push({"op": p.REPLACED})
            previous.close("replaced")
        device.link = link
        self._by_link[id(link)] = device
        link.push({"op": p.CONNECTED, "phone": device.phone})
        for msg in list(device.pending.values()):
            link.push({"op": p.MESSAGE, **msg.public()})

    def _route(self, sender: str, to: str, text: str) -> ReceivedMessage:
        recipient = self.phones.get(to)
        if recipient is None:
            raise SimError(404, p.NOT_ON_WHATSAPP, f"{to} is not on WhatsApp")
        msg = ReceivedMessage(
            id=_message_id(), sender=sender, text=text, timestamp=self._clock_ms()
        )
        recipient.inbox.append(msg)
        for device_id in recipient.devices:
            device = self.devices[device_id]
            device.pending[msg.id] = msg
            if device.link is not None:
                device.link.push({"op": p.MESSAGE, **msg.public()})
        return msg

    def _start_pairing(self, link: DeviceLink) -> None:
        attempt = PairingAttempt(link=link)
        self._pairing[id(link)] = attempt
        attempt.task = asyncio.get_running_loop().create_task(self._rotate_codes(attempt))

    async def _rotate_codes(self, attempt: PairingAttempt) -> None:
        while attempt.codes_shown < self.qr_count:
            self._qr_index.pop(attempt.code, None)
            attempt.code = _qr_code()
            attempt.codes_shown += 1
            self._qr_index[attempt.code] = attempt
            attempt.link.push({"op": p.QR, "code": attempt.code})
            await asyncio.sleep(self.qr_interval_s)
        self._end_pairing(attempt, cancel=False)
        attempt.link.push({"op": p.PAIR_TIMEOUT})
        attempt.link.close("pair_timeout")

    def _end_pairing(self, attempt: PairingAttempt, *, cancel: bool = True) -> None:
        self._pairing.pop(id(attempt.link), None)
        self._qr_index.pop(attempt.code, None)
        if cancel and attempt.task is not None:
            attempt.task.cancel()

    def stats(self) -> dict[str, int]:
        return {
            "phones": len(self.phones),
            "devices": len(self.devices),
            "connections": sum(1 for d in self.devices.values() if d.link is not None),
            "pairing": len(self._pairing),
        }
