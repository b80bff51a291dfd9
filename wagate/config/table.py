"""The table of every setting, built from the declarations, and docs/configuration.md's
table generated from it (`python -m wagate.config --write` rewrites the page)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from wagate.config.chatwoot import ChatwootSettings
from wagate.config.cli import Settings
from wagate.config.common import CommonSettings, ServiceSettings
from wagate.config.connector import ConnectorSettings
from wagate.config.declaring import Declared, declared_of
from wagate.config.gateway import GatewaySettings
from wagate.config.readers import Reader
from wagate.config.sim import SimSettings

# the processes a setting can be read by; "cli" is the `wagate` command itself (`wagate
# up`, `migrate`, `token` and the admin commands)
GATEWAY, CONNECTOR, SIM, CLI = "gateway", "connector", "sim", "cli"
PROCESSES = (GATEWAY, CONNECTOR, SIM, CLI)
# what each process is given; the `wagate` command reads `Settings`, every setting
RECEIVED: dict[str, type[CommonSettings]] = {
    GATEWAY: GatewaySettings,
    CONNECTOR: ConnectorSettings,
    SIM: SimSettings,
}
# the order of the documented table: shared settings first, then each process's own
_GROUPS = (
    CommonSettings,
    ServiceSettings,
    GatewaySettings,
    ConnectorSettings,
    SimSettings,
    Settings,
    ChatwootSettings,
)
PAGE = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
BEGIN = "<!-- settings table: generated from wagate/config (python -m wagate.config --write) -->"
END = "<!-- end of the settings table -->"


@dataclass(frozen=True)
class Setting:
    env: str  # the environment variable
    attribute: str  # its field of the settings classes
    default: Any
    read: Reader
    read_by: tuple[str, ...]  # of PROCESSES
    meaning: str  # as docs/configuration.md says it
    shown: str | None = None  # the documented default when it is not the literal value

    def readme_default(self) -> str:
        if self.shown is not None:
            return self.shown
        value = self.default
        if value is None or value == () or value == "":
            return "—"
        if isinstance(value, bool):
            return "`1`" if value else "`0`"
        if isinstance(value, float):
            return f"`{value:g}`"
        if isinstance(value, tuple):
            return "`" + ",".join(f"{v:g}" for v in value) + "`"
        return f"`{value}`"


def _own_declarations(cls: type[Any]) -> list[tuple[str, Declared]]:
    own = vars(cls).get("__annotations__", {})
    found = [(f.name, declared_of(f)) for f in dataclasses.fields(cls) if f.name in own]
    return [(name, declared) for name, declared in found if declared is not None]


def _setting(attribute: str, declared: Declared) -> Setting:
    read_by = tuple(
        process
        for process in PROCESSES
        if (process == CLI and declared.cli)
        or (process in RECEIVED and attribute in RECEIVED[process].__dataclass_fields__)
    )
    return Setting(
        declared.env,
        attribute,
        declared.default,
        declared.read,
        read_by,
        declared.meaning,
        declared.shown,
    )


SETTINGS: tuple[Setting, ...] = tuple(
    _setting(attribute, declared)
    for group in _GROUPS
    for attribute, declared in _own_declarations(group)
)
BY_ATTRIBUTE = {s.attribute: s for s in SETTINGS}
BY_ENV = {s.env: s for s in SETTINGS}


def markdown_table() -> str:
    """One row per setting; neighbours that mean the same thing share a row."""
    lines = ["| variable | default | read by | meaning |", "|---|---|---|---|"]
    for meaning, same in groupby(SETTINGS, key=lambda s: s.meaning):
        row = list(same)
        defaults = [s.readme_default() for s in row]
        readers = {p for s in row for p in s.read_by}
        names = " / ".join(f"`{s.env}`" for s in row)
        shown = defaults[0] if len(set(defaults)) == 1 else " / ".join(defaults)
        read_by = ", ".join(p for p in PROCESSES if p in readers)
        lines.append(f"| {names} | {shown} | {read_by} | {meaning} |")
    return "\n".join(lines) + "\n"


def with_table(page: str) -> str:
    """`page` with the table between its markers replaced by the generated one."""
    before, found, rest = page.partition(BEGIN + "\n")
    _, ended, after = rest.partition(END)
    if not (found and ended):
        raise ValueError(f"{PAGE} has lost its markers {BEGIN!r} ... {END!r}")
    return before + BEGIN + "\n" + markdown_table() + END + after
