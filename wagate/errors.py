"""Every stable error code, with the HTTP status the API answers it with and its meaning.

One table for the gateway (which alone turns a code into an HTTP status), the connector
(whose bus replies carry a code and no status) and the sim network (its own admin API and
its protocol's error frames). The error table of docs/errors.md is checked against the
API part of it by a test, and a test fails when code raises a code literal missing from here.

A code WhatsApp returns that has no entry here (the whatsmeow engine passes its refusals
through) is answered with 502: `status_of` says so in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Audience(Enum):
    API = "api"  # a tenant or operator sees it from the gateway (and docs/errors.md lists it)
    SIM = "sim"  # only the sim network's own HTTP API and protocol frames say it
    # only a tenant's `error` event says it (no request is answered with it); its status
    # says whose failure it is
    EVENT = "event"
    # only `wagate chatwoot` (the Chatwoot bridge) answers it, to wagate's webhook
    # dispatcher or to Chatwoot's webhook
    BRIDGE = "bridge"


@dataclass(frozen=True)
class ErrorSpec:
    code: str
    status: int
    meaning: str
    audience: Audience = Audience.API
    # nothing was done and the same request may succeed later (no connected session,
    # a pause WhatsApp asked for): no outcome an Idempotency-Key should keep
    retryable: bool = False


# the status of a code WhatsApp returned that has no better mapping
UNMAPPED_STATUS = 502

_API = [
    ErrorSpec("invalid_company_id", 400, "companyId must match ^[A-Za-z0-9_-]{1,64}$"),
    ErrorSpec("invalid_json", 400, "the body is not JSON, or nests deeper than 32 levels"),
    ErrorSpec("invalid_idempotency_key", 400, "Idempotency-Key is not 1-255 printable ASCII"),
    ErrorSpec("invalid_since", 400, "the events socket's `since` is not a stream id"),
    ErrorSpec("invalid_cursor", 400, "a page cursor is not one this route gave out"),
    ErrorSpec("host_not_allowed", 400, "the Host header names no host the gateway serves"),
    ErrorSpec("company_required", 400, "an admin listing or creating webhooks names no company"),
    ErrorSpec("unknown_command", 400, "the connector does not know this bus command"),
    ErrorSpec("invalid_command", 400, "the connector cannot read the bus command's payload"),
    ErrorSpec(
        "command_scope_invalid",
        400,
        "a bus command names neither a tenant nor operator scope, or both",
    ),
    ErrorSpec("token_missing", 401, "no bearer token or API key"),
    ErrorSpec("token_expired", 401, "the JWT has expired"),
    ErrorSpec("token_invalid", 401, "the JWT is malformed or its signature is wrong"),
    ErrorSpec("api_key_invalid", 401, "no such API key"),
    ErrorSpec("api_key_revoked", 401, "the API key was revoked"),
    ErrorSpec("sign_in_code_invalid", 401, "the console sign-in code is wrong, used or expired"),
    ErrorSpec("admin_required", 403, "the route is for operators"),
    ErrorSpec("insufficient_scope", 403, "the API key lacks the route's scope"),
    ErrorSpec("tenant_disabled", 403, "the tenant is disabled"),
    # account restrictions WhatsApp puts on the session's number: nothing was sent
    ErrorSpec(
        "new_contact_refused",
        403,
        "WhatsApp refuses this number a first message to a new chat (its error 463)",
        retryable=True,
    ),
    ErrorSpec(
        "account_restricted",
        403,
        "WhatsApp restricted this number from sending; Retry-After says until when",
        retryable=True,
    ),
    ErrorSpec("not_found", 404, "no such route"),
    ErrorSpec(
        "session_not_found", 404, "no session for the company (or not the caller's)", retryable=True
    ),
    ErrorSpec("tenant_not_found", 404, "no such tenant"),
    ErrorSpec("api_key_not_found", 404, "no such API key for the tenant"),
    ErrorSpec("webhook_not_found", 404, "no such webhook endpoint for the tenant"),
    ErrorSpec("stream_not_found", 404, "no such event stream for the tenant"),
    ErrorSpec("delivery_not_found", 404, "no such webhook delivery for the endpoint"),
    ErrorSpec("company_not_found", 404, "no such company"),
    ErrorSpec("message_not_found", 404, "no such message in the chat, sent or received"),
    ErrorSpec("chat_not_found", 404, "the message store has no such chat for the tenant"),
    ErrorSpec(
        "lid_not_found", 404, "WhatsApp told the session no number for the LID, or no LID for it"
    ),
    ErrorSpec("method_not_allowed", 405, "the route does not take this method"),
    ErrorSpec("session_not_connected", 409, "the session is not connected", retryable=True),
    ErrorSpec(
        "chat_history_empty",
        409,
        "the chat has no stored message to ask the phone for older ones before",
    ),
    ErrorSpec("not_connected", 409, "the engine has no connection to WhatsApp"),
    ErrorSpec(
        "message_not_forwardable",
        409,
        "the stored message cannot be forwarded (revoked, a poll, or its content not kept)",
    ),
    ErrorSpec("not_pairing", 409, "a pairing code was asked of a session not pairing"),
    ErrorSpec("tenant_exists", 409, "a tenant with this id exists"),
    ErrorSpec("session_exists", 409, "the tenant's session runs on another engine"),
    ErrorSpec("idempotency_in_progress", 409, "a request with this Idempotency-Key runs"),
    ErrorSpec("endpoint_disabled", 409, "test or replay to a disabled endpoint"),
    ErrorSpec("endpoint_limit_reached", 409, "the tenant has its 20 endpoints"),
    ErrorSpec("stream_limit_reached", 409, "the tenant has its 5 event streams"),
    ErrorSpec("delivery_pending", 409, "replay of a delivery still queued"),
    ErrorSpec("body_too_large", 413, "the body is over the cap"),
    ErrorSpec("validation_failed", 422, "fields of the body are wrong (see details)"),
    ErrorSpec("not_on_whatsapp", 422, "the recipient is not on WhatsApp"),
    ErrorSpec("quoted_message_not_found", 422, "the quoted message is unknown to the session"),
    ErrorSpec("phone_not_found", 422, "the phone number is unknown to WhatsApp"),
    ErrorSpec("idempotency_key_reused", 422, "the Idempotency-Key came with another body"),
    ErrorSpec("url_not_allowed", 422, "the SSRF guard refuses the URL (webhook, media, preview)"),
    ErrorSpec("not_own_message", 422, "only a message the session sent can be edited/revoked"),
    ErrorSpec("edit_window_closed", 422, "WhatsApp's 20 minutes to edit the message are over"),
    ErrorSpec("rate_limited", 429, "the tenant's sends a minute are used up", retryable=True),
    ErrorSpec("rate_overlimit", 429, "WhatsApp asked this number to slow down", retryable=True),
    ErrorSpec(
        "new_chat_limit_reached",
        429,
        "the tenant's pacing allows no more new chats for now; Retry-After says when",
        retryable=True,
    ),
    ErrorSpec("too_many_auth_failures", 429, "too many failed authentications"),
    ErrorSpec("internal_error", 500, "a bug, logged with its trace"),
    ErrorSpec("http_error", 500, "an HTTP error with no code of its own"),
    ErrorSpec("send_failed", UNMAPPED_STATUS, "WhatsApp refused the message"),
    ErrorSpec("connector_error", UNMAPPED_STATUS, "the connector refused with no code"),
    ErrorSpec(
        "group_call_failed", UNMAPPED_STATUS, "WhatsApp failed a group call without a reason"
    ),
    # (a capacity limit, where 503 would say more; kept at the 502 it always had)
    ErrorSpec(
        "engine_full", UNMAPPED_STATUS, "every whatsmeow session slot is in use", retryable=True
    ),
    # media on the wire (engines): the network's media host
    ErrorSpec("media_expired", 410, "WhatsApp no longer has the attachment's bytes"),
    ErrorSpec("media_corrupt", UNMAPPED_STATUS, "the attachment's bytes fail their hash"),
    ErrorSpec("media_upload_failed", UNMAPPED_STATUS, "WhatsApp's media host refused the upload"),
    # media: what a media send or a media download is refused for
    ErrorSpec("multipart_invalid", 400, "a multipart body is malformed or ends early"),
    ErrorSpec("media_source_invalid", 400, "not exactly one of file, url and data given"),
    ErrorSpec("media_url_invalid", 403, "a signed media URL's signature does not match"),
    ErrorSpec("media_url_expired", 403, "a signed media URL is past its expiry"),
    ErrorSpec("media_not_found", 404, "no such media for the tenant"),
    ErrorSpec("media_retention_expired", 404, "the media's retention time is over"),
    ErrorSpec("media_not_stored", 404, "incoming media is not downloaded here"),
    ErrorSpec("media_too_large", 413, "the file is over its kind's cap"),
    ErrorSpec("media_type_mismatch", 422, "the bytes are not of the declared type"),
    ErrorSpec("media_type_not_allowed", 422, "the kind of message does not take this type"),
    ErrorSpec("voice_conversion_unavailable", 422, "no ffmpeg to make a voice note OGG/Opus"),
    ErrorSpec("voice_conversion_failed", 422, "ffmpeg could not convert the audio"),
    ErrorSpec("media_fetch_failed", 422, "the media URL did not answer with the file"),
    ErrorSpec("media_fetch_timeout", 422, "the media URL did not send the file in time"),
    ErrorSpec("media_download_failed", UNMAPPED_STATUS, "WhatsApp's media host did not answer"),
    ErrorSpec("bus_unavailable", 503, "Redis is unreachable: nothing was queued", retryable=True),
    ErrorSpec("database_unavailable", 503, "PostgreSQL refuses or does not answer"),
    ErrorSpec("blob_store_unavailable", 503, "the media store (S3 or its directory) fails"),
    ErrorSpec("session_unhealthy", 503, "the session failed its health check"),
    ErrorSpec("engine_unavailable", 503, "the tenant's engine is not installed", retryable=True),
    ErrorSpec("connector_timeout", 504, "the connector did not answer; the command is queued"),
    ErrorSpec("engine_timeout", 504, "WhatsApp did not answer in time"),
    # number checks, contacts, groups
    ErrorSpec("not_group_admin", 403, "the group change needs the session to be an admin"),
    ErrorSpec("group_not_found", 404, "no such group, or the session is not in it"),
    ErrorSpec("invite_not_found", 404, "the group invite code is unknown or was revoked"),
    ErrorSpec("group_full", 409, "the group has as many members as WhatsApp allows"),
    ErrorSpec("invalid_image", 422, "a group picture is not a JPEG, PNG or WebP image"),
    ErrorSpec(
        "group_rate_limited", 429, "the tenant's group changes a minute are used up", retryable=True
    ),
    ErrorSpec("number_check_rate_limited", 429, "the tenant's number checks a minute are used up"),
    # calls, privacy, the blocklist
    ErrorSpec("call_not_found", 404, "no call was offered to the session lately by that id"),
    ErrorSpec("call_ended", 409, "the call is no longer ringing: it was answered or ended"),
    ErrorSpec("contact_blocked", 422, "the account blocked the recipient: unblock to send"),
    # channels (WhatsApp's newsletters)
    ErrorSpec("not_channel_admin", 403, "posting to a channel the account does not administer"),
    ErrorSpec("channel_not_found", 404, "no such channel"),
    # the account's profile, and a business's
    ErrorSpec("not_a_business", 404, "the account has no business profile"),
    ErrorSpec(
        "picture_invalid", 422, "a profile picture is not a readable JPEG of the allowed size"
    ),
]

_SIM = [
    ErrorSpec("invalid_phone", 400, "a phone number is not 7 to 15 digits", Audience.SIM),
    ErrorSpec("invalid_qr", 400, "qr is not the string a device showed", Audience.SIM),
    ErrorSpec("invalid_code", 400, "code is not the pairing code a device got", Audience.SIM),
    ErrorSpec("invalid_text", 400, "text is empty or too long", Audience.SIM),
    ErrorSpec("invalid_fault", 400, "the fault to inject is not understood", Audience.SIM),
    ErrorSpec(
        "invalid_action",
        400,
        "a phone's react/vote/edit/revoke, or a participant action, is malformed",
        Audience.SIM,
    ),
    ErrorSpec("invalid_outage", 400, "the outage length is out of bounds", Audience.SIM),
    ErrorSpec("invalid_history", 400, "a phone's history to sync is malformed", Audience.SIM),
    ErrorSpec("invalid_call", 400, "a phone's call to place is malformed", Audience.SIM),
    ErrorSpec("bad_frame", 400, "a protocol frame the network cannot read", Audience.SIM),
    ErrorSpec("not_authenticated", 401, "a frame before the device logged in", Audience.SIM),
    ErrorSpec("wrong_phone", 409, "a pairing code asked for another number", Audience.SIM),
    ErrorSpec("no_linked_device", 409, "the phone has no linked device", Audience.SIM),
    ErrorSpec("poll_not_found", 404, "a phone votes on a poll it did not receive", Audience.SIM),
    ErrorSpec("qr_expired", 410, "the QR code is unknown or expired", Audience.SIM),
    ErrorSpec("code_expired", 410, "the pairing code is unknown or expired", Audience.SIM),
    # the sim's media host and its virtual phones' media
    ErrorSpec(
        "invalid_phone_media", 400, "a phone's media to send is not understood", Audience.SIM
    ),
    ErrorSpec("media_host_length_mismatch", 400, "an upload is not as declared", Audience.SIM),
    ErrorSpec("media_host_hash_mismatch", 400, "an upload fails its token's hash", Audience.SIM),
    ErrorSpec("media_host_auth_invalid", 401, "an upload without a valid token", Audience.SIM),
    ErrorSpec("media_host_type_unknown", 404, "an upload to no such media type", Audience.SIM),
    ErrorSpec("media_host_not_found", 404, "no such file on the media host", Audience.SIM),
    ErrorSpec("phone_media_not_found", 404, "the phone received no such media", Audience.SIM),
    ErrorSpec("phone_media_not_downloaded", 409, "the phone could not download it", Audience.SIM),
    ErrorSpec("media_host_expired", 410, "the file expired from the media host", Audience.SIM),
    ErrorSpec("media_host_full", 413, "the media host's byte bound is reached", Audience.SIM),
    ErrorSpec("media_host_unavailable", 503, "a fault: the media host refuses", Audience.SIM),
    # a virtual phone's profile and groups
    ErrorSpec(
        "invalid_profile", 400, "a profile field is of the wrong type or too long", Audience.SIM
    ),
    ErrorSpec("invalid_subject", 400, "a group subject is empty or too long", Audience.SIM),
    ErrorSpec("invalid_description", 400, "a group description is too long", Audience.SIM),
    ErrorSpec("no_picture", 404, "the phone has no profile picture", Audience.SIM),
    ErrorSpec("invalid_setting", 400, "a group setting's value is not one it takes", Audience.SIM),
    ErrorSpec("invalid_channel", 400, "a channel's name or description is wrong", Audience.SIM),
]

_EVENT = [
    # (rate_overlimit, the other `error` event, is an API code too)
    ErrorSpec(
        "event_quarantined",
        500,
        "the database refused to store a session event: it was set aside, the stream went on",
        Audience.EVENT,
    ),
]

_BRIDGE = [
    ErrorSpec(
        "webhook_signature_invalid",
        401,
        "a webhook request is not signed with the bridge's secret, or not just now",
        Audience.BRIDGE,
    ),
    ErrorSpec(
        "callback_token_invalid",
        404,
        "the webhook path's token is not the bridge's callback token",
        Audience.BRIDGE,
    ),
]

CATALOGUE: dict[str, ErrorSpec] = {spec.code: spec for spec in _API + _SIM + _EVENT + _BRIDGE}
assert len(CATALOGUE) == len(_API) + len(_SIM) + len(_EVENT) + len(_BRIDGE), (
    "an error code is listed twice"
)


def status_of(code: str) -> int:
    """The HTTP status of a code; a code WhatsApp returned that is not listed: 502."""
    spec = CATALOGUE.get(code)
    return spec.status if spec is not None else UNMAPPED_STATUS


def retryable(code: str) -> bool:
    """Whether an answer with this code means nothing was done (see ErrorSpec)."""
    spec = CATALOGUE.get(code)
    return spec is not None and spec.retryable


def api_codes() -> dict[str, ErrorSpec]:
    return {c: s for c, s in CATALOGUE.items() if s.audience is Audience.API}
