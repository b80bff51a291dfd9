"""Fetching a media send's `url` into the blob store, as a tenant's server would not want
wagate to: through the webhooks' SSRF guard (every connection goes only to an address the
guard approved), redirects followed here, at most a few, each target checked as the first
URL was (http(s) only, a host the HTTP client accepts), within one overall deadline,
capped in bytes while streaming.

The connection pool is shared by every tenant, so each tenant gets at most
`per_tenant` fetches at once: URLs that never answer hold their own tenant's slots, not
the pool another tenant's send needs. Waiting for a slot counts against the deadline.

Whatever goes wrong answers an EngineError with a media code: nothing a URL or the
server behind it does may surface as an internal error.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import httpx

from connector.engine import EngineError
from connector.keyed_locks import KeyedLocks
from connector.webhooks.transport import GuardedTransport
from wagate.blobs import BlobInfo, BlobStore, BlobTooLarge, BlobUnavailable
from wagate.ssrf import Resolver, UnsafeUrl, parse_url, system_resolver

log = logging.getLogger(__name__)

MAX_REDIRECTS = 3
USER_AGENT = "wagate-media/1"
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class UrlFetcher:
    def __init__(
        self,
        *,
        timeout_s: float,
        allow_private: bool,
        per_tenant: int,
        max_connections: int,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.timeout_s = timeout_s
        self._slots = KeyedLocks(per_tenant)
        self._transport = GuardedTransport(
            allow_private=allow_private, max_connections=max_connections, resolver=resolver
        )
        # builds the requests (headers, timeouts); they go straight to the transport:
        # the client's own redirect handling parses a Location before anyone asks, and
        # answers one it cannot parse as a protocol error
        self._client = httpx.AsyncClient(
            transport=self._transport,
            timeout=httpx.Timeout(timeout_s),
            trust_env=False,
            headers={"user-agent": USER_AGENT},
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self, tenant_id: str, url: str, blobs: BlobStore, key: str, max_bytes: int
    ) -> tuple[BlobInfo, str | None]:
        """The bytes at `url`, stored under `key`; with the Content-Type it declared.
        Raises EngineError with a media code saying what went wrong (BlobUnavailable
        when the store itself fails)."""
        target = _checked(url, "the media URL is refused")
        fetching = False
        try:
            async with asyncio.timeout(self.timeout_s), self._slots.hold(tenant_id):
                fetching = True
                return await self._follow(target, blobs, key, max_bytes)
        except (EngineError, BlobUnavailable):
            raise
        except (TimeoutError, httpx.TimeoutException):
            raise self._timed_out(fetching) from None
        except Exception as e:  # noqa: BLE001 - a URL's failures are the caller's, never a 500
            raise _failure(e, max_bytes) from None

    async def _follow(
        self, url: httpx.URL, blobs: BlobStore, key: str, max_bytes: int
    ) -> tuple[BlobInfo, str | None]:
        for _ in range(MAX_REDIRECTS + 1):
            request = self._client.build_request("GET", url)
            async with contextlib.aclosing(
                await self._transport.handle_async_request(request)
            ) as response:
                location = response.headers.get("location")
                if response.status_code in _REDIRECT_STATUSES and location:
                    url = _redirect_target(url, location)
                    continue
                if response.status_code != 200:
                    raise EngineError(
                        "media_fetch_failed",
                        f"the media URL answered {response.status_code}, not 200",
                    )
                length = response.headers.get("content-length", "")
                if length.isascii() and length.isdigit() and int(length) > max_bytes:
                    raise _too_large(max_bytes)
                info = await blobs.put(key, response.aiter_raw(), max_bytes=max_bytes)
                return info, response.headers.get("content-type")
        raise EngineError(
            "media_fetch_failed", f"the media URL redirects more than {MAX_REDIRECTS} times"
        )

    def _timed_out(self, fetching: bool) -> EngineError:
        if fetching:
            why = f"the media URL did not send the file within {self.timeout_s:g} s"
        else:
            why = (
                f"this company's other media URLs ({self._slots.per_key} fetched at once)"
                f" kept this one waiting past {self.timeout_s:g} s"
            )
        return EngineError("media_fetch_timeout", why)


def _checked(url: str | httpx.URL, refused: str) -> httpx.URL:
    """The URL as the client will use it, once the guard's shape checks pass."""
    try:
        parse_url(str(url))
        return url if isinstance(url, httpx.URL) else httpx.URL(url)
    except UnsafeUrl as e:
        raise EngineError("url_not_allowed", f"{refused}: {e}") from None


def _redirect_target(base: httpx.URL, location: str) -> httpx.URL:
    refused = "the media URL redirects to a refused URL"
    try:
        target = base.join(location)
    except (httpx.InvalidURL, UnicodeError, ValueError):
        raise EngineError("url_not_allowed", f"{refused}: it cannot be parsed") from None
    return _checked(target, refused)


def _too_large(max_bytes: int) -> EngineError:
    return EngineError("media_too_large", f"the file at the URL is over {max_bytes} bytes")


def _failure(e: Exception, max_bytes: int) -> EngineError:
    """What a failed fetch tells the caller, by the failure's class."""
    if isinstance(e, BlobTooLarge):
        return _too_large(max_bytes)
    if isinstance(e, UnsafeUrl):  # the guard, at connection time (DNS answers included)
        return EngineError("url_not_allowed", f"the media URL is refused: {e}")
    if isinstance(e, httpx.UnsupportedProtocol | httpx.InvalidURL | UnicodeError):
        return EngineError("url_not_allowed", "the media URL is not a fetchable http(s) URL")
    if isinstance(e, httpx.HTTPError | OSError):
        return EngineError(
            "media_fetch_failed", f"the media URL cannot be read: {type(e).__name__}"
        )
    log.exception("fetching a media URL failed unexpectedly")
    return EngineError("media_fetch_failed", "the media URL cannot be read")
