"""Verifying wagate's webhook requests: the Standard Webhooks scheme
(https://www.standardwebhooks.com), the one the gateway signs with and the `svix`
verifiers accept, without depending on svix.

A request carries `webhook-id`, `webhook-timestamp` (Unix seconds) and
`webhook-signature`: space-separated `v1,<base64 HMAC-SHA256>` entries (two while a
rotated secret overlaps with the new one). The signed content is
`{webhook-id}.{webhook-timestamp}.{raw body}` under the secret's bytes (base64 after the
`whsec_` prefix).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

SECRET_PREFIX = "whsec_"
TOLERANCE_S = 5 * 60  # a request older or newer than this is refused: no replays later


class WebhookVerificationError(Exception):
    """The request is not one wagate signed with this secret just now: answer 400."""


def secret_bytes(secret: str) -> bytes:
    """The HMAC key of a `whsec_…` secret (the base64 after the prefix)."""
    try:
        return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error as e:
        raise ValueError("a webhook secret is whsec_ followed by base64") from e


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The `v1,<base64>` signature of one request (what the gateway puts in the header)."""
    content = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_bytes(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify_webhook(
    secret: str,
    body: bytes | str,
    headers: Mapping[str, str],
    *,
    now: float | None = None,
) -> dict[str, Any]:
    """The event of a verified request, parsed; raises WebhookVerificationError when the
    headers are missing, the timestamp is more than 5 minutes off, or no signature
    matches. Pass the raw body, before any JSON parsing. De-duplicate on the returned
    event's `id` (the same as `webhook-id`, and as `eventId` on the WebSocket)."""
    raw = body.encode() if isinstance(body, str) else body
    lowered = {k.lower(): v for k, v in headers.items()}
    webhook_id = lowered.get("webhook-id")
    stamp = lowered.get("webhook-timestamp")
    signatures = lowered.get("webhook-signature")
    if not webhook_id or not stamp or not signatures:
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or signature")
    _check_timestamp(stamp, time.time() if now is None else now)
    expected = sign(secret, webhook_id, int(stamp), raw).encode()
    if not any(hmac.compare_digest(expected, given.encode()) for given in signatures.split()):
        raise WebhookVerificationError("no signature matches")
    event: dict[str, Any] = json.loads(raw)
    return event


def _check_timestamp(stamp: str, now: float) -> None:
    if not (stamp.isascii() and stamp.isdigit()):  # int() would take "١٧٠٠" or " 17"
        raise WebhookVerificationError("webhook-timestamp is not Unix seconds")
    if abs(now - int(stamp)) > TOLERANCE_S:
        raise WebhookVerificationError("webhook-timestamp is more than 5 minutes off")
