"""How a call to the other side failed: worth trying again later, or never."""

from __future__ import annotations

import httpx


class Unavailable(Exception):
    """The other side is down, overloaded or said "later" (network error, timeout, 408,
    425, 429, 5xx), or refused the bridge's credentials (401, 403: a token revoked or
    short of a scope, which its operator mends): the job stays queued and is tried
    again, so nothing is set aside while the bridge is misconfigured."""


class Refused(Exception):
    """The other side refused the request itself (another 4xx): sending it again cannot
    help, so the job is set aside as failed, with this reason."""


class NotFound(Refused):
    """404: what the request names is not there (a conversation an agent deleted)."""


RETRY_STATUSES = frozenset({401, 403, 408, 425, 429})


def raise_for(r: httpx.Response, what: str) -> None:
    if r.status_code < 400:
        return
    reason = f"{what}: {r.status_code} {r.text[:300]}"
    if r.status_code >= 500 or r.status_code in RETRY_STATUSES:
        raise Unavailable(reason)
    raise NotFound(reason) if r.status_code == 404 else Refused(reason)
