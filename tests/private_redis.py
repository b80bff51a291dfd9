"""A redis-server of a test's own, which the test may kill and start again: the shared
Redis of the machine is never stopped or flushed by a test."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from devstack.stack import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class PrivateRedis:
    def __init__(self, *, appendonly: bool, maxmemory: int | None = None) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="wagate-test-redis-"))
        self.appendonly = appendonly
        self.maxmemory = maxmemory  # bytes; past it, writes are refused (noeviction)
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        persistence = (
            ["--appendonly", "yes", "--appendfsync", "always"]
            if self.appendonly
            else ["--appendonly", "no"]
        )
        memory = (
            []
            if self.maxmemory is None
            else ["--maxmemory", str(self.maxmemory), "--maxmemory-policy", "noeviction"]
        )
        log = open(self.dir / "redis.log", "ab")  # noqa: SIM115 - lives with the process
        self._proc = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.dir),
                "--save",
                "",
                *persistence,
                *memory,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            if self._proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((self.dir / "redis.log").read_text(errors="replace"))
            time.sleep(0.02)

    def kill(self) -> None:
        """SIGKILL: what is not on disk yet (all of it, without append-only) is gone."""
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()

    def restart(self) -> None:
        self.kill()
        self.start()


@contextlib.contextmanager
def private_redis(
    *, appendonly: bool = False, maxmemory: int | None = None
) -> Iterator[PrivateRedis]:
    redis = PrivateRedis(appendonly=appendonly, maxmemory=maxmemory)
    redis.start()
    try:
        yield redis
    finally:
        redis.kill()
        shutil.rmtree(redis.dir, ignore_errors=True)
