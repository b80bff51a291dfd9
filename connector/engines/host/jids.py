"""wagate's names for people and chats, and the JIDs the host speaks.

A number is `digits@s.whatsapp.net`; a group id (`…@g.us`) and a LID (`…@lid`) are used
as they are. A LID's digits are never a number: `<lid digits>@s.whatsapp.net` is never
built, and a person named by LID alone has no number (None)."""

from __future__ import annotations

from typing import Any

PHONE_SERVER = "s.whatsapp.net"
LID_SERVER = "lid"


def to_jid(name: str) -> str:
    """A chat or person as the host addresses it: a number becomes a phone JID; anything
    with a server part (a group, a LID) is already a JID."""
    return name if "@" in name else f"{name}@{PHONE_SERVER}"


def _split(jid: str) -> tuple[str, str]:
    user, _, server = jid.partition("@")
    return user.split(":", 1)[0], server  # `user:device@server`: the device is no name


def phone_of(jid: str) -> str | None:
    user, server = _split(jid)
    return user if server == PHONE_SERVER and user else None


def lid_of(jid: str) -> str:
    user, server = _split(jid)
    return user if server == LID_SERVER else ""


def person(*addresses: str) -> tuple[str | None, str]:
    """(number, LID) of whoever these addresses name (an address and its alternates: the
    number is whichever is a phone JID, the LID whichever is a LID)."""
    phone, lid = None, ""
    for address in addresses:
        phone = phone or phone_of(address)
        lid = lid or lid_of(address)
    return phone, lid


def device_jid_of(credentials: dict[str, Any]) -> str:
    """The device a session resumes: the host's credentials, or those wagate's earlier
    engine sealed (`user`, `device`, `server`), which name the same device in the same
    store (tests/connector/test_engine_host_process.py resumes one)."""
    if "device_jid" in credentials:
        return str(credentials["device_jid"])
    device = int(credentials.get("device", 0))
    suffix = f":{device}" if device else ""
    return f"{credentials['user']}{suffix}@{credentials.get('server', PHONE_SERVER)}"
