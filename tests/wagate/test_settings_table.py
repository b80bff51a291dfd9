"""One table of settings (wagate.config.SETTINGS): the configuration table of the docs
(docs/configuration.md) is generated from it and says what it says, every `Settings` field
comes from it, each process is given exactly the settings it reads, and no process names a
variable the table does not know."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import tempfile
from typing import Any

from tests import REPO_ROOT
from wagate.config import BY_ATTRIBUTE, BY_ENV, PROCESSES, SETTINGS, Settings
from wagate.config.table import PAGE, RECEIVED, with_table

ROOT = REPO_ROOT
DERIVED = {"database_url_is_default", "redis_url_is_default"}  # not variables of their own


def documented_rows() -> list[tuple[list[str], list[str], str, str]]:
    """(names, defaults, read by, meaning) of each row of docs/configuration.md's table."""
    section = (ROOT / "docs" / "configuration.md").read_text()
    rows = []
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        assert len(cells) == 4, line
        names = [n.strip().strip("`") for n in cells[0].split(" / ")]
        defaults = [d.strip() for d in cells[1].split(" / ")]
        if len(defaults) == 1:
            defaults *= len(names)
        assert len(defaults) == len(names), line
        rows.append((names, defaults, cells[2], cells[3]))
    return rows


def test_the_docs_name_every_setting_once_and_nothing_else() -> None:
    names = [name for row in documented_rows() for name in row[0]]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(s.env for s in SETTINGS)


def test_the_documented_defaults_readers_and_meanings_are_the_tables() -> None:
    for names, defaults, read_by, meaning in documented_rows():
        for name, default in zip(names, defaults, strict=True):
            setting = BY_ENV[name]
            assert default == setting.readme_default(), name
            assert meaning == setting.meaning, name
        readers = {p for name in names for p in BY_ENV[name].read_by}
        assert read_by == ", ".join(p for p in PROCESSES if p in readers), names


def test_the_page_is_what_the_declarations_generate() -> None:
    # edit the declarations, then `python -m wagate.config --write`; never the table by hand
    page = PAGE.read_text()
    assert page == with_table(page)


def test_each_process_is_given_its_own_settings_and_no_others() -> None:
    def given(process: str) -> set[str]:
        return {f.name for f in dataclasses.fields(RECEIVED[process])}

    assert not {"sim_qr_count", "sim_media_max_bytes", "webhook_schedule_s"} & given("gateway")
    assert not {"jwt_secret", "api_key_pepper", "sim_qr_count"} & given("connector")
    assert not {"database_url", "credentials_keys", "jwt_secret"} & given("sim")


def test_every_settings_field_is_a_row_of_the_table() -> None:
    fields = {f.name for f in dataclasses.fields(Settings)} - DERIVED
    assert fields == set(BY_ATTRIBUTE)
    assert all(set(s.read_by) <= set(PROCESSES) and s.read_by for s in SETTINGS)


def test_an_empty_environment_gives_the_tables_defaults() -> None:
    settings = Settings.from_env({})
    for s in SETTINGS:
        if s.attribute != "connector_id":  # <hostname>-<pid> when unset
            assert getattr(settings, s.attribute) == s.default, s.env
    assert settings.connector_id.endswith(f"-{os.getpid()}")


def test_no_part_reads_a_variable_the_table_does_not_know() -> None:
    # a WAGATE_* name in the product's code that is not a setting is either read behind
    # the table's back or set and never read (WAGATE_UP_CHILD was)
    named: set[str] = set()
    for package in ("wagate", "wagatectl", "gateway", "connector", "simnet"):
        for path in (ROOT / package).rglob("*.py"):
            named.update(re.findall(r"\bWAGATE_[A-Z0-9_]*[A-Z0-9]\b", path.read_text()))
    # the connector sets the engine host's own settings for the processes it starts:
    # those the host reads (its config.go) are the host's table (docs/engine-host.md)
    host_config = (ROOT / "connector" / "enginehost" / "config.go").read_text()
    host_reads = set(re.findall(r'env\("(WAGATE_ENGINE_HOST_[A-Z0-9_]+)"', host_config))
    assert host_reads, "the engine host's settings are no longer found in its config.go"
    assert sorted(named - set(BY_ENV) - host_reads) == []


def test_logging_follows_the_table() -> None:
    # `wagate token` warns that the development secrets are in use: in JSON when asked,
    # and not at all when the level is above warnings
    def run(**env: str) -> str:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("WAGATE_")}
        # no data directory with generated secrets (a `wagate up` here makes .wagate/)
        clean["WAGATE_DATA_DIR"] = os.path.join(tempfile.gettempdir(), "wagate-no-such-dir")
        done = subprocess.run(
            [sys.executable, "-m", "wagate", "token", "--company", "962302"],
            env={**clean, **env},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert done.stdout.count(".") == 2  # the token itself
        return done.stderr

    lines = run(WAGATE_LOG_FORMAT="json").splitlines()
    warned = [json.loads(line) for line in lines]
    assert warned and {w["level"] for w in warned} == {"warning"}
    assert "WAGATE_JWT_SECRET" in " ".join(w["msg"] for w in warned)
    assert run(WAGATE_LOG_FORMAT="json", WAGATE_LOG_LEVEL="error") == ""


def test_the_wagate_command_hands_each_process_its_own_part(monkeypatch: Any) -> None:
    import connector.main
    import gateway.app
    import simnet.main
    from wagatectl import cli

    given: dict[str, Any] = {}

    def taking(process: str) -> Any:
        async def run(settings: object, stop: object = None) -> int:
            given[process] = settings
            return 0

        return run

    monkeypatch.setattr(gateway.app, "serve_gateway", taking("gateway"))
    monkeypatch.setattr(connector.main, "run_connector", taking("connector"))
    monkeypatch.setattr(simnet.main, "serve_sim", taking("sim"))
    everything = Settings(sim_qr_count=9, jwt_issuer="issuer-x", webhook_concurrency=7)
    cli._run_gateway(everything)
    cli._run_connector(everything)
    cli._run_sim(everything)
    assert {process: type(s) for process, s in given.items()} == RECEIVED
    assert not hasattr(given["gateway"], "sim_qr_count")
    assert given["gateway"].jwt_issuer == "issuer-x"
    assert given["connector"].webhook_concurrency == 7
    assert given["sim"].sim_qr_count == 9
