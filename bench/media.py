"""Media sends against text sends in the same run, and the memory that proves streaming.

1. Throughput and latency: closed loop, `conc` workers, for a fixed time each, of
   - text: POST /messages/text (the baseline: the same send path with no file),
   - image 100 KB and image 5 MB: POST /messages/image as multipart uploads,
   through the real gateway, connector and sim network (which encrypts, uploads to the
   sim's media host, and has the recipient phone download and check every file). The
   kinds take turns (BENCH_MEDIA_ROUNDS rounds of each), so a change in the machine's
   load falls on each alike. CPU per send is the gateway's and the connector's CPU time
   over the sends made, with its ratio to a text send's, and per MB for the files.
2. Streaming: 10 clients upload a 50 MB document each at once (multipart, generated as
   it is sent); the gateway's and the connector's resident memory is sampled every 20 ms
   from before the first byte until every send is answered. Holding the files would take
   500 MB in either process; streaming holds a few chunks per upload.

Env: BENCH_MEDIA_SECONDS per kind (4), BENCH_MEDIA_ROUNDS (2), BENCH_MEDIA_CONC (4),
BENCH_MEDIA_BIG_CLIENTS (10), BENCH_MEDIA_BIG_MB (50). With BENCH_PROFILE=<dir>, each
round's gateway and connector profiles are written there (bench/README.md, "Profiles").
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections import Counter
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.common import (
    PATIENT_COMMANDS,
    connect_sessions,
    cpu_seconds,
    emit,
    env_float,
    env_int,
    latency_summary_ms,
    now,
    profiled,
    ratio,
    rss_bytes,
    running_stack,
    table,
)
from devstack import media_files
from devstack.stack import Stack

MB = 1024 * 1024
PROCESSES = ("gateway", "connector")  # whose CPU a send costs
ROUNDS = env_int("BENCH_MEDIA_ROUNDS", 2)  # each kind's turns, the kinds alternating
Send = Callable[[httpx.AsyncClient, int], Coroutine[Any, Any, httpx.Response]]


@dataclass
class Round:
    """One closed-loop round of one kind: each send's latency and status, and the CPU
    seconds each server process spent meanwhile."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    seconds: float = 0.0
    cpu_s: dict[str, float] = field(default_factory=dict)


async def closed_loop(
    c: httpx.AsyncClient, send: Send, conc: int, seconds: float, pids: dict[str, int]
) -> Round:
    measured = Round()
    deadline = now() + seconds
    counter = iter(range(10**9))

    async def worker() -> None:
        while now() < deadline:
            started = now()
            r = await send(c, next(counter))
            measured.statuses[r.status_code] += 1
            measured.latencies.append(now() - started)

    cpu0 = {p: cpu_seconds(pid) for p, pid in pids.items()}
    began = now()
    await asyncio.gather(*(worker() for _ in range(conc)))
    measured.seconds = now() - began
    measured.cpu_s = {p: cpu_seconds(pid) - cpu0[p] for p, pid in pids.items()}
    return measured


async def throughput(
    stack: Stack, c: httpx.AsyncClient, tenant: str, friend: str, conc: int, seconds: float
) -> dict[str, dict[str, Any]]:
    api, headers = f"{stack.api}/sessions/{tenant}/messages", stack.auth(tenant)
    small, large = media_files.png(100 * 1024), media_files.png(5 * MB - 64 * 1024)

    async def text(c: httpx.AsyncClient, i: int) -> httpx.Response:
        return await c.post(f"{api}/text", headers=headers, json={"to": friend, "text": f"t{i}"})

    def image(body: bytes) -> Send:
        async def send(c: httpx.AsyncClient, i: int) -> httpx.Response:
            # each send its own bytes, as distinct photos are (the same bytes again are
            # stored once): a counter after the PNG's end, which viewers ignore
            own = body + i.to_bytes(8, "big", signed=True)
            files = {"file": ("p.png", own, "image/png")}
            data = {"to": friend, "caption": f"i{i}"}
            return await c.post(f"{api}/image", headers=headers, data=data, files=files)

        return send

    kinds = {"text": (text, 0), "image_100kb": (image(small), len(small)),
             "image_5mb": (image(large), len(large))}  # fmt: skip
    pids = {p: stack.procs[p].pid for p in PROCESSES}
    rounds: dict[str, list[Round]] = {name: [] for name in kinds}
    for send, _size in kinds.values():  # the first of each kind imports and caches
        (await send(c, -1)).raise_for_status()
    for turn in range(ROUNDS):  # the kinds take turns: a change of load falls on each alike
        for name, (send, _size) in kinds.items():
            with profiled(pids, f"media-{name}-{turn}"):
                rounds[name].append(await closed_loop(c, send, conc, seconds / ROUNDS, pids))
    results = {name: _per_send(rounds[name], size) for name, (_send, size) in kinds.items()}
    text_cpu = results["text"]["cpu_ms_per_send"]
    for figures in results.values():
        figures["cpu_ratio_vs_text"] = ratio(figures["cpu_ms_per_send"], text_cpu)
    return results


def _per_send(rounds: list[Round], size: int) -> dict[str, Any]:
    """One kind's rounds together: rates, latencies, and the CPU per send (gateway,
    connector, both) and, for a file, per MB sent."""
    latencies = [t for r in rounds for t in r.latencies]
    statuses = sum((r.statuses for r in rounds), Counter[int]())
    sends, ok = len(latencies), statuses[200]
    cpu_ms = {p: sum(r.cpu_s[p] for r in rounds) * 1000 / max(1, sends) for p in PROCESSES}
    figures: dict[str, Any] = {
        "sends": sends,
        "ok": ok,
        "errors": sends - ok,
        "statuses": {str(k): v for k, v in statuses.items()},
        "ok_per_s": round(ok / sum(r.seconds for r in rounds), 2),
        **latency_summary_ms(latencies),
        "gateway_cpu_ms_per_send": round(cpu_ms["gateway"], 2),
        "connector_cpu_ms_per_send": round(cpu_ms["connector"], 2),
        "cpu_ms_per_send": round(sum(cpu_ms.values()), 2),
        "bytes": size,
    }
    if size:
        figures["cpu_ms_per_mb"] = round(sum(cpu_ms.values()) / (size / MB), 2)
    return figures


