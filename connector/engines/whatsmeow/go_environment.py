"""The environment neonize's Go code must see, and making sure it does.

neonize adds `<bot biz_bot="1"/>` to every 1:1 send (WhatsApp then labels the
business's messages as a bot's) unless `NEONIZE_BOT_TAG=off`. Go reads the environment
once, when the library loads, and from the process's initial environment block, not
from the C `environ` Python's `os.environ` writes to: a variable set from Python after
the process started is invisible to Go (checked here with a c-shared Go library, as in
golang/go#44108). So the variable must be in a process's environment from its start:
the connector re-executes itself with it when it is not, and every process it starts
inherits it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

GO_ENVIRONMENT = {"NEONIZE_BOT_TAG": "off"}


def seen_by_go(environ_file: Path = Path("/proc/self/environ")) -> dict[str, str]:
    """The process's initial environment: what a Go library loaded into it reads."""
    try:
        raw = environ_file.read_bytes()
    except OSError:  # not Linux: there is no telling, assume it is as Python sees it
        return dict(os.environ)
    pairs = (entry.partition(b"=") for entry in raw.split(b"\0") if entry)
    return {
        name.decode(errors="replace"): value.decode(errors="replace") for name, _, value in pairs
    }


def missing() -> dict[str, str]:
    """What Go in this process would not see as it must."""
    initial = seen_by_go()
    return {name: value for name, value in GO_ENVIRONMENT.items() if initial.get(name) != value}


def start_with_go_environment() -> None:
    """At a process's start, before anything runs: execute it again with the
    environment Go must see, unless it already has it (then this returns)."""
    os.environ.update(GO_ENVIRONMENT)  # also for every process started from this one
    if missing():
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
