"""Fetching a media send's `url` into the blob store, as a tenant's server would not want
wagate to: through the webhooks' SSRF guard (every connection, redirects included, goes
only to an address the guard approved, so no redirect reaches a forbidden one), at most a
few redirects, within one overall deadline, capped in bytes while streaming."""

from __future__ import annotations

import asyncio

import httpx

from connector.engine import EngineError
from connector.webhooks.transport import GuardedTransport
from wagate.blobs import BlobInfo, BlobStore, BlobTooLarge
from wagate.ssrf import Resolver, UnsafeUrl, parse_url, system_resolver

MAX_REDIRECTS = 3
USER_AGENT = "wagate-media/1"


class UrlFetcher:
    def __init__(
        self, *, timeout_s: float, allow_private: bool, resolver: Resolver = system_resolver
    ) -> None:
        self.timeout_s = timeout_s
        self._client = httpx.AsyncClient(
            transport=GuardedTransport(
                allow_private=allow_private, max_connections=16, resolver=resolver
            ),
            timeout=httpx.Timeout(timeout_s),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            trust_env=False,
            headers={"user-agent": USER_AGENT},
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self, url: str, blobs: BlobStore, key: str, max_bytes: int
    ) -> tuple[BlobInfo, str | None]:
        """The bytes at `url`, stored under `key`; with the Content-Type it declared.
        Raises EngineError with a media code saying what went wrong."""
        try:
            parse_url(url)
        except UnsafeUrl as e:
            raise EngineError("url_not_allowed", f"the media URL is refused: {e}") from None
        try:
            async with asyncio.timeout(self.timeout_s):
                async with self._client.stream("GET", url) as response:
                    if response.status_code != 200:
                        raise EngineError(
                            "media_fetch_failed",
                            f"the media URL answered {response.status_code}, not 200",
                        )
                    length = response.headers.get("content-length", "")
                    if length.isdigit() and int(length) > max_bytes:
                        raise EngineError(
                            "media_too_large", f"the file at the URL is over {max_bytes} bytes"
                        )
                    info = await blobs.put(key, response.aiter_raw(), max_bytes=max_bytes)
                    return info, response.headers.get("content-type")
        except BlobTooLarge:
            raise EngineError(
                "media_too_large", f"the file at the URL is over {max_bytes} bytes"
            ) from None
        except UnsafeUrl as e:
            raise EngineError("url_not_allowed", f"the media URL is refused: {e}") from None
        except (TimeoutError, httpx.TimeoutException):
            raise EngineError(
                "media_fetch_timeout",
                f"the media URL did not send the file within {self.timeout_s:g} s",
            ) from None
        except httpx.TooManyRedirects:
            raise EngineError(
                "media_fetch_failed", f"the media URL redirects more than {MAX_REDIRECTS} times"
            ) from None
        except (httpx.HTTPError, OSError) as e:
            raise EngineError(
                "media_fetch_failed", f"the media URL cannot be read: {type(e).__name__}"
            ) from None
