"""A fresh signed media link in each webhook attempt that carries an attachment.

The event's body stays as it was stored; each attempt (first, retry, replay) adds to its
`data.media` a `downloadUrl` signed for WAGATE_MEDIA_URL_TTL from that attempt on (and
`downloadUrlExpiresAt`), so a delivery retried for hours, or replayed days later, still
hands its receiver a link that works. The attempt's signature covers the body sent.
"""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import UTC, datetime

from connector.webhooks.sender import Outgoing
from wagate import media_links
from wagate.timestamps import iso_utc

# the events whose data may carry an attachment: a message, a contact's status update
_WITH_MEDIA = frozenset({"message", "status"})


class MediaLinks:
    def __init__(self, base_url: str, secret: str, ttl_s: float) -> None:
        self._base_url = base_url
        self._secret = secret
        self._ttl_s = ttl_s

    def add(self, tenant_id: str, event_type: str, outgoing: Outgoing) -> Outgoing:
        if event_type not in _WITH_MEDIA or '"media"' not in outgoing.body:
            return outgoing
        body = json.loads(outgoing.body)
        data = body.get("data")
        item = data.get("media") if isinstance(data, dict) else None
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            return outgoing
        expires = int(time.time() + self._ttl_s)
        item["downloadUrl"] = media_links.signed_url(
            self._base_url, self._secret, tenant_id, item["id"], expires
        )
        item["downloadUrlExpiresAt"] = iso_utc(datetime.fromtimestamp(expires, UTC))
        sent = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
        return dataclasses.replace(outgoing, body=sent)
