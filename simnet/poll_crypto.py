"""Poll votes, encrypted as WhatsApp does (whatsmeow's EncryptPollVote/DecryptPollVote):
the poll carries a 32-byte message secret; a vote is the SHA-256 of each chosen option's
name, sealed with AES-256-GCM under a key derived (HKDF-SHA256) from that secret, the
poll's id, its creator and the voter. Only who holds the poll's secret reads a vote.
The sim network's phones encrypt, the sim engine decrypts (it speaks simnet/protocol.py
too): the simulation's code, not the kernel's."""

from __future__ import annotations

import json
import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from wagate.content import option_hash

_USE_CASE = b"Poll Vote"


def jid(number: str) -> str:
    return f"{number}@s.whatsapp.net"


def _key(secret: bytes, poll_id: str, creator: str, voter: str) -> bytes:
    info = poll_id.encode() + jid(creator).encode() + jid(voter).encode() + _USE_CASE
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


def _aad(poll_id: str, voter: str) -> bytes:
    return f"{poll_id}\x00{jid(voter)}".encode()


def encrypt_vote(
    secret: bytes, poll_id: str, creator: str, voter: str, options: list[str]
) -> tuple[bytes, bytes]:
    """(ciphertext, iv) of a vote for `options` (their names) on the poll."""
    iv = secrets.token_bytes(12)
    payload = json.dumps([option_hash(o) for o in options]).encode()
    key = _key(secret, poll_id, creator, voter)
    return AESGCM(key).encrypt(iv, payload, _aad(poll_id, voter)), iv


def decrypt_vote(
    secret: bytes, poll_id: str, creator: str, voter: str, payload: bytes, iv: bytes
) -> list[str]:
    """The hashes of the chosen options; InvalidTag when the secret or names are wrong."""
    key = _key(secret, poll_id, creator, voter)
    hashes_chosen = json.loads(AESGCM(key).decrypt(iv, payload, _aad(poll_id, voter)))
    return [str(h) for h in hashes_chosen]
