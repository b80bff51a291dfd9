"""The settings every process reads (`CommonSettings`) and those the gateway and the
connector share (`ServiceSettings`): the store, the bus, the keys and the media."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Self

from wagate.config.declaring import read_fields, setting, unset_flag
from wagate.config.readers import (
    ConfigError,
    choice,
    engine_name,
    flag,
    integer,
    keys,
    real,
    secret,
    text,
)

DEV_JWT_SECRET = "wagate-dev-secret-change-me-0123456789abcdef"
DEV_API_KEY_PEPPER = "wagate-dev-pepper-change-me-0123456789abcdef"
# a Fernet key (32 url-safe base64 bytes); real deployments set WAGATE_CREDENTIALS_KEYS
DEV_CREDENTIALS_KEY = "d2FnYXRlLWRldi1jcmVkZW50aWFscy1rZXktMDAwMDA="
DEV_MEDIA_URL_SECRET = "wagate-dev-media-links-change-me-0123456789"
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wagate"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


@dataclass(frozen=True)
class CommonSettings:
    """Read by every process: how it logs, and whether it is a production deployment."""

    log_format: str = setting(
        "WAGATE_LOG_FORMAT",
        "",
        choice("json", "text", lenient=True),
        "log line format",
        shown="`json`, or `text` on a terminal",
        cli=True,
    )
    deployment: str = setting(
        "WAGATE_ENV",
        "development",
        choice("development", "production"),
        "`production` refuses to start while any secret below still has its development value",
        cli=True,
    )
    log_level: str = setting(
        "WAGATE_LOG_LEVEL",
        "INFO",
        text,
        "log level",
        cli=True,
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Self:
        """This class's settings from the environment; ConfigError names a bad value."""
        settings = cls(**read_fields(cls, os.environ if env is None else env))
        settings.check()
        return settings

    @classmethod
    def part_of(cls, settings: CommonSettings) -> Self:
        """The settings of this class's process out of a larger set (the `wagate` command
        reads them all, then hands each process its own)."""
        return cls(**{name: getattr(settings, name) for name in cls.__dataclass_fields__})

    def dev_defaults_in_use(self) -> list[str]:
        """The secrets still at their built-in development values (warned about at start)."""
        return []

    def check(self) -> None:
        """Raise ConfigError for settings that are wrong together (each alone was read)."""
        if self.deployment == "production" and self.dev_defaults_in_use():
            # a missing secret must stop a production process, not fall back to a value
            # anyone can read in the source
            raise ConfigError(
                "WAGATE_ENV=production needs real values for "
                + ", ".join(self.dev_defaults_in_use())
            )


