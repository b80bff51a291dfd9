"""The sim control API's request bodies, each a typed struct checked in one place (as the
gateway's schemas are), refused with the sim's own error codes (wagate/errors.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from starlette import responses
from starlette.requests import Request

from simnet.errors import SimError
from wagate.content import STATUS_CHAT

_PHONE = re.compile(r"[0-9]{7,15}")
MAX_TEXT = 65536
MAX_OUTAGE_S = 3600


class JSONResponse(responses.JSONResponse):
    """The control API's answers, every non-ASCII character escaped: a text sent with an
    unpaired surrogate (valid JSON, as a test sends what WhatsApp may carry) cannot be
    encoded as UTF-8, and must be echoed back, not answered with a 500."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, separators=(",", ":")).encode()


async def json_object(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise SimError(400, "invalid_json", "the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise SimError(400, "invalid_json", "the body must be a JSON object")
    return body


def phone_number(value: object, name: str) -> str:
    if not isinstance(value, str) or not _PHONE.fullmatch(value):
        raise SimError(400, "invalid_phone", f"{name} must be 7 to 15 digits")
    return value


@dataclass(frozen=True)
class NewPhone:
    phone: str
    lid_addressed: bool  # the phone's chats name it by LID, as WhatsApp does for some

    @classmethod
    def parse(cls, body: dict[str, Any]) -> NewPhone:
        lid_addressed = body.get("lidAddressed", False)
        if not isinstance(lid_addressed, bool):
            raise SimError(400, "invalid_phone", "lidAddressed must be true or false")
        return cls(phone_number(body.get("phone"), "phone"), lid_addressed)


@dataclass(frozen=True)
class LinkByQr:
    qr: str

    @classmethod
    def parse(cls, body: dict[str, Any]) -> LinkByQr:
        qr = body.get("qr")
        if not isinstance(qr, str) or not qr:
            raise SimError(400, "invalid_qr", "qr must be the QR string the device showed")
        return cls(qr)


@dataclass(frozen=True)
class LinkByCode:
    code: str

    @classmethod
    def parse(cls, body: dict[str, Any]) -> LinkByCode:
        code = body.get("code")
        if not isinstance(code, str) or not code:
            raise SimError(400, "invalid_code", "code must be the pairing code the device got")
        return cls(code)


_MESSAGE_ID = re.compile(r"[A-Za-z0-9]{1,64}")
# a group, or a channel (which its owner and admins post to)
_CHAT_ID = re.compile(r"[0-9]{5,24}(-[0-9]{5,20})?@g\.us|[0-9]{5,24}@newsletter")


@dataclass(frozen=True)
class PhoneMessage:
    to: str  # a number, a group the phone is in, a channel, or status@broadcast
    text: str
    # the message's id, as a test names it (one the phone's history holds too); None: new
    id: str | None = None
    # what the recipient sees beside the text (simnet/messaging.py context_of): the
    # numbers it mentions (`mentions`), and `mentionAll` in a group
    context: dict[str, Any] | None = None

    @classmethod
    def parse(cls, body: dict[str, Any]) -> PhoneMessage:
        to = body.get("to")
        if not (isinstance(to, str) and (_CHAT_ID.fullmatch(to) or to == STATUS_CHAT)):
            to = phone_number(to, "to")
        text = body.get("text")
        if not isinstance(text, str) or not 0 < len(text) <= MAX_TEXT:
            raise SimError(400, "invalid_text", f"text must be 1 to {MAX_TEXT} characters")
        message_id = body.get("id")
        if message_id is not None and not (
            isinstance(message_id, str) and _MESSAGE_ID.fullmatch(message_id)
        ):
            raise SimError(400, "invalid_text", "id must be 1 to 64 letters and digits")
        return cls(to, text, message_id, _mentions(body))


def _mentions(body: dict[str, Any]) -> dict[str, Any]:
    mentions = body.get("mentions", [])
    if not isinstance(mentions, list):
        raise SimError(400, "invalid_text", "mentions must be a list of numbers")
    context: dict[str, Any] = {}
    if mentions:
        context["mentions"] = [phone_number(n, "mentions") for n in mentions]
    if body.get("mentionAll") is True:
        context["mention_all"] = True
    return context


@dataclass(frozen=True)
class Outage:
    seconds: int | float  # echoed back as sent

    @classmethod
    def parse(cls, body: dict[str, Any]) -> Outage:
        seconds = body.get("seconds")
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not 0 < seconds <= MAX_OUTAGE_S
        ):
            raise SimError(
                400, "invalid_outage", f"seconds must be a number above 0, at most {MAX_OUTAGE_S}"
            )
        return cls(seconds)


MAX_ABOUT = 139  # WhatsApp's limit on the about text
MAX_BUSINESS_NAME = 256
MAX_PUSH_NAME = 256  # WhatsApp's apps allow 25; the sim takes more, to test what is kept


@dataclass(frozen=True)
class PhoneProfile:
    """What a phone shows the world; an absent field stays as it is."""

    about: str | None
    business_name: str | None
    picture: bool | None  # true: set a picture (a URL on the sim), false: remove it
    push_name: str | None = None  # the name the phone's messages carry to their recipients

    @classmethod
    def parse(cls, body: dict[str, Any]) -> PhoneProfile:
        about, name, picture = body.get("about"), body.get("businessName"), body.get("picture")
        if about is not None and not (isinstance(about, str) and len(about) <= MAX_ABOUT):
            raise SimError(400, "invalid_profile", f"about is at most {MAX_ABOUT} characters")
        if name is not None and not (isinstance(name, str) and len(name) <= MAX_BUSINESS_NAME):
            raise SimError(400, "invalid_profile", "businessName is at most 256 characters")
        if picture is not None and not isinstance(picture, bool):
            raise SimError(400, "invalid_profile", "picture must be true or false")
        push = body.get("pushName")
        if push is not None and not (isinstance(push, str) and len(push) <= MAX_PUSH_NAME):
            raise SimError(400, "invalid_profile", f"pushName is at most {MAX_PUSH_NAME} chars")
        return cls(about, name, picture, push)
