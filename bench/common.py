"""What every benchmark shares: a real wagate stack (the tests' harness), percentiles,
the table and the closing JSON line."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx

from devstack.stack import Stack, deployment

ROOT = Path(__file__).resolve().parent.parent

# production-like defaults for a benchmark run: limits out of the way, logs quiet
BENCH_ENV = {
    "WAGATE_SEND_RATE_PER_MINUTE": "100000000",
    "WAGATE_LOG_LEVEL": "WARNING",
    "WAGATE_HEALTH_INTERVAL": "30",
    "WAGATE_HEALTH_TIMEOUT": "10",
    # WhatsApp's own QR timing (the tests' 2 s expire while a loaded machine links them)
    "WAGATE_SIM_QR_FIRST": "60",
    "WAGATE_SIM_QR_INTERVAL": "20",
    "WAGATE_SIM_QR_COUNT": "6",
}

# the tests' 10 s command timeout and 5 s initialize wait are short for a connector that
# links thousands of sessions (traced, or on a loaded machine): the session benches wait
# longer rather than fail (nothing there measures those bounds)
PATIENT_COMMANDS = {"WAGATE_COMMAND_TIMEOUT": "120", "WAGATE_INITIALIZE_WAIT": "60"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def running_stack(**overrides: str) -> contextlib.AbstractAsyncContextManager[Stack]:
    return deployment(("sim", "connector", "gateway"), **{**BENCH_ENV, **PROFILE_ENV, **overrides})


async def connect_sessions(
    stack: Stack, client: httpx.AsyncClient, count: int, parallel: int = 20
) -> list[tuple[str, str]]:
    """`count` connected sessions: [(company id, session number)]."""
    slots = asyncio.Semaphore(parallel)

    async def one() -> tuple[str, str]:
        async with slots:
            tenant = stack.new_tenant()
            return tenant, await stack.connect_session(client, tenant)

    return list(await asyncio.gather(*(one() for _ in range(count))))


async def listed_connected(stack: Stack, client: httpx.AsyncClient) -> int:
    """How many sessions the gateway's admin listing shows connected."""
    r = await client.get(f"{stack.api}/sessions", headers=stack.admin())
    if r.status_code != 200:
        return 0
    return sum(s["status"] == "connected" for s in r.json()["sessions"])


async def wait_all_connected(
    stack: Stack, client: httpx.AsyncClient, count: int, timeout_s: float = float("inf")
) -> int:
    """Until the gateway lists `count` sessions connected, or `timeout_s` passed; returns
    how many it lists. The sim's count of open device connections is watched first, every
    0.1 s: listing thousands of sessions, often, takes the CPU of the restore it measures."""
    deadline = now() + timeout_s
    while True:
        stats = (await client.get(f"{stack.sim}/stats")).json()
        if stats["connections"] >= count or now() > deadline:
            listed = await listed_connected(stack, client)
            if listed >= count or now() > deadline:
                return listed
        await asyncio.sleep(0.1)


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
        cols = zip(row, widths, strict=True)  # text leftmost, figures to the right
        print(
            "  " + "  ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(cols))
        )
        if i == 0:
            print("  " + "  ".join("-" * w for w in widths))


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        # the 2 cores may be shared with other work: read the figures in its light
        "loadavg_1m": round(os.getloadavg()[0], 2),
    }


def _json_safe(value: Any) -> Any:
    """NaN (a percentile of nothing) as null: the closing line stays strict JSON."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def emit(bench: str, figures: dict[str, Any]) -> None:
    """The closing JSON line; bench/run collects it, so it must be the last line printed."""
    line = {"bench": bench, "machine": machine(), **figures}
    print(json.dumps(_json_safe(line), allow_nan=False), flush=True)


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def open_sockets(pid: int) -> int:
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(FileNotFoundError):  # closed while listed
            count += os.readlink(fd).startswith("socket:")
    return count


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


PROFILE_DIR = os.environ.get("BENCH_PROFILE")
# with BENCH_PROFILE, every process a bench starts can be profiled on a signal
PROFILE_ENV = {"PYTHONPATH": str(ROOT / "bench" / "cpu_profile")} if PROFILE_DIR else {}


@contextlib.contextmanager
def profiled(servers: dict[str, int], label: str) -> Iterator[None]:
    """With BENCH_PROFILE=<dir>, cProfile on each server process's CPU clock while the
    block runs (bench/cpu_profile/sitecustomize.py), written to <dir>/<label>-<name>.prof;
    `python -m bench.profile_summary` reads them. Without the variable this does nothing.
    Profiling slows the Python code it measures, so figures from a profiled run are not
    figures: the shares are what it is for."""
    if not PROFILE_DIR:
        yield
        return
    Path(PROFILE_DIR).mkdir(parents=True, exist_ok=True)
    for pid in servers.values():
        os.kill(pid, signal.SIGUSR1)
    try:
        yield
    finally:
        for name, pid in servers.items():
            os.kill(pid, signal.SIGUSR2)
            written = Path(PROFILE_DIR) / f"pid-{pid}.prof"
            for _ in range(300):
                if written.exists():
                    break
                time.sleep(0.1)
            written.replace(Path(PROFILE_DIR) / f"{label}-{name}.prof")


def spawn(module: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, **PROFILE_ENV, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def ratio(a: float, b: float) -> float | None:
    """a / b for the tables and the JSON line (None, JSON null, when b is 0)."""
    return round(a / b, 3) if b else None


def now() -> float:
    return time.perf_counter()
