"""The secrets `wagate up` generates into its data directory, as the commands read them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jwt

from wagate.config import DEV_API_KEY_PEPPER, DEV_CREDENTIALS_KEY, DEV_JWT_SECRET, Settings
from wagatectl import local_secrets


def _wagate(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WAGATE_")}
    return subprocess.run(
        [sys.executable, "-m", "wagate", *args],
        env={**clean, "WAGATE_DATA_DIR": str(data_dir), "WAGATE_LOG_FORMAT": "json", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_made_once_owner_only_and_reused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    made = local_secrets.read_or_create(data_dir)
    assert (data_dir / "secrets.json").stat().st_mode & 0o777 == 0o600
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert local_secrets.read_or_create(data_dir) == made
    assert made.api_key_pepper != DEV_API_KEY_PEPPER and made.jwt_secret != DEV_JWT_SECRET
    settings = local_secrets.apply(Settings(), made, {})
    assert settings.dev_defaults_in_use() == []
    # the development key still opens what an earlier run sealed, and seals nothing
    assert settings.credentials_keys == (made.credentials_key, DEV_CREDENTIALS_KEY)
    retired = local_secrets.retire_dev_key(data_dir, made)
    assert local_secrets.apply(Settings(), retired, {}).credentials_keys == (made.credentials_key,)
    # a variable set in the environment wins
    chosen = local_secrets.apply(
        Settings(jwt_secret="x" * 40), made, {"WAGATE_JWT_SECRET": "x" * 40}
    )
    assert chosen.jwt_secret == "x" * 40 and chosen.api_key_pepper == made.api_key_pepper


def test_an_earlier_install_keeps_its_api_keys_pepper(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "postgres").mkdir(parents=True)  # an embedded cluster, no secrets file
    made = local_secrets.read_or_create(data_dir)
    assert made.keeps_dev_pepper and made.jwt_secret != DEV_JWT_SECRET


def test_wagate_token_signs_with_the_data_directorys_secret(tmp_path: Path) -> None:
    made = local_secrets.read_or_create(tmp_path / "data")
    done = _wagate(tmp_path / "data", "token", "--admin")
    assert done.returncode == 0 and done.stderr == "", done.stderr  # no development values
    claims = jwt.decode(done.stdout.strip(), made.jwt_secret, ["HS256"], audience="wagate")
    assert claims["role"] == "admin"
    (tmp_path / "data" / "secrets.json").write_text("{not json")
    done = _wagate(tmp_path / "data", "token", "--admin")
    assert done.returncode == 2 and "is not a secrets file" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
