"""One owner per table: the statements of the tables both processes touch live in one
module each (wagate/tables/), and docs/architecture.md names the writer of every table
the migrations create."""

from __future__ import annotations

import re
from pathlib import Path

from tests import REPO_ROOT

ROOT = REPO_ROOT
PRODUCT = ("wagate", "wagatectl", "gateway", "connector", "simnet")

OUTBOX = "wagate/tables/webhook_outbox.py"
# statement pattern -> the one module allowed to hold it
OWNERS: dict[str, str] = {
    # the connector's session rows and message log, read by the gateway too
    r"\b(FROM|INTO|UPDATE|JOIN)\s+sessions\b": "wagate/tables/sessions.py",
    r"\b(FROM|INTO|UPDATE|JOIN)\s+message_log\b": "wagate/tables/message_log.py",
    # media rows: incoming (connector), uploads waiting for their send (gateway)
    r"\b(FROM|INTO|UPDATE|JOIN)\s+media\b": "wagate/tables/media.py",
    # the event log: written and relayed by the connector, read back by gateway resumes
    r"\b(FROM|INTO|UPDATE|JOIN)\s+event_log\b": "wagate/tables/event_log.py",
    # "the tenant's row, made if missing", needed by sessions, API keys and webhooks
    r"INSERT\s+INTO\s+tenants\s*\(\s*tenant_id\s*\)": "wagate/tables/tenants.py",
    # an event becoming owed to endpoints (connector) or owed again (gateway replays)
    r"INSERT\s+INTO\s+webhook_(events|deliveries)\b": OUTBOX,
    r"UPDATE\s+webhook_deliveries\s+SET\s+status\s*=\s*'pending'": OUTBOX,
}


def holders(root: Path, pattern: str) -> set[str]:
    found = set()
    for package in PRODUCT:
        for path in (root / package).rglob("*.py"):
            if re.search(pattern, path.read_text(), re.IGNORECASE):
                found.add(str(path.relative_to(root)))
    return found


def test_each_shared_tables_statements_live_in_its_owner_module() -> None:
    for pattern, owner in OWNERS.items():
        assert holders(ROOT, pattern) == {owner}, pattern


def test_the_architecture_notes_name_the_writer_of_every_table() -> None:
    created = set()
    # the migrations, and the table the migrator keeps its own record in
    sources = [*(ROOT / "wagate" / "migrations").glob("*.sql"), ROOT / "wagate" / "migrate.py"]
    for source in sources:
        created.update(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", source.read_text()))
    notes = (ROOT / "docs" / "architecture.md").read_text()
    section = notes[notes.index("## Who writes which table") :].split("\n## ")[0]
    listed = set(re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE))
    assert created and listed == created
