"""An S3-compatible server of a test's own: moto's server (`moto[server]`), a separate
process speaking S3 over HTTP on a free port, so the S3 blob store is exercised through
its real client and wire protocol, never a mock inside the test process."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from devstack.child_process import end
from devstack.stack import free_port

ACCESS_KEY, SECRET_KEY = "wagate-test", "wagate-test-secret"


@contextlib.contextmanager
def s3_server() -> Iterator[str]:
    """The endpoint URL of a fresh, empty S3 server, for the duration."""
    port = free_port()
    binary = shutil.which("moto_server") or str(Path(sys.executable).parent / "moto_server")
    proc = subprocess.Popen(
        [binary, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(endpoint, timeout=1)
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.05)
        yield endpoint
    finally:
        end(proc)
