"""The secrets of a `wagate up` install, made once into its data directory.

The built-in development values are in the public source: a token signed with one lists
every tenant. So the first `wagate up` generates its own (JWT key, API-key pepper, the
Fernet key that seals WhatsApp credentials, the media-link key, and the passwords of the
embedded PostgreSQL and Redis) into WAGATE_DATA_DIR/secrets.json, readable by its owner
only, and every later run, and `wagate token` or the admin commands run against that data
directory, use the same ones: a linked session stays linked. A variable set in the
environment still wins over the file.

An install from before this file existed sealed its data with the development key. Its
credentials are not lost: that key stays second in line (it opens, never seals) until
`wagate up` has re-sealed everything under the new key (`retire_dev_key`). Its API keys
were stored under the development pepper, and a pepper cannot be re-applied to a hash:
such an install keeps that pepper, and each start warns about it.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from wagate.config import DEV_API_KEY_PEPPER, DEV_CREDENTIALS_KEY, ConfigError, Settings

log = logging.getLogger("wagatectl.secrets")

FILE_NAME = "secrets.json"


@dataclass(frozen=True)
class LocalSecrets:
    jwt_secret: str
    api_key_pepper: str
    credentials_key: str
    media_url_secret: str
    postgres_password: str
    redis_password: str
    # the development key still opens data sealed before this file existed
    dev_key_retired: bool = False

    @property
    def keeps_dev_pepper(self) -> bool:
        return self.api_key_pepper == DEV_API_KEY_PEPPER


def _generated(earlier_install: bool) -> LocalSecrets:
    def token() -> str:
        return secrets.token_urlsafe(32)

    return LocalSecrets(
        jwt_secret=token(),
        api_key_pepper=DEV_API_KEY_PEPPER if earlier_install else token(),
        credentials_key=Fernet.generate_key().decode(),
        media_url_secret=token(),
        postgres_password=token(),
        redis_password=token(),
    )


def _write(path: Path, local: LocalSecrets) -> None:
    """Written to a new file of mode 0600, then moved over: never readable by others,
    never half-written."""
    temporary = path.with_suffix(".tmp")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(dataclasses.asdict(local), out, indent=2)
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(path)


def read(data_dir: Path) -> LocalSecrets | None:
    path = data_dir / FILE_NAME
    if not path.exists():
        return None
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # copied around with a permissive umask: close it again
    try:
        return LocalSecrets(**json.loads(path.read_text()))
    except (ValueError, TypeError) as e:  # not JSON, or not the fields wagate writes
        raise ConfigError(f"{path} is not a secrets file wagate wrote ({e})") from None


def read_or_create(data_dir: Path) -> LocalSecrets:
    """This install's secrets, generated on its first run."""
    found = read(data_dir)
    if found is not None:
        return found
    earlier_install = data_dir.exists() and any(data_dir.iterdir())
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    local = _generated(earlier_install)
    _write(data_dir / FILE_NAME, local)
    log.info("generated this install's secrets into %s (owner only)", data_dir / FILE_NAME)
    return local


def retire_dev_key(data_dir: Path, local: LocalSecrets) -> LocalSecrets:
    """Once every stored secret is sealed under the install's own key."""
    retired = dataclasses.replace(local, dev_key_retired=True)
    _write(data_dir / FILE_NAME, retired)
    return retired


def apply(settings: Settings, local: LocalSecrets, env: Mapping[str, str]) -> Settings:
    """`settings` with the install's secrets wherever the environment sets none."""
    keys = (local.credentials_key,) + (() if local.dev_key_retired else (DEV_CREDENTIALS_KEY,))
    chosen: dict[str, tuple[str, Any]] = {
        "WAGATE_JWT_SECRET": ("jwt_secret", local.jwt_secret),
        "WAGATE_API_KEY_PEPPER": ("api_key_pepper", local.api_key_pepper),
        "WAGATE_CREDENTIALS_KEYS": ("credentials_keys", keys),
        "WAGATE_MEDIA_URL_SECRET": ("media_url_secret", local.media_url_secret),
    }
    changes = {attr: value for name, (attr, value) in chosen.items() if not env.get(name)}
    return dataclasses.replace(settings, **changes)


def as_env(settings: Settings) -> dict[str, str]:
    """The secrets in force, as the variables the parts `wagate up` starts read."""
    return {
        "WAGATE_JWT_SECRET": settings.jwt_secret,
        "WAGATE_API_KEY_PEPPER": settings.api_key_pepper,
        "WAGATE_CREDENTIALS_KEYS": ",".join(settings.credentials_keys),
        "WAGATE_MEDIA_URL_SECRET": settings.media_url_secret,
    }
