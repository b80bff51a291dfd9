"""A history sync's course, as the tenant hears it: which syncs are under way and what
they brought so far (connector/ingest.py stores their messages)."""

from __future__ import annotations

from dataclasses import dataclass, field

from connector.engine import HistoryBatch
from wagate.public_events import HistorySyncBody

# syncs sent as one chunk: done at their chunk's last batch. The others (initial
# bootstrap, recent, full) are done at the chunk that brings the progress to 100
ONE_CHUNK = frozenset({"on_demand", "push_name", "initial_status_v3", "non_blocking_data"})


@dataclass
class _Counts:
    messages: int = 0
    stored: int = 0


@dataclass
class HistoryProgress:
    """The syncs of one session under way, by sync type."""

    running: dict[str, _Counts] = field(default_factory=dict)

    def before(self, batch: HistoryBatch) -> HistorySyncBody | None:
        """`started` when the batch opens a sync."""
        if batch.sync_type in self.running:
            return None
        self.running[batch.sync_type] = _Counts()
        return HistorySyncBody(
            status="started",
            sync_type=batch.sync_type,
            progress=batch.progress,
            messages=0,
            stored=0,
        )

    def after(self, batch: HistoryBatch, stored: int) -> HistorySyncBody | None:
        """`progress` or `done` when the batch ends a chunk."""
        counts = self.running[batch.sync_type]
        counts.messages += len(batch.messages)
        counts.stored += stored
        if not batch.last:
            return None
        done = batch.sync_type in ONE_CHUNK or batch.progress >= 100
        if done:
            del self.running[batch.sync_type]
        return HistorySyncBody(
            status="done" if done else "progress",
            sync_type=batch.sync_type,
            chunk=batch.chunk_order,
            progress=batch.progress,
            messages=counts.messages,
            stored=counts.stored,
        )
