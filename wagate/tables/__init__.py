"""The tables both processes touch, each with one module holding every statement that
reads or writes it, so a column's meaning is decided in one place whichever process asks.
Which process writes which table: docs/architecture.md.

Functions take the connection or pool to run on: a caller that needs a statement inside
its own transaction passes that transaction's connection."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

import asyncpg

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# what a statement runs on: a pool, or a connection (perhaps inside a transaction)
Executor = asyncpg.Pool | asyncpg.Connection

Row = TypeVar("Row", bound="DataclassInstance")


def from_row(cls: type[Row], row: asyncpg.Record, **converted: Any) -> Row:
    """The dataclass from the row's columns of the same names; `converted` gives the
    fields whose column needs turning into the field's type first."""
    named = {f.name: row[f.name] for f in fields(cls) if f.name not in converted}
    return cls(**named, **converted)
