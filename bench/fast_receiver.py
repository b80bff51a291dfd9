"""A webhook receiver in a process of its own, lean enough that 1,000 deliveries a second
measure wagate and not the receiver: raw asyncio HTTP/1.1 with keep-alive, every request's
signature verified with svix as a tenant's server would, the order of each path's
deliveries checked. devstack/webhook_receiver.py (hypercorn, in the test's own process)
models misbehaving receivers; this one only answers 200, fast.

    python -m bench.fast_receiver PORT

Control, on the same port: `PUT /_secret/<path>` with the secret as body (before any
delivery to that path); `GET /_stats` answers
{path: {count, first_at, last_at, in_order, unverified}} (times: time.time());
`GET /_latencies` answers every first delivery's arrival less its body's `timestamp`
(event time, ms) in seconds, and forgets them. A path's order is checked on `data.n`
where the events carry one.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass, field

from svix.webhooks import Webhook, WebhookVerificationError


@dataclass
class PathStats:
    webhook: Webhook | None = None
    count: int = 0
    first_at: float = 0.0
    last_at: float = 0.0
    last_n: int = -1
    in_order: bool = True
    unverified: int = 0
    seen: set[str] = field(default_factory=set)


PATHS: dict[str, PathStats] = {}
LATENCIES: list[float] = []


def _delivery(path: str, headers: dict[str, str], body: bytes) -> int:
    stats = PATHS.setdefault(path, PathStats())
    try:
        assert stats.webhook is not None
        stats.webhook.verify(body, headers)
    except (AssertionError, WebhookVerificationError):
        stats.unverified += 1
        return 401
    if headers["webhook-id"] in stats.seen:  # a repeat (at-least-once): counted once
        return 200
    stats.seen.add(headers["webhook-id"])
    now = time.time()
    event = json.loads(body)
    LATENCIES.append(now - event["timestamp"] / 1000)
    n = event["data"].get("n")
    if n is not None:
        stats.in_order = stats.in_order and n == stats.last_n + 1
        stats.last_n = n
    stats.first_at = stats.first_at or now
    stats.last_at = now
    stats.count += 1
    return 200


def _control(method: str, path: str, body: bytes) -> tuple[int, bytes]:
    if method == "PUT" and path.startswith("/_secret/"):
        PATHS[path.removeprefix("/_secret")] = PathStats(webhook=Webhook(body.decode()))
        return 200, b"{}"
    if path == "/_latencies":
        taken = json.dumps(LATENCIES).encode()
        LATENCIES.clear()
        return 200, taken
    stats = {
        p: {
            "count": s.count,
            "first_at": s.first_at,
            "last_at": s.last_at,
            "in_order": s.in_order,
            "unverified": s.unverified,
        }
        for p, s in PATHS.items()
    }
    return 200, json.dumps(stats).encode()


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *lines = head.decode("latin-1").split("\r\n")
            method, path, _ = request_line.split(" ", 2)
            headers = {
                k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines if x)
            }
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            if path.startswith("/_"):
                status, answer = _control(method, path, body)
            else:
                status, answer = _delivery(path, headers, body), b"ok"
            writer.write(
                b"HTTP/1.1 %d X\r\ncontent-length: %d\r\n\r\n%s" % (status, len(answer), answer)
            )
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(port: int) -> None:
    server = await asyncio.start_server(_serve, "127.0.0.1", port, backlog=1024)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
