"""The tables both processes touch, each with one module holding every statement that
reads or writes it, so a column's meaning is decided in one place whichever process asks.
Which process writes which table: docs/architecture.md.

Functions take the connection or pool to run on: a caller that needs a statement inside
its own transaction passes that transaction's connection."""

from __future__ import annotations

import asyncpg

# what a statement runs on: a pool, or a connection (perhaps inside a transaction)
Executor = asyncpg.Pool | asyncpg.Connection
