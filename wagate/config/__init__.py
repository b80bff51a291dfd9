"""Settings read from the environment, once, in the `wagate` command's entry point.

Each setting is declared once, as a field of the settings class of the processes that read
it (wagate/config/declaring.py says how): `CommonSettings` (every process),
`ServiceSettings` (gateway and connector), `GatewaySettings`, `ConnectorSettings`,
`SimSettings`, and `Settings`, everything, which the `wagate` command reads before it hands
each process its own part. docs/configuration.md's table is generated from them
(wagate/config/table.py; tests/wagate/test_settings_table.py holds the page to it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from wagate.config.cli import Settings
from wagate.config.common import (
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    DEV_API_KEY_PEPPER,
    DEV_CREDENTIALS_KEY,
    DEV_JWT_SECRET,
    DEV_MEDIA_URL_SECRET,
    CommonSettings,
    ServiceSettings,
)
from wagate.config.connector import ConnectorSettings
from wagate.config.declaring import read_one
from wagate.config.gateway import GatewaySettings
from wagate.config.readers import ENGINES, ConfigError
from wagate.config.sim import SimSettings
from wagate.config.table import BY_ATTRIBUTE, BY_ENV, PROCESSES, SETTINGS, Setting

__all__ = [
    "BY_ATTRIBUTE",
    "BY_ENV",
    "DEFAULT_DATABASE_URL",
    "DEFAULT_REDIS_URL",
    "DEV_API_KEY_PEPPER",
    "DEV_CREDENTIALS_KEY",
    "DEV_JWT_SECRET",
    "DEV_MEDIA_URL_SECRET",
    "ENGINES",
    "PROCESSES",
    "SETTINGS",
    "CommonSettings",
    "ConfigError",
    "ConnectorSettings",
    "GatewaySettings",
    "ServiceSettings",
    "Setting",
    "Settings",
    "SimSettings",
    "logging_settings",
    "redacted_url",
]


def logging_settings(env: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(format, level) alone, read before the rest so that a configuration error is
    logged in the format asked for."""
    env = os.environ if env is None else env
    return read_one(CommonSettings, "log_format", env), read_one(CommonSettings, "log_level", env)


def redacted_url(url: str) -> str:
    """A connection URL with any password replaced, for "connected to ..." lines."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))
