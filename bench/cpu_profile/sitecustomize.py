"""Loaded by every Python process a bench starts when BENCH_PROFILE is set (bench/common.py
puts this folder on PYTHONPATH): SIGUSR1 starts cProfile, SIGUSR2 stops it and writes
$BENCH_PROFILE/pid-<pid>.prof. The timer is the process's CPU clock, so a process that a
loaded machine keeps waiting is not charged for the wait (a sampling profiler on wall time
is, at whatever line it was preempted)."""

from __future__ import annotations

import cProfile
import os
import signal
import time
from types import FrameType

_FOLDER = os.environ.get("BENCH_PROFILE")
_profile: cProfile.Profile | None = None


def _start(_signum: int, _frame: FrameType | None) -> None:
    global _profile
    _profile = cProfile.Profile(time.process_time)
    _profile.enable()


def _stop(_signum: int, _frame: FrameType | None) -> None:
    global _profile
    if _profile is None:
        return
    _profile.disable()
    path = f"{_FOLDER}/pid-{os.getpid()}.prof"
    _profile.dump_stats(path + ".part")
    os.replace(path + ".part", path)  # whole, or not there yet
    _profile = None


if _FOLDER:
    signal.signal(signal.SIGUSR1, _start)
    signal.signal(signal.SIGUSR2, _stop)
