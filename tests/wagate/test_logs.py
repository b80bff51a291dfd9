"""Log lines: one readable line per record on a terminal, JSON otherwise."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys

_LOG_ONE = (
    "import logging; from wagate.logs import setup_logging; setup_logging('up'); "
    "logging.getLogger('wagate.x').warning('sign in now', extra={'company': 'co-1', "
    "'why': 'first run'})"
)


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("WAGATE_")}


def _on_a_terminal() -> str:
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _LOG_ONE],
            stderr=secondary,
            env=_clean_env(),
            timeout=60,
            check=True,
        )
        assert done.returncode == 0
        os.close(secondary)
        secondary = -1
        out = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            out += chunk
        return out.decode()
    finally:
        os.close(primary)
        if secondary != -1:
            os.close(secondary)


def test_a_terminal_gets_one_readable_line_with_its_fields() -> None:
    lines = _on_a_terminal().strip().splitlines()
    assert len(lines) == 1, lines
    assert re.fullmatch(
        r"\d\d:\d\d:\d\d\.\d{3} WARNING up +wagate\.x: sign in now  "
        r'company=co-1 why="first run"\r?',
        lines[0],
    ), lines


def test_a_pipe_gets_json() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _LOG_ONE],
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=60,
        check=True,
    )
    record = json.loads(done.stderr)
    assert (record["level"], record["process"], record["msg"]) == ("warning", "up", "sign in now")
    assert (record["company"], record["why"]) == ("co-1", "first run")
