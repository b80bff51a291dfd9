"""Media sends against text sends in the same run, and the memory that proves streaming.

1. Throughput and latency: closed loop, `conc` workers, for a fixed time each, of
   - text: POST /messages/text (the baseline: the same send path with no file),
   - image 100 KB and image 5 MB: POST /messages/image as multipart uploads,
   through the real gateway, connector and sim network (which encrypts, uploads to the
   sim's media host, and has the recipient phone download and check every file). CPU per
   send is the gateway's and the connector's CPU time over the sends made.
2. Streaming: 10 clients upload a 50 MB document each at once (multipart, generated as
   it is sent); the gateway's and the connector's resident memory is sampled every 20 ms
   from before the first byte until every send is answered. Holding the files would take
   500 MB in either process; streaming holds a few chunks per upload.

Env: BENCH_MEDIA_SECONDS per kind (4), BENCH_MEDIA_CONC (4), BENCH_MEDIA_BIG_CLIENTS (10),
BENCH_MEDIA_BIG_MB (50).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections import Counter
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import httpx

from bench.common import (
    connect_sessions,
    cpu_seconds,
    emit,
    env_float,
    env_int,
    latency_summary_ms,
    now,
    ratio,
    rss_bytes,
    running_stack,
    table,
)
from devstack import media_files
from devstack.stack import Stack

MB = 1024 * 1024
Send = Callable[[httpx.AsyncClient, int], Coroutine[Any, Any, httpx.Response]]


async def closed_loop(
    c: httpx.AsyncClient, send: Send, conc: int, seconds: float
) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    deadline = now() + seconds
    counter = iter(range(10**9))

    async def worker() -> None:
        while now() < deadline:
            started = now()
            r = await send(c, next(counter))
            statuses[r.status_code] += 1
            latencies.append(now() - started)

    began = now()
    await asyncio.gather(*(worker() for _ in range(conc)))
    elapsed = now() - began
    ok = statuses[200]
    return {
        "sends": len(latencies),
        "ok": ok,
        "errors": len(latencies) - ok,
        "statuses": {str(k): v for k, v in statuses.items()},
        "ok_per_s": round(ok / elapsed, 2),
        **latency_summary_ms(latencies),
    }


async def throughput(
    stack: Stack, c: httpx.AsyncClient, tenant: str, friend: str, conc: int, seconds: float
) -> dict[str, dict[str, Any]]:
    api, headers = f"{stack.api}/sessions/{tenant}/messages", stack.auth(tenant)
    small, large = media_files.png(100 * 1024), media_files.png(5 * MB - 64 * 1024)

    async def text(c: httpx.AsyncClient, i: int) -> httpx.Response:
        return await c.post(f"{api}/text", headers=headers, json={"to": friend, "text": f"t{i}"})

    def image(body: bytes) -> Send:
        async def send(c: httpx.AsyncClient, i: int) -> httpx.Response:
            files = {"file": ("p.png", body, "image/png")}
            data = {"to": friend, "caption": f"i{i}"}
            return await c.post(f"{api}/image", headers=headers, data=data, files=files)

        return send

    procs = stack.procs
    results: dict[str, dict[str, Any]] = {}
    for name, send in (
        ("text", text),
        ("image_100kb", image(small)),
        ("image_5mb", image(large)),
    ):
        cpu0 = cpu_seconds(procs["gateway"].pid), cpu_seconds(procs["connector"].pid)
        figures = await closed_loop(c, send, conc, seconds)
        cpu1 = cpu_seconds(procs["gateway"].pid), cpu_seconds(procs["connector"].pid)
        sends = max(1, figures["sends"])
        figures["gateway_cpu_ms_per_send"] = round((cpu1[0] - cpu0[0]) * 1000 / sends, 2)
        figures["connector_cpu_ms_per_send"] = round((cpu1[1] - cpu0[1]) * 1000 / sends, 2)
        figures["bytes"] = {"text": 0, "image_100kb": len(small), "image_5mb": len(large)}[name]
        results[name] = figures
    return results


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
    async with running_stack() as stack, httpx.AsyncClient(timeout=60) as c:
        ((tenant, _),) = await connect_sessions(stack, c, 1)
        friend = await stack.new_phone(c)
        rates = await throughput(stack, c, tenant, friend, conc, seconds)
        big_friend = await stack.new_phone(c)
        big = await streaming(stack, c, tenant, big_friend, clients, size)

    text = rates["text"]
    rows = [
        [
            name,
            r["bytes"],
            r["ok_per_s"],
            r["p50_ms"],
            r["p99_ms"],
            r["errors"],
            r["gateway_cpu_ms_per_send"],
            r["connector_cpu_ms_per_send"],
            ratio(r["ok_per_s"], text["ok_per_s"]),
            ratio(r["p50_ms"], text["p50_ms"]),
        ]
        for name, r in rates.items()
    ]
    table(
        f"media sends: {seconds:g} s each, {conc} workers, multipart uploads; latency in ms;"
        " ratios against text sends in the same run",
        ["kind", "bytes", "sends/s", "p50", "p99", "err", "gw CPU ms", "conn CPU ms",
         "sends/s ratio", "p50 ratio"],
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
