"""Standard Webhooks signatures (https://www.standardwebhooks.com), made by the `svix`
package, so what we sign is exactly what the svix verifiers of every language accept.

The signed content is `{webhook-id}.{webhook-timestamp}.{body}`; the timestamp is the
moment of the attempt (a receiver refuses ones older than 5 minutes, so a retry hours
later must carry a fresh one). While a rotated secret overlaps with its successor, both
sign: `webhook-signature: v1,<new> v1,<old>`, and a receiver holding either accepts.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import UTC, datetime

from svix.webhooks import Webhook


# a Webhook decodes its secret when made: once per secret in use, not once per attempt
@functools.lru_cache(maxsize=4096)
def _signer(secret: str) -> Webhook:
    return Webhook(secret)


def signature_headers(
    secrets: Iterable[str], msg_id: str, body: str, at: datetime
) -> dict[str, str]:
    """webhook-id, webhook-timestamp and webhook-signature for one attempt. `at` must be
    timezone-aware; the secrets are "whsec_..." strings and are never logged."""
    if at.tzinfo is None:
        raise ValueError("the signing time must be timezone-aware")
    at = at.astimezone(UTC)  # the library reads the wall clock as UTC
    signatures = [_signer(secret).sign(msg_id, at, body) for secret in secrets]
    if not signatures:
        raise ValueError("an endpoint needs at least one secret to sign with")
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
