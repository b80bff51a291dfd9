"""The sim network's media host: WhatsApp's mmg.whatsapp.net, where devices upload
encrypted media and from which recipients download it.

As on WhatsApp (whatsmeow mediaconn.go, upload.go, download.go):

- a device asks over its socket for a media connection (`media_conn` frame) and gets an
  auth token with a lifetime and the host to use; an upload without a valid token is
  refused (401);
- `POST /mms/{type}` (type: image, video, audio, document) takes the encrypted file and
  answers `{url, direct_path, handle, file_enc_sha256}`; WhatsApp's upload path also names
  the file by its fileEncSha256 (`/mms/{type}/{token}`), which needs the whole file
  encrypted before the upload starts: the sim checks that token when given, and
  otherwise answers the hash it computed, so a device may stream its upload as it
  encrypts;
- `GET <direct_path>` streams the encrypted file back, with no auth (the file is
  encrypted; the key travels only in the message). Unknown is 404, expired 410, which
  is what whatsmeow reports as a download of media no longer on the server.

Files are written to disk in chunks as they arrive and read back in chunks: the host
never holds a file in memory. Stored bytes are bounded (an upload past the bound is
refused with 413) and each file expires `ttl_s` after its upload.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import tempfile
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

CHUNK: Final = 64 * 1024
TOKEN_TTL_S: Final = 3600  # a media connection's auth lasts this long, as WhatsApp's ttl
DEFAULT_MAX_BYTES: Final = 4 * 1024**3
DEFAULT_TTL_S: Final = 30 * 24 * 3600.0  # WhatsApp keeps undownloaded media about 30 days
_UPLOAD_TYPES: Final = frozenset({"image", "video", "audio", "document"})
# WhatsApp's media path prefix (its CDN's object class); the sim keeps the shape
_PATH_PREFIX: Final = "/v/t62.7118-24/"


class MediaHostError(Exception):
    """A refusal of the media host, answered over HTTP with its status and code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass
class StoredMedia:
    key: str  # the file's name in the direct path
    path: Path
    size: int
    enc_sha256: bytes
    expires_at: float  # monotonic

    @property
    def direct_path(self) -> str:
        return f"{_PATH_PREFIX}{self.key}?ccb=11-4&oh=01_{self.key[:16]}&oe=0"


