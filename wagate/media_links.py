"""Signed, expiring media URLs: what a webhook receiver fetches a media file with, holding
no API token.

`GET /api/whatsapp/media/{mediaId}?tenant=..&expires=..&sig=..`: the signature is an
HMAC-SHA256, under WAGATE_MEDIA_URL_SECRET, over the tenant, the media id and the expiry,
so a link opens one file of one tenant until its expiry, and changing any part of it
(another id, another tenant, a later expiry) breaks the signature. The connector signs
(each webhook attempt carries a fresh link); the gateway checks.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

PATH = "/api/whatsapp/media/{media_id}"


def signature(secret: str, tenant_id: str, media_id: str, expires: int) -> str:
    message = f"{tenant_id}\n{media_id}\n{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_url(base_url: str, secret: str, tenant_id: str, media_id: str, expires: int) -> str:
    query = urlencode(
        {
            "tenant": tenant_id,
            "expires": expires,
            "sig": signature(secret, tenant_id, media_id, expires),
        }
    )
    return base_url.rstrip("/") + PATH.format(media_id=media_id) + "?" + query


def verify(
    secret: str, tenant_id: str, media_id: str, expires: int, sig: str, now_s: float
) -> str | None:
    """None if the link is good now; otherwise the error code: `media_url_invalid`
    (signature) or `media_url_expired`. The signature is checked first, so an expired
    link says "expired" only when it was genuine."""
    expected = signature(secret, tenant_id, media_id, expires)
    if not hmac.compare_digest(expected, sig):
        return "media_url_invalid"
    if now_s > expires:
        return "media_url_expired"
    return None
