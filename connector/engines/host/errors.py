"""The host's error codes (reply.error.code) as the connector's EngineError codes, so the
session's policy (not sent, pause, retry) is the same for every engine."""

from __future__ import annotations

from connector.engine import (
    CHANNEL_NOT_FOUND,
    GROUP_NOT_FOUND,
    INVALID_IMAGE,
    INVITE_NOT_FOUND,
    MEDIA_CORRUPT,
    MEDIA_EXPIRED,
    MEDIA_UPLOAD_FAILED,
    NEW_CONTACT_REFUSED,
    NOT_A_BUSINESS,
    NOT_CHANNEL_ADMIN,
    NOT_GROUP_ADMIN,
    NOT_ON_WHATSAPP,
    PICTURE_INVALID,
    RATE_OVERLIMIT,
    EngineError,
)
from connector.engines.host.client import NOT_CONNECTED, TIMEOUT
from connector.engines.host.messages import Reply

# fallbacks: what a request's own failure is called when the host says only `failed`
SEND_FAILED = "send_failed"
GROUP_CALL_FAILED = "group_call_failed"
DOWNLOAD_FAILED = "media_download_failed"
FAILED = "connector_error"

_CODES = {
    "not_connected": NOT_CONNECTED,  # the session is not logged in: nothing was done
    "not_running": NOT_CONNECTED,  # the host has no such session (it ended)
    "timeout": TIMEOUT,  # the request's deadline passed at the host: outcome unknown
    "rate_overlimit": RATE_OVERLIMIT,
    "media_unreadable": MEDIA_UPLOAD_FAILED,  # the host could not read our file: not sent
    "media_upload_failed": MEDIA_UPLOAD_FAILED,
    "media_gone": MEDIA_EXPIRED,
    "media_invalid": MEDIA_CORRUPT,
    "group_not_found": GROUP_NOT_FOUND,
    "not_group_admin": NOT_GROUP_ADMIN,
    "invite_not_found": INVITE_NOT_FOUND,
    "not_on_whatsapp": NOT_ON_WHATSAPP,
    "invalid_image": INVALID_IMAGE,
    "new_contact_refused": NEW_CONTACT_REFUSED,
    "not_a_business": NOT_A_BUSINESS,
    "picture_invalid": PICTURE_INVALID,
    "channel_not_found": CHANNEL_NOT_FOUND,
    "not_channel_admin": NOT_CHANNEL_ADMIN,
}


def check(reply: Reply, fallback: str = FAILED) -> Reply:
    """The reply, or its error as an EngineError: the host's code mapped, anything else
    (`failed`, `bad_request`, a newer code) under the request's fallback code."""
    if reply.error is None:
        return reply
    code = _CODES.get(reply.error.code, fallback)
    raise EngineError(code, f"{reply.error.message or reply.error.code} ({reply.error.code})")
