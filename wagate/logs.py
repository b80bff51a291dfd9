"""Logging for every wagate process: one JSON object per line in production, readable
lines on a terminal. Request id and company id ride along from context variables, so
any log line written while serving a request or a session carries them."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time
from typing import Any

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
tenant_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("tenant_id", default=None)

# attributes every LogRecord has; anything else was passed with `extra=` and is a field
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def __init__(self, part: str) -> None:
        super().__init__()
        self._part = part

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "process": self._part,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key in ("request_id", "tenant_id"):
            value = getattr(record, key, None) or _context(key)
            if value:
                out[key] = value
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in out:
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def _context(key: str) -> str | None:
    return request_id.get() if key == "request_id" else tenant_id.get()


class _HumanFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        tags = " ".join(f"{k}={v}" for k in ("request_id", "tenant_id") if (v := _context(k)))
        return f"{line} [{tags}]" if tags else line


def setup_logging(part: str, log_format: str = "", level: str = "INFO") -> None:
    """JSON unless stderr is a terminal; `log_format` (WAGATE_LOG_FORMAT: json|text)
    overrides. The caller reads both from the settings table (config.logging_settings)."""
    wanted = log_format or ("text" if sys.stderr.isatty() else "json")
    handler = logging.StreamHandler(sys.stderr)
    if wanted == "json":
        handler.setFormatter(JsonFormatter(part))
    else:
        handler.setFormatter(
            _HumanFormatter(f"%(asctime)s {part:<9} %(levelname)-7s %(name)s: %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # per-request lines from the HTTP client libraries are noise at INFO
    for noisy in ("httpx", "websockets", "hypercorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
