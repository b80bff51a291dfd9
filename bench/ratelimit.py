"""The rate limiter's Redis script against a bare INCR, same Redis, same client, same run."""

from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

from bench.common import emit, env_int, now, table
from gateway.metrics import GatewayMetrics
from gateway.ratelimit import RateLimiter


async def main() -> None:
    total = env_int("BENCH_RL_CHECKS", 20000)
    parallel = env_int("BENCH_RL_PARALLEL", 50)
    redis = Redis.from_url("redis://127.0.0.1:6379/0", max_connections=parallel)
    prefix = f"wagate-bench-{time.time_ns()}"
    limiter = RateLimiter(redis, prefix, GatewayMetrics())
    results = {}
    try:

        async def run(label: str, op: object) -> None:
            counter = iter(range(total))

            async def worker() -> None:
                for i in counter:
                    await op(i)  # type: ignore[operator]

            began = now()
            await asyncio.gather(*(worker() for _ in range(parallel)))
            results[label] = round(total / (now() - began))

        # 100 tenants at a limit high enough that every check is a full "allowed" path
        await run("script", lambda i: limiter.hit("send", f"t{i % 100}", 10**9))
        await run("incr", lambda i: redis.incr(f"{prefix}:incr:t{i % 100}"))
        assert not limiter.fallback_active
    finally:
        keys = [k async for k in redis.scan_iter(f"{prefix}:*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
    table(
        f"rate limiter: {total} checks, {parallel} in flight",
        ["what", "checks/s", "vs INCR"],
        [
            [
                "sliding-window script",
                results["script"],
                f"{results['script'] / results['incr']:.2f}",
            ],
            ["bare INCR (baseline)", results["incr"], "1.00"],
        ],
    )
    emit(
        "ratelimit",
        {
            "checks": total,
            "script_per_s": results["script"],
            "incr_per_s": results["incr"],
            "ratio_vs_incr": round(results["script"] / results["incr"], 3),
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
