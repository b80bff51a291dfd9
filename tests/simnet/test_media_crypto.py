"""WhatsApp's media encryption as the sim implements it, streamed: it must equal the
one-shot definition (HKDF-SHA256 to 112 bytes, AES-256-CBC, HMAC-SHA256 truncated to 10
bytes) whatever the chunking, and every tampering must fail a named check."""

from __future__ import annotations

import hashlib
import hmac
import random

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from simnet.media_crypto import (
    MMS_TYPE,
    Decryptor,
    Encryptor,
    MediaIntegrityError,
    encrypted_length,
)

INFO = {
    "image": b"WhatsApp Image Keys",
    "sticker": b"WhatsApp Image Keys",
    "video": b"WhatsApp Video Keys",
    "audio": b"WhatsApp Audio Keys",
    "voice": b"WhatsApp Audio Keys",
    "document": b"WhatsApp Document Keys",
}


def one_shot(media_key: bytes, kind: str, plain: bytes) -> bytes:
    """The definition, written out from RFC 5869 and whatsmeow's upload.go."""
    prk = hmac.new(b"\0" * 32, media_key, hashlib.sha256).digest()  # no salt: zeros
    okm, block = b"", b""
    for i in range(1, 5):
        block = hmac.new(prk, block + INFO[kind] + bytes([i]), hashlib.sha256).digest()
        okm += block
    iv, cipher_key, mac_key = okm[:16], okm[16:48], okm[48:80]
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    enc = Cipher(algorithms.AES(cipher_key), modes.CBC(iv)).encryptor()
    ciphertext = enc.update(padded) + enc.finalize()
    return ciphertext + hmac.new(mac_key, iv + ciphertext, hashlib.sha256).digest()[:10]


def encrypt(media_key: bytes, kind: str, plain: bytes, chunk: int) -> tuple[bytes, Encryptor]:
    encryptor = Encryptor(media_key, kind)
    out = b"".join(encryptor.update(plain[i : i + chunk]) for i in range(0, len(plain), chunk))
    return out + encryptor.finish(), encryptor


def decrypt(
    encryptor: Encryptor, kind: str, encrypted: bytes, chunk: int, length: int | None = None
) -> bytes:
    decryptor = Decryptor(encryptor.media_key, kind, encryptor.sha256, encryptor.enc_sha256, length)
    out = [decryptor.update(encrypted[i : i + chunk]) for i in range(0, len(encrypted), chunk)]
    return b"".join(out) + decryptor.finish()


@pytest.mark.parametrize("kind", list(MMS_TYPE))
@pytest.mark.parametrize(("size", "chunk"), [(0, 7), (1, 1), (15, 4), (16, 16), (70_001, 4096)])
def test_streamed_encryption_is_whatsapps_and_decrypts_back(
    kind: str, size: int, chunk: int
) -> None:
    rng = random.Random(size)
    media_key, plain = rng.randbytes(32), rng.randbytes(size)
    encrypted, encryptor = encrypt(media_key, kind, plain, chunk)
    assert encrypted == one_shot(media_key, kind, plain)
    assert len(encrypted) == encrypted_length(size)
    assert encryptor.sha256 == hashlib.sha256(plain).digest()
    assert encryptor.enc_sha256 == hashlib.sha256(encrypted).digest()
    assert encryptor.length == size
    # decrypted in other chunk sizes than encrypted, including ones splitting the MAC
    for down_chunk in (1, 9, 11, 4096):
        assert decrypt(encryptor, kind, encrypted, down_chunk, size) == plain


def test_each_kind_of_tampering_fails_its_check() -> None:
    plain = random.Random(1).randbytes(5000)
    encrypted, encryptor = encrypt(b"k" * 32, "document", plain, 1000)

    def check(data: bytes, **want: bytes) -> str:
        decryptor = Decryptor(
            b"k" * 32,
            "document",
            want.get("sha256", encryptor.sha256),
            want.get("enc", hashlib.sha256(data).digest()),
            len(plain),
        )
        decryptor.update(data)
        with pytest.raises(MediaIntegrityError) as failed:
            decryptor.finish()
        return failed.value.check

    flipped = bytearray(encrypted)
    flipped[2500] ^= 1
    # as stored: its fileEncSha256 (taken before the flip) no longer holds
    assert check(bytes(flipped), enc=encryptor.enc_sha256) == "enc_sha256"
    # a sender that hashed the tampered bytes: the MAC still catches it
    assert check(bytes(flipped)) == "mac"
    assert check(encrypted[:-1]) == "mac"  # truncated
    assert check(encrypted, sha256=hashlib.sha256(b"other").digest()) == "sha256"
    wrong_key = Decryptor(b"x" * 32, "document", encryptor.sha256, encryptor.enc_sha256, None)
    wrong_key.update(encrypted)
    with pytest.raises(MediaIntegrityError):
        wrong_key.finish()
    # the same key under another type's info string is another key
    as_image = Decryptor(b"k" * 32, "image", encryptor.sha256, encryptor.enc_sha256, None)
    as_image.update(encrypted)
    with pytest.raises(MediaIntegrityError) as failed:
        as_image.finish()
    assert failed.value.check == "mac"
