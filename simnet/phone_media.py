"""A virtual phone's media, both ways, done as a phone does it.

Sending: the phone encrypts the file with a new media key as it generates it, uploads it
to the media host under its own media connection's token, and sends a message naming it.
Receiving: the phone downloads what a linked device sent, checks fileEncSha256, the MAC
and fileSha256 while it decrypts, and records what it got: the sha256 of the bytes it
decrypted, or why it failed. A corrupted upload therefore shows as a failure, never as
a delivery. The decrypted bytes are not kept: the fetch route decrypts them again from
the host's copy, which lasts as long as the host keeps it.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

from simnet.media_crypto import (
    MMS_TYPE,
    Decryptor,
    Encryptor,
    MediaIntegrityError,
    encrypted_length,
    new_media_key,
)
from simnet.media_host import CHUNK, MediaHost, MediaHostError
from simnet.media_message import WireMedia, wire_type_of


@dataclass
class PhoneDownload:
    """What the phone made of a media message it received."""

    status: str = "downloading"  # downloading | ok | failed
    sha256: str = ""  # hex of the bytes decrypted (ok only)
    size: int = 0
    error: str = ""  # failed: which check, or the host's answer

    def public(self) -> dict[str, object]:
        public: dict[str, object] = {"status": self.status}
        if self.status == "ok":
            public.update(sha256=self.sha256, size=self.size)
        if self.error:
            public["error"] = self.error
        return public


@dataclass(frozen=True)
class PlainSource:
    """The bytes a phone sends: given (`data`), or `size` bytes drawn from `seed` after
    an optional `head` (e.g. a file type's magic bytes), so a test can send 100 MB
    without posting them."""

    data: bytes | None = None
    head: bytes = b""
    size: int = 0
    seed: int = 0

    @property
    def length(self) -> int:
        return len(self.data) if self.data is not None else self.size

    def chunks(self) -> Iterator[bytes]:
        if self.data is not None:
            for start in range(0, len(self.data), CHUNK):
                yield self.data[start : start + CHUNK]
            return
        rng = random.Random(self.seed)
        head = self.head[: self.size]
        yield head
        left = self.size - len(head)
        while left > 0:
            n = min(CHUNK, left)
            yield rng.randbytes(n)
            left -= n


@dataclass(frozen=True)
class PhoneMediaSend:
    kind: str
    mimetype: str
    source: PlainSource
    caption: str = ""
    filename: str = ""
    seconds: int | None = None
    width: int | None = None
    height: int | None = None
    corrupt: bool = False  # flip a byte of the upload: the recipient's check must fail


async def upload_from_phone(host: MediaHost, send: PhoneMediaSend) -> WireMedia:
    """Encrypt and upload as a device does; the message's media object."""
    media_key = new_media_key()
    encryptor = Encryptor(media_key, send.kind)

    async def encrypted() -> AsyncIterator[bytes]:
        for chunk in send.source.chunks():
            yield encryptor.update(chunk)
            await asyncio.sleep(0)  # let the network's loop breathe during a large file
        yield encryptor.finish()

    conn = host.media_conn()
    # declared, so a file past the host's bound is refused before it is generated
    declared = encrypted_length(send.source.length)
    stored = await host.upload(MMS_TYPE[send.kind], conn.auth, encrypted(), declared)
    if send.corrupt:
        host.corrupt(stored)
    wire_type, ptt = wire_type_of(send.kind)
    return WireMedia(
        type=wire_type,
        ptt=ptt,
        mimetype=send.mimetype,
        direct_path=stored.direct_path,
        media_key=media_key,
        file_sha256=encryptor.sha256,
        file_enc_sha256=encryptor.enc_sha256,
        file_length=encryptor.length,
        caption=send.caption,
        file_name=send.filename,
        seconds=send.seconds,
        width=send.width,
        height=send.height,
    )


def decrypted(host: MediaHost, media: WireMedia) -> Iterator[bytes]:
    """The plain bytes of a media message from the host's copy, checked as they come:
    MediaHostError now if the host does not have it, MediaIntegrityError at the end if a
    check fails."""
    encrypted = host.read(host.find(media.direct_path))
    decryptor = Decryptor(
        media.media_key, media.kind, media.file_sha256, media.file_enc_sha256, media.file_length
    )

    def chunks() -> Iterator[bytes]:
        for chunk in encrypted:
            plain = decryptor.update(chunk)
            if plain:
                yield plain
        rest = decryptor.finish()
        if rest:
            yield rest

    return chunks()


async def download_to_phone(host: MediaHost, media: WireMedia, outcome: PhoneDownload) -> None:
    """Download, check and decrypt a received media message, off the loop; fills in
    `outcome`."""
    try:
        stored = host.find(media.direct_path)
        chunks = host.read(stored)
    except MediaHostError as e:
        outcome.status, outcome.error = "failed", f"{e.code}: {e.message}"
        return

    def check() -> tuple[str, int]:
        decryptor = Decryptor(
            media.media_key, media.kind, media.file_sha256, media.file_enc_sha256, media.file_length
        )
        for chunk in chunks:
            decryptor.update(chunk)
        decryptor.finish()
        return decryptor.sha256.hex(), decryptor.length

    try:
        outcome.sha256, outcome.size = await asyncio.to_thread(check)
    except MediaIntegrityError as e:
        outcome.status, outcome.error = "failed", f"{e.check}: {e}"
        return
    outcome.status = "ok"
