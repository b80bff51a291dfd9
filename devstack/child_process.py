"""Ending a server process a test started (moto's S3, the proxy): asked first, then
killed when it does not go in time, and reaped either way."""

from __future__ import annotations

import subprocess


def end(proc: subprocess.Popen[bytes], grace_s: float = 5) -> None:
    proc.terminate()
    try:
        proc.wait(grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
