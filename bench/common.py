"""What every benchmark shares: a real wagate stack (the tests' harness), percentiles,
the table and the closing JSON line."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from tests.stack import Stack, deployment

# production-like defaults for a benchmark run: limits out of the way, logs quiet
BENCH_ENV = {
    "WAGATE_SEND_RATE_PER_MINUTE": "100000000",
    "WAGATE_LOG_LEVEL": "WARNING",
    "WAGATE_HEALTH_INTERVAL": "30",
    "WAGATE_HEALTH_TIMEOUT": "10",
    "WAGATE_SIM_QR_INTERVAL": "20",
    "WAGATE_SIM_QR_COUNT": "6",
}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def running_stack(**overrides: str) -> contextlib.AbstractAsyncContextManager[Stack]:
    return deployment(**{**BENCH_ENV, **overrides})


async def connect_sessions(
    stack: Stack, client: httpx.AsyncClient, count: int, parallel: int = 20
) -> list[tuple[str, str]]:
    """`count` connected sessions: [(company id, session number)]."""
    slots = asyncio.Semaphore(parallel)

    async def one() -> tuple[str, str]:
        async with slots:
            company = stack.new_company()
            return company, await stack.connect_session(client, company)

    return list(await asyncio.gather(*(one() for _ in range(count))))


def percentile(values: Sequence[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def latency_summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "p50_ms": round(percentile(ms, 50), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "p999_ms": round(percentile(ms, 99.9), 2),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
    }


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[str(h) for h in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n{title}")
    for i, row in enumerate(cells):
        print("  " + "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
        if i == 0:
            print("  " + "  ".join("-" * w for w in widths))


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version()}


def emit(bench: str, figures: dict[str, Any]) -> None:
    print(json.dumps({"bench": bench, "machine": machine(), **figures}), flush=True)


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def spawn(module: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def now() -> float:
    return time.perf_counter()
