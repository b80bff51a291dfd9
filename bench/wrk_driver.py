"""Run wrk (Debian's package) against a URL and read its figures back as a dict.

The Lua script sends POSTs with JSON bodies, rotating over the given (path, headers)
targets, and prints one JSON line at the end with rps, errors and percentiles."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

_LUA = """
local targets = %(targets)s
local i = 0
request = function()
  i = i + 1
  local t = targets[(i %% #targets) + 1]
  local body = string.format('{"phone": "%(phone)s", "message": "wrk %%d"}', i)
  return wrk.format("POST", t.path, t.headers, body)
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    '{"requests": %%d, "seconds": %%.3f, "errors": %%d, '
    .. '"p50_us": %%d, "p99_us": %%d, "p999_us": %%d}\\n',
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def _lua_targets(targets: list[tuple[str, dict[str, str]]]) -> str:
    items = []
    for path, headers in targets:
        hs = ", ".join(
            f'["{k}"] = "{v}"' for k, v in {**headers, "Content-Type": "application/json"}.items()
        )
        items.append(f'{{path = "{path}", headers = {{{hs}}}}}')
    return "{" + ", ".join(items) + "}"


def run(
    base_url: str,
    targets: list[tuple[str, dict[str, str]]],
    phone: str,
    connections: int,
    seconds: float,
) -> dict[str, Any]:
    script = _LUA % {"targets": _lua_targets(targets), "phone": phone}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "30s",
                "-s",
                f.name,
                base_url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        ).stdout
    finally:
        Path(f.name).unlink()
    figures = json.loads(out.strip().splitlines()[-1])
    return {
        "rps": round(figures["requests"] / figures["seconds"], 1),
        "errors": figures["errors"],
        "requests": figures["requests"],
        "p50_ms": round(figures["p50_us"] / 1000, 2),
        "p99_ms": round(figures["p99_us"] / 1000, 2),
        "p999_ms": round(figures["p999_us"] / 1000, 2),
    }
