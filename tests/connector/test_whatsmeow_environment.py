"""neonize labels every 1:1 send as a bot's unless its Go code sees NEONIZE_BOT_TAG=off,
and Go sees only the environment a process started with."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from connector.engines.whatsmeow.go_environment import seen_by_go
from devstack.stack import deployment


async def test_the_running_connector_starts_neonize_with_the_bot_label_off() -> None:
    # even when the operator's environment says otherwise
    async with deployment(("connector",), NEONIZE_BOT_TAG="on") as stack:
        pid = stack.procs["connector"].pid
        initial = seen_by_go(Path(f"/proc/{pid}/environ"))
    assert initial.get("NEONIZE_BOT_TAG") == "off"


def test_a_process_started_from_one_that_loaded_the_engine_inherits_it() -> None:
    """Worker processes: started after the engine package loaded, they have it from
    their start, where Go reads it."""
    env = {k: v for k, v in os.environ.items() if k != "NEONIZE_BOT_TAG"}
    script = (
        "import subprocess, sys\n"
        "import connector.engines.whatsmeow.mapping\n"  # loads neonize's Go library
        "child = 'from connector.engines.whatsmeow.go_environment import missing; "
        "print(missing())'\n"
        "print(subprocess.run([sys.executable, '-c', child], capture_output=True, "
        "text=True, check=True).stdout.strip())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "{}"
