"""The layering holds: the shared kernel (wagate/) imports no part above it, the gateway and
the connector never import each other, and bench/ never imports tests/. Read from the
sources with ast, so a lazy import inside a function counts as much as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

from tests import REPO_ROOT

ROOT = REPO_ROOT
COMPOSITION_ROOT = "wagatectl"
PARTS = ("gateway", "connector", "simnet")

# package -> top-level packages it must never import
FORBIDDEN: dict[str, set[str]] = {
    "wagate": {*PARTS, COMPOSITION_ROOT, "devstack", "tests", "bench"},
    "gateway": {"connector", "simnet", COMPOSITION_ROOT, "devstack", "tests", "bench"},
    "connector": {"gateway", "simnet", COMPOSITION_ROOT, "devstack", "tests", "bench"},
    "simnet": {"gateway", "connector", COMPOSITION_ROOT, "devstack", "tests", "bench"},
    # a bridge is a client of wagate's public API: of wagate's code only the kernel
    "integrations": {*PARTS, COMPOSITION_ROOT, "devstack", "tests", "bench"},
    "devstack": {"tests", "bench"},
    "bench": {"tests"},
}
# the connector's sim engine is a client of the sim network's wire protocol: its modules
# (frames, media's encryption and message fields, poll votes' encryption; no server) are
# the connector's to import, the rest of simnet is not
ALLOWED = {
    ("connector", "simnet.protocol"),
    ("connector", "simnet.media_crypto"),
    ("connector", "simnet.media_message"),
    ("connector", "simnet.poll_crypto"),
}
# `python -m wagate <part>`: a script entry kept for compatibility, never imported by a
# module, that hands over to the composition root
EXEMPT = {Path("wagate/__main__.py")}


def imported_modules(source: str) -> set[str]:
    """Every module `source` imports by absolute name (`from a import b` counts as `a.b`
    too, since b may be a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def allowed(package: str, module: str) -> bool:
    return any(
        package == owner and (module == target or module.startswith(target + "."))
        for owner, target in ALLOWED
    )


def violations(root: Path) -> list[str]:
    found = []
    for package, forbidden in FORBIDDEN.items():
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if relative in EXEMPT:
                continue
            bad = {
                module.split(".")[0]
                for module in imported_modules(path.read_text())
                if module.split(".")[0] in forbidden and not allowed(package, module)
            }
            found.extend(f"{relative} imports {top}" for top in sorted(bad))
    return found


def test_no_import_runs_back_up_the_layers() -> None:
    assert violations(ROOT) == []


def test_the_checker_sees_lazy_and_dotted_imports(tmp_path: Path) -> None:
    # the check itself must be able to fail: a kernel module that reaches up inside a
    # function, and a gateway module that imports the connector by a dotted name
    (tmp_path / "wagate").mkdir()
    (tmp_path / "wagate" / "helper.py").write_text(
        "def run():\n    from gateway.app import serve_gateway\n    return serve_gateway\n"
    )
    (tmp_path / "gateway").mkdir()
    (tmp_path / "gateway" / "x.py").write_text("import connector.store\n")
    (tmp_path / "connector").mkdir()
    (tmp_path / "connector" / "ok.py").write_text("from simnet import protocol as p\n")
    (tmp_path / "connector" / "bad.py").write_text("from simnet.network import Network\n")
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "b.py").write_text("from tests.stack import Stack\n")
    assert violations(tmp_path) == [
        "wagate/helper.py imports gateway",
        "gateway/x.py imports connector",
        "connector/bad.py imports simnet",
        "bench/b.py imports tests",
    ]


def test_every_layered_package_exists() -> None:
    # a renamed package would silently leave the check with nothing to read
    for package in FORBIDDEN:
        assert any((ROOT / package).rglob("*.py")), package
