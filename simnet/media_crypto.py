"""WhatsApp's media encryption, as whatsmeow (upload.go, download.go) and Baileys
(messages-media.ts) implement it, streamed so that no file is ever held whole.

A sender picks a random 32-byte media key and expands it with HKDF-SHA256 (no salt) to
112 bytes under the media type's info string: IV (16), cipher key (32), MAC key (32) and
a ref key (32, unused here). The file is encrypted with AES-256-CBC (PKCS#7 padding) and
the first 10 bytes of HMAC-SHA256(MAC key, IV || ciphertext) are appended; that is what
goes to the media host. The message names it with fileSha256 (of the plain bytes),
fileEncSha256 (of ciphertext + MAC) and fileLength (plain bytes).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Final

from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MEDIA_KEY_BYTES: Final = 32
MAC_BYTES: Final = 10  # WhatsApp truncates the HMAC to its first 10 bytes
_EXPANDED_BYTES: Final = 112
_BLOCK: Final = 16

# WhatsApp's four HKDF info strings; a sticker is keyed as an image, a voice note as audio
_INFO: Final = {
    "image": b"WhatsApp Image Keys",
    "sticker": b"WhatsApp Image Keys",
    "video": b"WhatsApp Video Keys",
    "audio": b"WhatsApp Audio Keys",
    "voice": b"WhatsApp Audio Keys",
    "document": b"WhatsApp Document Keys",
}
# the media host's upload path per kind (whatsmeow's MediaType.upload paths)
MMS_TYPE: Final = {
    "image": "image",
    "sticker": "image",
    "video": "video",
    "audio": "audio",
    "voice": "audio",
    "document": "document",
}


class MediaIntegrityError(Exception):
    """The bytes fail one of their checks. `check` names which: enc_sha256, mac, sha256,
    padding or length."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check


@dataclass(frozen=True)
class MediaKeys:
    iv: bytes
    cipher_key: bytes
    mac_key: bytes

    @classmethod
    def expand(cls, media_key: bytes, kind: str) -> MediaKeys:
        if len(media_key) != MEDIA_KEY_BYTES:
            raise ValueError("a media key is 32 bytes")
        expanded = HKDF(hashes.SHA256(), _EXPANDED_BYTES, salt=None, info=_INFO[kind]).derive(
            media_key
        )
        return cls(expanded[:16], expanded[16:48], expanded[48:80])


def new_media_key() -> bytes:
    return secrets.token_bytes(MEDIA_KEY_BYTES)


def encrypted_length(plain_length: int) -> int:
    """The bytes an upload of `plain_length` plain bytes carries (CBC padding + MAC)."""
    return (plain_length // _BLOCK + 1) * _BLOCK + MAC_BYTES


class Encryptor:
    """Encrypts a file fed in chunks; holds no more than one chunk and a block of state.

    `update` returns the ciphertext to upload so far, `finish` the rest with the MAC; then
    `sha256`, `enc_sha256` and `length` describe the file for the message."""

    def __init__(self, media_key: bytes, kind: str) -> None:
        keys = MediaKeys.expand(media_key, kind)
        self.media_key = media_key
        self._padder = padding.PKCS7(128).padder()
        self._cipher = Cipher(algorithms.AES(keys.cipher_key), modes.CBC(keys.iv)).encryptor()
        self._mac = hmac.new(keys.mac_key, keys.iv, hashlib.sha256)
        self._plain_sha = hashlib.sha256()
        self._enc_sha = hashlib.sha256()
        self.length = 0
        self.sha256 = b""
        self.enc_sha256 = b""

    def update(self, plain: bytes) -> bytes:
        self._plain_sha.update(plain)
        self.length += len(plain)
        return self._out(self._cipher.update(self._padder.update(plain)))

    def finish(self) -> bytes:
        tail = self._out(self._cipher.update(self._padder.finalize()) + self._cipher.finalize())
        mac = self._mac.digest()[:MAC_BYTES]
        self._enc_sha.update(mac)
        self.sha256, self.enc_sha256 = self._plain_sha.digest(), self._enc_sha.digest()
        return tail + mac

    def _out(self, ciphertext: bytes) -> bytes:
        self._mac.update(ciphertext)
        self._enc_sha.update(ciphertext)
        return ciphertext


class Decryptor:
    """Checks and decrypts an encrypted file fed in chunks, as it streams down.

    `update` returns plain bytes as soon as they can be decrypted; the last 10 bytes seen
    are held back (they may be the MAC) and the last block too (it holds the padding).
    `finish` checks fileEncSha256, the MAC, the padding, fileSha256 and the length, and
    raises MediaIntegrityError if any fails: plain bytes already returned are then not to
    be trusted, and a caller keeps nothing of such a file."""

    def __init__(
        self, media_key: bytes, kind: str, sha256: bytes, enc_sha256: bytes, length: int | None
    ) -> None:
        keys = MediaKeys.expand(media_key, kind)
        self._cipher = Cipher(algorithms.AES(keys.cipher_key), modes.CBC(keys.iv)).decryptor()
        self._unpadder = padding.PKCS7(128).unpadder()
        self._mac = hmac.new(keys.mac_key, keys.iv, hashlib.sha256)
        self._enc_sha = hashlib.sha256()
        self._plain_sha = hashlib.sha256()
        self._want_sha, self._want_enc_sha, self._want_length = sha256, enc_sha256, length
        self._tail = b""  # the last MAC_BYTES seen: the MAC, if the file ends here
        self.length = 0
        self.sha256 = b""  # of the plain bytes, once `finish` checked them

    def update(self, chunk: bytes) -> bytes:
        self._enc_sha.update(chunk)
        data = self._tail + chunk
        body, self._tail = data[:-MAC_BYTES], data[-MAC_BYTES:]  # short data: all tail
        self._mac.update(body)
        return self._plain(self._unpadder.update(self._cipher.update(body)))

    def finish(self) -> bytes:
        if not secrets.compare_digest(self._enc_sha.digest(), self._want_enc_sha):
            raise MediaIntegrityError("enc_sha256", "the downloaded file fails its fileEncSha256")
        if len(self._tail) < MAC_BYTES or not secrets.compare_digest(
            self._mac.digest()[:MAC_BYTES], self._tail
        ):
            raise MediaIntegrityError("mac", "the downloaded file fails its MAC")
        try:
            rest = self._plain(self._unpadder.update(self._cipher.finalize()))
            rest += self._plain(self._unpadder.finalize())
        except ValueError:
            raise MediaIntegrityError("padding", "the decrypted file is badly padded") from None
        if not secrets.compare_digest(self._plain_sha.digest(), self._want_sha):
            raise MediaIntegrityError("sha256", "the decrypted file fails its fileSha256")
        self.sha256 = self._plain_sha.digest()
        if self._want_length is not None and self.length != self._want_length:
            raise MediaIntegrityError("length", "the decrypted file is not fileLength long")
        return rest

    def _plain(self, plain: bytes) -> bytes:
        self._plain_sha.update(plain)
        self.length += len(plain)
        return plain
