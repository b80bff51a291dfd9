"""The image (infra/Dockerfile) parsed by BuildKit's own Dockerfile parser (infra/check,
built by `make install`) and held to its rules: base images pinned, a Go stage building
the engine host and a Python stage building the package, the runtime stage running as a
non-root uid with a HEALTHCHECK and `wagate` as its entrypoint, and every file it copies
from the build context there and let through by the .dockerignore.

No Docker daemon runs here, so the image is never built by these tests: what its stages
run is checked as text (docs/deploy.md says what is and is not exercised)."""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest

from tests import REPO_ROOT

DOCKERFILE = REPO_ROOT / "infra" / "Dockerfile"
DOCKERIGNORE = REPO_ROOT / "infra" / "Dockerfile.dockerignore"
CHECK = REPO_ROOT / ".venv" / "bin" / "wagate-infra-check"
# a tag is pinned when it names a version and the distribution release under it
PINNED_TAG = re.compile(r"^\d+(\.\d+)*(-[a-z]+)*-(bookworm|trixie)$")
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
Stage = dict[str, Any]


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    assert CHECK.exists(), "`make install` builds the check (infra/check)"
    done = subprocess.run(
        [str(CHECK), "dockerfile", str(DOCKERFILE)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr  # BuildKit refuses the Dockerfile
    parsed: list[Stage] = json.loads(done.stdout)
    return parsed


def _commands(stage: Stage, instruction: str) -> list[dict[str, Any]]:
    return [c["parsed"] for c in stage["commands"] if c["instruction"] == instruction]


def _runs(stage: Stage) -> str:
    return "\n".join(line for run in _commands(stage, "RUN") for line in run["CmdLine"])


def test_every_base_image_is_pinned(stages: list[Stage]) -> None:
    names = {s["name"] for s in stages}
    for stage in stages:
        base: str = stage["base"]
        if base in names or DIGEST.search(base):
            continue
        image, _, tag = base.partition(":")
        assert PINNED_TAG.match(tag), f"{base}: pin a version and a release (or a digest)"


def test_a_go_stage_builds_the_host_and_a_python_stage_the_package(stages: list[Stage]) -> None:
    *builders, runtime = stages
    go = [s for s in builders if s["base"].startswith("golang:")]
    python = [s for s in builders if s["base"].startswith("python:")]
    assert len(go) == len(python) == 1 and len(builders) == 2
    assert "go build" in _runs(go[0]) and "-o /out/wagate-engine-host" in _runs(go[0])
    # the venv is built by the script `make imagecheck` runs outside Docker too
    assert _runs(python[0]) == "build-venv.sh /opt/wagate"
    script = (REPO_ROOT / "infra" / "image" / "build-venv.sh").read_text()
    assert re.search(r'pip"? install\b.* \.$', script, re.M), "the script installs the package"
    copied_from = {c["From"] for c in _commands(runtime, "COPY") if c["From"]}
    assert copied_from == {go[0]["name"], python[0]["name"]}


def test_the_runtime_runs_as_a_numeric_non_root_user_from_its_last_run_on(
    stages: list[Stage],
) -> None:
    runtime = stages[-1]["commands"]
    order = [c["instruction"] for c in runtime]
    users = [c["parsed"]["User"] for c in runtime if c["instruction"] == "USER"]
    assert users, "no USER: the image would run as root"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit() and int(uid) != 0 and (not gid or int(gid) != 0)
    assert len(order) - 1 - order[::-1].index("USER") > len(order) - 1 - order[::-1].index("RUN")


def test_the_runtime_has_a_healthcheck_and_wagate_as_entrypoint(stages: list[Stage]) -> None:
    runtime = stages[-1]
    [health] = _commands(runtime, "HEALTHCHECK")
    assert health["Health"]["Test"] == ["CMD", "python", "-m", "wagate.healthcheck"]
    assert health["Health"]["Interval"] > 0 and health["Health"]["Retries"] > 0
    assert (REPO_ROOT / "wagate" / "healthcheck.py").is_file()
    [entrypoint] = _commands(runtime, "ENTRYPOINT")
    assert entrypoint["CmdLine"] == ["wagate"] and entrypoint["PrependShell"] is False


def _let_through(path: str) -> bool:
    """Whether Dockerfile.dockerignore (everything out, then `!` exceptions) keeps it."""
    kept = [
        line[1:].rstrip("/")
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.startswith("!")
    ]
    return any(path == k or path.startswith(k + "/") for k in kept)


def test_every_file_copied_from_the_context_is_there_and_let_through(
    stages: list[Stage],
) -> None:
    sources = [
        source
        for stage in stages
        for copy in _commands(stage, "COPY")
        if not copy["From"]
        for source in copy["SourcePaths"]
    ]
    assert sources
    for source in sources:
        assert (REPO_ROOT / source).exists(), f"COPY {source}: not in the repository"
        assert _let_through(source), f"COPY {source}: the .dockerignore keeps it out"
