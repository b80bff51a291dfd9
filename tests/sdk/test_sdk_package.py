"""The SDKs as packages: versioned with wagate, generated from the openapi.yaml in the
repository (not an older one), and their webhook verifiers agreeing with the signer the
connector uses (svix) on the shared vectors."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

import pytest

from tests.sdk.webhook_vectors import VECTORS_FILE, build, render
from wagate_client import WebhookVerificationError, verify_webhook

ROOT = Path(__file__).resolve().parents[2]
SDK = ROOT / "sdk"


def _version(pyproject: Path) -> str:
    version: str = tomllib.loads(pyproject.read_text())["project"]["version"]
    return version


def test_the_sdks_carry_wagates_version() -> None:
    wagate = _version(ROOT / "pyproject.toml")
    assert _version(SDK / "python" / "pyproject.toml") == wagate
    package = json.loads((SDK / "typescript" / "package.json").read_text())
    lock = json.loads((SDK / "typescript" / "package-lock.json").read_text())
    assert package["version"] == lock["version"] == wagate


@pytest.mark.parametrize(
    "hash_file",
    [
        SDK / "python" / "wagate_client" / "rest" / "openapi.sha256",
        SDK / "typescript" / "src" / "openapi.sha256",
    ],
    ids=["python", "typescript"],
)
def test_the_committed_generated_code_was_made_from_this_openapi_yaml(hash_file: Path) -> None:
    current = hashlib.sha256((ROOT / "openapi.yaml").read_bytes()).hexdigest()
    assert hash_file.read_text().strip() == current, "openapi.yaml changed: run `make sdk`"


def test_the_committed_vectors_are_what_the_signer_makes() -> None:
    assert VECTORS_FILE.read_text(encoding="utf-8") == render(), (
        "run `python -m tests.sdk.webhook_vectors` and commit"
    )


@pytest.mark.parametrize("vector", build(), ids=lambda v: v["name"])
def test_the_python_verifier_on_each_vector(vector: dict[str, object]) -> None:
    secret, body, now = str(vector["secret"]), str(vector["body"]), float(str(vector["now"]))
    headers = vector["headers"]
    assert isinstance(headers, dict)
    if vector["valid"]:
        assert verify_webhook(secret, body.encode(), headers, now=now) == json.loads(body)
    else:
        with pytest.raises(WebhookVerificationError):
            verify_webhook(secret, body.encode(), headers, now=now)
