"""The settings only the simulated WhatsApp network reads (and `wagate up`, which starts
it and says where it listens)."""

from __future__ import annotations

from dataclasses import dataclass

from wagate.config.common import CommonSettings
from wagate.config.declaring import setting
from wagate.config.readers import integer, real, text


@dataclass(frozen=True)
class SimSettings(CommonSettings):
    """What the sim network process is given."""

    sim_host: str = setting(
        "WAGATE_SIM_HOST",
        "127.0.0.1",
        text,
        "sim network bind address",
        cli=True,
    )
    sim_port: int = setting(
        "WAGATE_SIM_PORT",
        7070,
        integer(1),
        "sim network bind address",
        cli=True,
    )
    sim_qr_first_s: float = setting(
        "WAGATE_SIM_QR_FIRST",
        60.0,
        real(0.05),
        "sim: seconds the first QR code lasts, seconds each later one lasts, codes per "
        "pairing attempt (WhatsApp's own timing)",
    )
    sim_qr_interval_s: float = setting(
        "WAGATE_SIM_QR_INTERVAL",
        20.0,
        real(0.05),
        "sim: seconds the first QR code lasts, seconds each later one lasts, codes per "
        "pairing attempt (WhatsApp's own timing)",
    )
    sim_qr_count: int = setting(
        "WAGATE_SIM_QR_COUNT",
        6,
        integer(1),
        "sim: seconds the first QR code lasts, seconds each later one lasts, codes per "
        "pairing attempt (WhatsApp's own timing)",
    )
    sim_media_ttl_s: float = setting(
        "WAGATE_SIM_MEDIA_TTL",
        30 * 24 * 3600.0,
        real(0.05),
        "sim: seconds the media host keeps an uploaded file, then 410 (WhatsApp keeps "
        "media about 30 days)",
        shown="`2592000` (30 days)",
    )
    sim_media_max_bytes: int = setting(
        "WAGATE_SIM_MEDIA_MAX_BYTES",
        4 * 1024**3,
        integer(1),
        "sim: bytes the media host stores at most, over all files (an upload past it: 413)",
    )