def _multipart(index: int, size: int, boundary: str, to: str) -> AsyncIterator[bytes]:
    """A multipart document upload of `size` bytes, generated as it is sent (the bench
    process holds one 1 MB block, not the file)."""
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="to"\r\n\r\n{to}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="big-{index}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    block = os.urandom(MB)

    async def body() -> AsyncIterator[bytes]:
        yield head
        yield b"%PDF-1.4\n" + index.to_bytes(4, "big")  # its own bytes: its own sha256
        left = size - 13
        while left > 0:
            piece = block[: min(MB, left)]
            left -= len(piece)
            yield piece
        yield f"\r\n--{boundary}--\r\n".encode()

    return body()


async def streaming(
    stack: Stack, c: httpx.AsyncClient, tenant: str, friend: str, clients: int, size: int
) -> dict[str, Any]:
    pids = {p: stack.procs[p].pid for p in ("gateway", "connector")}
    before = {p: rss_bytes(pid) for p, pid in pids.items()}
    peak = dict(before)
    done = asyncio.Event()

    async def sample() -> None:
        while not done.is_set():
            for p, pid in pids.items():
                peak[p] = max(peak[p], rss_bytes(pid))
            await asyncio.sleep(0.02)

    url = f"{stack.api}/sessions/{tenant}/messages/document"

    async def upload(i: int) -> tuple[int, float, str]:
        boundary = f"wagatebench{i}"
        headers = {
            **stack.auth(tenant),
            "content-type": f"multipart/form-data; boundary={boundary}",
        }
        started = now()
        r = await c.post(
            url, headers=headers, content=_multipart(i, size, boundary, friend), timeout=600
        )
        return r.status_code, now() - started, r.json().get("sha256", r.text[:200])

    sampler = asyncio.create_task(sample())
    began = now()
    try:
        answers = await asyncio.gather(*(upload(i) for i in range(clients)))
    finally:
        done.set()
        await sampler
    elapsed = now() - began
    ok = sum(1 for status, _, _ in answers if status == 200)
    inbox = (await c.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    received = {
        m["media"]["declaredSha256"] for m in inbox if m.get("media", {}).get("kind") == "document"
    }
    return {
        "clients": clients,
        "file_mb": round(size / MB, 1),
        "ok": ok,
        "statuses": [status for status, _, _ in answers],
        "seconds": round(elapsed, 2),
        "mb_per_s": round(clients * size / MB / elapsed, 1),
        "at_phone": len(received & {sha for _, _, sha in answers}),
        "rss_before_mb": {p: round(v / MB, 1) for p, v in before.items()},
        "rss_peak_mb": {p: round(v / MB, 1) for p, v in peak.items()},
        "rss_growth_mb": {p: round((peak[p] - before[p]) / MB, 1) for p in pids},
    }


async def main() -> None:
    seconds = env_float("BENCH_MEDIA_SECONDS", 4)
    conc = env_int("BENCH_MEDIA_CONC", 4)
    clients = env_int("BENCH_MEDIA_BIG_CLIENTS", 10)
    size = env_int("BENCH_MEDIA_BIG_MB", 50) * MB
    # 500 MB at once outlasts the tests' 10 s command timeout on a loaded machine (a 504
    # while the send is still under way); nothing here measures that bound
    async with running_stack(**PATIENT_COMMANDS) as stack, httpx.AsyncClient(timeout=60) as c:
        ((tenant, _),) = await connect_sessions(stack, c, 1)
        friend = await stack.new_phone(c)
        rates = await throughput(stack, c, tenant, friend, conc, seconds)
        big_friend = await stack.new_phone(c)
        big = await streaming(stack, c, tenant, big_friend, clients, size)

    rows = [
        [
            name, r["bytes"], r["ok_per_s"], r["p50_ms"], r["p99_ms"], r["errors"],
            r["gateway_cpu_ms_per_send"], r["connector_cpu_ms_per_send"], r["cpu_ms_per_send"],
            r["cpu_ratio_vs_text"], r.get("cpu_ms_per_mb", ""),
        ]
        for name, r in rates.items()
    ]  # fmt: skip
    table(
        f"media sends: {seconds:g} s each in {ROUNDS} turns, {conc} workers, multipart uploads;"
        " latency in ms; CPU per send of the gateway and the connector; ratio against text"
        " sends in the same run",
        ["kind", "bytes", "sends/s", "p50", "p99", "err", "gw CPU ms", "conn CPU ms",
         "CPU ms", "CPU ratio", "CPU ms/MB"],
        rows,
    )  # fmt: skip
    table(
        f"streaming: {clients} clients upload a {big['file_mb']} MB document each at once"
        f" ({big['seconds']} s, {big['mb_per_s']} MB/s, {big['ok']} sent,"
        f" {big['at_phone']} at the phone byte-exact)",
        ["process", "RSS before MB", "peak MB", "growth MB", "files held would be MB"],
        [
            [p, big["rss_before_mb"][p], big["rss_peak_mb"][p], big["rss_growth_mb"][p],
             round(clients * size / MB)]
            for p in ("gateway", "connector")
        ],
    )  # fmt: skip
    emit("media", {"sends": rates, "streaming": big})


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