@dataclass(frozen=True)
class MediaConn:
    auth: str
    ttl_s: int


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class MediaHost:
    def __init__(
        self,
        max_bytes: int = DEFAULT_MAX_BYTES,
        ttl_s: float = DEFAULT_TTL_S,
        directory: Path | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.ttl_s = ttl_s
        self._directory = directory
        self._tmp: tempfile.TemporaryDirectory[str] | None = None  # made on first upload
        self._files: dict[str, StoredMedia] = {}
        self._tokens: dict[str, float] = {}  # auth -> monotonic expiry
        self.stored_bytes = 0  # stored plus reserved by uploads under way
        self.uploads = 0
        self.refuse_uploads = 0  # a fault: the next this many uploads are answered 503
        # where each upload and download came from (host:port as the host saw it: a
        # session behind a proxy arrives from the proxy), the latest last
        self.peers: deque[str] = deque(maxlen=1000)

    # ---- media connections ------------------------------------------------------------

    def media_conn(self) -> MediaConn:
        now = time.monotonic()
        for auth in [a for a, until in self._tokens.items() if until <= now]:
            del self._tokens[auth]
        auth = secrets.token_urlsafe(32)
        self._tokens[auth] = now + TOKEN_TTL_S
        return MediaConn(auth, TOKEN_TTL_S)

    def check_auth(self, auth: str | None) -> None:
        until = self._tokens.get(auth or "")
        if until is None or until <= time.monotonic():
            raise MediaHostError(
                401, "media_host_auth_invalid", "no valid media connection auth token"
            )

    # ---- storing ------------------------------------------------------------------------

    async def upload(
        self,
        mms_type: str,
        auth: str | None,
        chunks: AsyncIterator[bytes],
        declared_length: int | None = None,
        token: str | None = None,
    ) -> StoredMedia:
        """Store an encrypted file as it streams in; refused before a byte is stored when
        the auth is bad or the declared length is past the bound."""
        if mms_type not in _UPLOAD_TYPES:
            raise MediaHostError(404, "media_host_type_unknown", f"no upload path for {mms_type!r}")
        self.check_auth(auth)
        if self.refuse_uploads > 0:
            self.refuse_uploads -= 1
            raise MediaHostError(503, "media_host_unavailable", "the media host is unavailable")
        self.expire()
        reserved = declared_length or 0
        self._reserve(reserved)
        key = secrets.token_urlsafe(24)
        path = self._dir() / f"{key}.enc"
        digest = hashlib.sha256()
        size = 0
        try:
            with path.open("wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > reserved:  # undeclared, or more than declared: reserve as it comes
                        self._reserve(size - reserved)
                        reserved = size
                    digest.update(chunk)
                    out.write(chunk)
            if declared_length is not None and size != declared_length:
                raise MediaHostError(
                    400, "media_host_length_mismatch", "the upload is not as long as declared"
                )
            if token is not None and not secrets.compare_digest(token, b64url(digest.digest())):
                raise MediaHostError(
                    400, "media_host_hash_mismatch", "the upload fails its fileEncSha256"
                )
        except BaseException:
            self.stored_bytes -= reserved
            path.unlink(missing_ok=True)
            raise
        self.stored_bytes -= reserved - size
        stored = StoredMedia(key, path, size, digest.digest(), time.monotonic() + self.ttl_s)
        self._files[key] = stored
        self.uploads += 1
        return stored

    def _reserve(self, size: int) -> None:
        if self.stored_bytes + size > self.max_bytes:
            raise MediaHostError(413, "media_host_full", "the media host has no room for this file")
        self.stored_bytes += size

    # ---- reading ------------------------------------------------------------------------

    def find(self, direct_path: str) -> StoredMedia:
        """The file a direct path names: 404 if unknown, 410 once expired."""
        name = direct_path.split("?", 1)[0]
        key = name.removeprefix(_PATH_PREFIX)
        stored = self._files.get(key) if name.startswith(_PATH_PREFIX) else None
        if stored is None:
            raise MediaHostError(404, "media_host_not_found", "no such media on the host")
        if stored.expires_at <= time.monotonic():
            self._drop(stored)
            raise MediaHostError(410, "media_host_expired", "this media has expired from the host")
        return stored

    def read(self, stored: StoredMedia) -> Iterator[bytes]:
        """The stored file in chunks (opened now: a later expiry does not cut it short)."""
        handle = stored.path.open("rb")

        def chunks() -> Iterator[bytes]:
            with handle:
                while chunk := handle.read(CHUNK):
                    yield chunk

        return chunks()

    # ---- expiry ------------------------------------------------------------------------

    def expire(self, everything: bool = False) -> int:
        """Delete expired files (every file, with `everything`); returns how many."""
        now = time.monotonic()
        gone = [s for s in self._files.values() if everything or s.expires_at <= now]
        for stored in gone:
            self._drop(stored)
        return len(gone)

    def corrupt(self, stored: StoredMedia) -> None:
        """Flip one byte in the middle of a stored file (a fault: bit rot, a bad proxy)."""
        with stored.path.open("r+b") as f:
            f.seek(stored.size // 2)
            byte = f.read(1)
            f.seek(stored.size // 2)
            f.write(bytes([byte[0] ^ 0xFF]) if byte else b"\0")

    def _drop(self, stored: StoredMedia) -> None:
        if self._files.pop(stored.key, None) is not None:
            self.stored_bytes -= stored.size
            stored.path.unlink(missing_ok=True)

    def _dir(self) -> Path:
        if self._directory is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="wagate-sim-media-")
            self._directory = Path(self._tmp.name)
        os.makedirs(self._directory, exist_ok=True)
        return self._directory

    def close(self) -> None:
        self.expire(everything=True)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def stats(self) -> dict[str, int]:
        return {"files": len(self._files), "bytes": self.stored_bytes, "uploads": self.uploads}