@dataclass(frozen=True)
class ServiceSettings(CommonSettings):
    """Read by the gateway and the connector (and the `wagate` command where it says)."""

    database_url: str = setting(
        "DATABASE_URL",
        DEFAULT_DATABASE_URL,
        text,
        "PostgreSQL; the database is created if missing",
        cli=True,
    )
    database_url_is_default: bool = unset_flag("DATABASE_URL")
    redis_url: str = setting(
        "REDIS_URL",
        DEFAULT_REDIS_URL,
        text,
        "Redis",
        cli=True,
    )
    redis_url_is_default: bool = unset_flag("REDIS_URL")
    redis_prefix: str = setting(
        "WAGATE_REDIS_PREFIX",
        "wagate",
        text,
        "prefix of every Redis key (several deployments can share one Redis)",
        cli=True,
    )
    credentials_keys: tuple[str, ...] = setting(
        "WAGATE_CREDENTIALS_KEYS",
        (DEV_CREDENTIALS_KEY,),
        keys,
        "Fernet keys sealing WhatsApp credentials and webhook secrets, newest first",
        cli=True,
        shown="`wagate up`: generated (secrets.json); else a development key, with a warning",
    )
    host: str = setting(
        "WAGATE_HOST",
        "127.0.0.1",
        text,
        "gateway bind address",
        cli=True,
    )
    command_timeout_s: float = setting(
        "WAGATE_COMMAND_TIMEOUT",
        15.0,
        real(0.1),
        "seconds a gateway waits for the connector's reply (then 504)",
        cli=True,
    )
    engine: str = setting(
        "WAGATE_ENGINE",
        "sim",
        engine_name,
        "the engine of new sessions: `sim` or `whatsmeow` (a tenant's own `engine` wins)",
        cli=True,
    )
    webhook_allow_private: bool = setting(
        "WAGATE_WEBHOOK_ALLOW_PRIVATE",
        False,
        flag,
        "`1`: webhook and media URLs may reach loopback and private addresses (tests, local"
        " demo; never metadata addresses)",
    )
    blob_store: str = setting(
        "WAGATE_BLOB_STORE",
        "local",
        choice("local", "s3"),
        "where media bytes live: `local` (WAGATE_BLOB_DIR) or `s3` (the WAGATE_S3_* settings)",
    )
    blob_dir: str = setting(
        "WAGATE_BLOB_DIR",
        ".wagate/blobs",
        text,
        "the local blob store's directory; gateways and the connector must share it",
    )
    s3_endpoint: str = setting(
        "WAGATE_S3_ENDPOINT",
        "",
        text,
        "S3-compatible endpoint URL (MinIO, Ceph, R2...); empty: AWS S3",
    )
    s3_bucket: str = setting(
        "WAGATE_S3_BUCKET",
        "wagate-media",
        text,
        "the bucket media blobs go to",
    )
    s3_region: str = setting(
        "WAGATE_S3_REGION",
        "us-east-1",
        text,
        "the bucket's region",
    )
    s3_access_key: str = setting(
        "WAGATE_S3_ACCESS_KEY",
        "",
        text,
        "S3 credentials; empty: the AWS SDK's own chain (environment, instance role)",
    )
    s3_secret_key: str = setting(
        "WAGATE_S3_SECRET_KEY",
        "",
        text,
        "S3 credentials; empty: the AWS SDK's own chain (environment, instance role)",
    )
    s3_prefix: str = setting(
        "WAGATE_S3_PREFIX",
        "",
        text,
        "key prefix inside the bucket (several deployments can share one bucket)",
    )
    media_max_image_bytes: int = setting(
        "WAGATE_MEDIA_MAX_IMAGE",
        5 * 1024 * 1024,
        integer(1),
        "bytes an image may have (WhatsApp's limit: 5 MB)",
    )
    media_max_video_bytes: int = setting(
        "WAGATE_MEDIA_MAX_VIDEO",
        16 * 1024 * 1024,
        integer(1),
        "bytes a video may have (WhatsApp's limit: 16 MB)",
    )
    media_max_audio_bytes: int = setting(
        "WAGATE_MEDIA_MAX_AUDIO",
        16 * 1024 * 1024,
        integer(1),
        "bytes an audio file or a voice note may have (WhatsApp's limit: 16 MB)",
    )
    media_max_document_bytes: int = setting(
        "WAGATE_MEDIA_MAX_DOCUMENT",
        100 * 1024 * 1024,
        integer(1),
        "bytes a document may have (WhatsApp's limit: 100 MB)",
    )
    media_max_sticker_bytes: int = setting(
        "WAGATE_MEDIA_MAX_STICKER",
        100 * 1024,
        integer(1),
        "bytes a static sticker may have (WhatsApp's limit: 100 KB)",
    )
    media_max_animated_sticker_bytes: int = setting(
        "WAGATE_MEDIA_MAX_ANIMATED_STICKER",
        500 * 1024,
        integer(1),
        "bytes an animated sticker may have (WhatsApp's limit: 500 KB)",
    )
    media_url_secret: str = setting(
        "WAGATE_MEDIA_URL_SECRET",
        DEV_MEDIA_URL_SECRET,
        secret,
        "HMAC key of the signed media URLs in webhooks; 32+ characters",
        shown="`wagate up`: generated (secrets.json); else a development secret, with a "
        "warning at start",
    )
    public_url: str = setting(
        "WAGATE_PUBLIC_URL",
        "http://127.0.0.1:3000",
        text,
        "the gateway's address as webhook receivers reach it (signed media URLs start with it)",
    )

    def dev_defaults_in_use(self) -> list[str]:
        found = super().dev_defaults_in_use()
        if DEV_CREDENTIALS_KEY in self.credentials_keys[:1]:
            found.append("WAGATE_CREDENTIALS_KEYS")
        if self.media_url_secret == DEV_MEDIA_URL_SECRET:
            found.append("WAGATE_MEDIA_URL_SECRET")
        return found
