"""Secrets at rest (WhatsApp credentials, webhook signing secrets): sealed with Fernet
(AES-128-CBC + HMAC-SHA256) under keys from WAGATE_CREDENTIALS_KEYS.

Several keys may be given, newest first: the first seals, any of them opens. To rotate,
put a new key in front, run `wagate rotate-credentials` (re-seals every stored secret
under the new key), then drop the old key.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SealError(RuntimeError):
    pass


class Sealer:
    def __init__(self, keys: tuple[str, ...]) -> None:
        if not keys:
            raise SealError("no credentials key configured")
        try:
            self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])
        except ValueError:
            raise SealError(
                "WAGATE_CREDENTIALS_KEYS must be Fernet keys (32 url-safe base64 bytes); "
                "make one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            ) from None

    def seal(self, credentials: dict[str, Any]) -> str:
        return self.seal_text(json.dumps(credentials))

    def open(self, sealed: str) -> dict[str, Any]:
        return dict(json.loads(self.open_text(sealed)))

    def seal_text(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open_text(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise SealError(
                "a stored secret cannot be opened with any key in WAGATE_CREDENTIALS_KEYS"
            ) from None

    def reseal(self, sealed: str) -> str:
        """The same secret under the newest key."""
        return self._fernet.rotate(sealed.encode()).decode()
