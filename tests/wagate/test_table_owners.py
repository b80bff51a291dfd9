"""One owner per table: every table the migrations create has one module holding the
statements that name it (wagate/tables/ for those both processes touch), no statement
selects every column, and docs/architecture.md names the writer of every table."""

from __future__ import annotations

import re
from pathlib import Path

from tests import REPO_ROOT

ROOT = REPO_ROOT
PRODUCT = ("wagate", "wagatectl", "gateway", "connector", "simnet", "integrations")

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


# every table the migrations create -> the one module holding the statements naming it
TABLE_OWNERS: dict[str, str] = {
    "tenants": "wagate/tables/tenants.py",
    "sessions": "wagate/tables/sessions.py",
    "session_credentials": "connector/store.py",
    "message_log": "wagate/tables/message_log.py",
    "poll_options": "wagate/tables/polls.py",
    "api_keys": "gateway/api_keys.py",
    "webhook_endpoints": "wagate/tables/webhook_endpoints.py",
    "webhook_events": OUTBOX,
    "webhook_deliveries": OUTBOX,
    "webhook_attempts": OUTBOX,
    "event_log": "wagate/tables/event_log.py",
    "event_quarantine": "wagate/tables/event_quarantine.py",
    "database_identity": "connector/bus_claim.py",
    "media": "wagate/tables/media.py",
    "stored_messages": "wagate/tables/message_store.py",
    "chats": "wagate/tables/message_store.py",
    "contacts": "wagate/tables/contacts.py",
    "tenant_calls": "wagate/tables/tenant_calls.py",
    "tenant_pacing": "wagate/tables/pacing.py",
    "chat_starts": "wagate/tables/pacing.py",
    "schema_migrations": "wagate/migrate.py",
    "chatwoot_chats": "integrations/chatwoot/store.py",
    "chatwoot_jobs": "integrations/chatwoot/store.py",
    "chatwoot_messages": "integrations/chatwoot/store.py",
}
# A statement that names a second table stays whole in its own table's owner where
# splitting it would cost a round trip on a hot path or the atomicity of one write.
# (table, the other owner naming it in such a statement) -> why
JOINED: dict[tuple[str, str], str] = {
    ("tenants", "wagate/tables/sessions.py"): "a new session takes its tenant's engine",
    ("tenants", "gateway/api_keys.py"): "every API-key request: key and tenant, one trip",
    ("session_credentials", "wagate/tables/sessions.py"): "restore: has it credentials?",
    ("tenants", "wagate/tables/message_store.py"): "the retention sweep: each message "
    "against its own tenant's retention, in one batched statement",
    ("webhook_endpoints", OUTBOX): "owed to matching endpoints; a claim reads url and "
    "secret; an attempt's record keeps its endpoint's failure streak",
}


def naming(table: str) -> str:
    """A statement naming the table: read (alone or in a FROM list), written, joined,
    deleted from or created."""
    listed = r"(\w+(\s+(AS\s+)?\w+)?\s*,\s*)*"  # "FROM locked, webhook_events e, ..."
    return rf"\b(FROM|INTO|UPDATE|JOIN|TABLE|USING)\s+{listed}{table}\b"


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


def test_each_tables_statements_live_in_its_owner_module() -> None:
    for table, owner in TABLE_OWNERS.items():
        joined = {module for (named, module) in JOINED if named == table}
        assert holders(ROOT, naming(table)) - joined == {owner}, table


def test_every_table_the_migrations_create_has_an_owner() -> None:
    assert set(TABLE_OWNERS) == created_tables(ROOT)


def test_no_statement_selects_every_column() -> None:
    # a column added by a migration must not change what a caller receives
    assert holders(ROOT, r"SELECT\s+(\w+\.)?\*|RETURNING\s+\*|\w\.\*\s*(,|FROM)") == set()


def created_tables(root: Path) -> set[str]:
    created = set()
    # the migrations, and the table the migrator keeps its own record in
    sources = [*(root / "wagate" / "migrations").glob("*.sql"), root / "wagate" / "migrate.py"]
    for source in sources:
        created.update(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", source.read_text()))
    return created


def test_the_architecture_notes_name_the_writer_of_every_table() -> None:
    created = created_tables(ROOT)
    notes = (ROOT / "docs" / "architecture.md").read_text()
    section = notes[notes.index("## Who writes which table") :].split("\n## ")[0]
    listed = set(re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE))
    assert created and listed == created
