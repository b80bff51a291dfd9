"""The releases CHANGELOG.md names, newest first, and a checkout of a released one.

Releases are found through the changelog's headings, which name each release's commit in
full, never through git tags: a fresh clone (CI) has the history but may have no tags.
Without the history (not a git checkout) a checkout raises, so a test needing an earlier
release fails saying why instead of passing without it."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests import REPO_ROOT

# the first release whose bus commands say their scope; before it, a command naming no
# tenant was an operator's (and its entries are refused by later connectors)
SCOPE_SINCE = (0, 3, 0)

_HEADING = re.compile(r"^## (v(\d+)\.(\d+)\.(\d+)) — (?:commit ([0-9a-f]{40})|unreleased)$", re.M)


@dataclass(frozen=True)
class Release:
    version: str  # vX.Y.Z
    number: tuple[int, int, int]
    commit: str | None  # None: unreleased, the code in this tree


def releases() -> list[Release]:
    """Every release the changelog names, newest first (the first is this tree's)."""
    found = [
        Release(m[1], (int(m[2]), int(m[3]), int(m[4])), m[5])
        for m in _HEADING.finditer((REPO_ROOT / "CHANGELOG.md").read_text())
    ]
    if [r.number for r in found] != sorted((r.number for r in found), reverse=True):
        raise ValueError("CHANGELOG.md: release headings are not newest first")
    if any(r.commit is None for r in found[1:]):
        raise ValueError("CHANGELOG.md: only the newest release may be unreleased")
    return found


def current() -> Release:
    return releases()[0]


def previous() -> Release:
    return releases()[1]


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


@contextlib.contextmanager
def checkout(release: Release) -> Iterator[Path]:
    """A detached git worktree of the release's commit, removed afterwards."""
    if release.commit is None:
        raise ValueError(f"{release.version} is unreleased: it is this tree")
    try:
        _git("cat-file", "-e", f"{release.commit}^{{commit}}")
    except (RuntimeError, OSError) as e:
        raise RuntimeError(
            f"{release.version}'s commit {release.commit} is not in this repository's "
            f"history ({e}); the test needs a git checkout with full history "
            "(a shallow clone: git fetch --unshallow)"
        ) from e
    root = Path(tempfile.mkdtemp(prefix=f"wagate-{release.version}-"))
    tree = root / "tree"
    _git("worktree", "add", "--detach", str(tree), release.commit)
    try:
        yield tree
    finally:
        with contextlib.suppress(RuntimeError):
            _git("worktree", "remove", "--force", str(tree))
        shutil.rmtree(root, ignore_errors=True)
        with contextlib.suppress(RuntimeError):
            _git("worktree", "prune")
