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


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """A record's request and tenant ids, then whatever it was given with `extra=`."""
    out: dict[str, Any] = {}
    for key in ("request_id", "tenant_id"):
        value = getattr(record, key, None) or _context(key)
        if value:
            out[key] = value
    for key, value in vars(record).items():
        if key not in _STANDARD and key not in out:
            out[key] = value
    return out


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
        out.update({k: v for k, v in _fields(record).items() if k not in out})
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def _context(key: str) -> str | None:
    return request_id.get() if key == "request_id" else tenant_id.get()


class HumanFormatter(logging.Formatter):
    """One line a person reads: local time, level, process, logger: message, key=value."""

    def __init__(self, part: str) -> None:
        super().__init__()
        self._part = part

    def format(self, record: logging.LogRecord) -> str:
        when = time.strftime("%H:%M:%S", time.localtime(record.created))
        line = (
            f"{when}.{int(record.msecs):03d} {record.levelname:<7} {self._part:<9} "
            f"{record.name}: {record.getMessage()}"
        )
        pairs = " ".join(f"{k}={_shown(v)}" for k, v in _fields(record).items())
        if pairs:
            line = f"{line}  {pairs}"
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        return line


def _shown(value: Any) -> str:
    text = str(value)
    return (
        json.dumps(text, ensure_ascii=False) if not text or any(c.isspace() for c in text) else text
    )


def setup_logging(part: str, log_format: str = "", level: str = "INFO") -> None:
    """JSON unless stderr is a terminal; `log_format` (WAGATE_LOG_FORMAT: json|text)
    overrides. The caller reads both from the settings table (config.logging_settings)."""
    wanted = log_format or ("text" if sys.stderr.isatty() else "json")
    handler = logging.StreamHandler(sys.stderr)
    if wanted == "json":
        handler.setFormatter(JsonFormatter(part))
    else:
        handler.setFormatter(HumanFormatter(part))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # per-request lines from the HTTP client libraries are noise at INFO
    for noisy in ("httpx", "websockets", "hypercorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
