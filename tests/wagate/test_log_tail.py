"""The test harness's reading of a process's log: tests parse its JSON lines while the
process may be halfway through writing one, so only whole lines are handed back."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from devstack.stack import Stack
from wagate.config import Settings


def test_a_line_still_being_written_is_left_out(tmp_path: Path) -> None:
    stack = Stack(env={}, logs=tmp_path, settings=cast(Settings, cast(Any, None)))
    (tmp_path / "gateway.log").write_text('{"a": 1}\n{"b": 2}\n{"c": "half')
    assert stack.log_tail("gateway", 10).splitlines() == ['{"a": 1}', '{"b": 2}']
    assert stack.log_tail("gateway", 1) == '{"b": 2}'
    (tmp_path / "gateway.log").write_text('{"a": 1}\n')
    assert stack.log_tail("gateway") == '{"a": 1}'
    assert stack.log_tail("connector") == ""
