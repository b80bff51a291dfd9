"""No product function is longer than 60 lines: past that, a function does several things
and hides which. Read from the sources with ast (decorators and docstrings count); the SDK's
generated client is not product code written here."""

from __future__ import annotations

import ast
from pathlib import Path

from tests import REPO_ROOT

PRODUCT = ("gateway", "connector", "wagate", "wagatectl", "simnet", "devstack", "integrations")
MAX_LINES = 60


def _functions(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        (
            node.end_lineno - node.lineno + 1,
            f"{path.relative_to(REPO_ROOT)}:{node.lineno} {node.name}",
        )
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno
    ]


def test_no_product_function_is_longer_than_60_lines() -> None:
    found = [
        f
        for package in PRODUCT
        for path in sorted((REPO_ROOT / package).rglob("*.py"))
        for f in _functions(path)
    ]
    assert len(found) > 500  # the walk found the code
    too_long = sorted((f for f in found if f[0] > MAX_LINES), reverse=True)
    assert not too_long, too_long
