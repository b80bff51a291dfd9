"""The tables both processes touch, each with one module holding every statement that
reads or writes it, so a column's meaning is decided in one place whichever process asks.
Which process writes which table: docs/architecture.md.

Functions take the connection or pool to run on: a caller that needs a statement inside
its own transaction passes that transaction's connection."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, fields
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


@dataclass(frozen=True)
class Part:
    """A write (one INSERT, UPDATE or DELETE, numbering its own arguments from $1) that
    can run as a common table expression of another table's statement: two writes that
    must happen together are then one statement, atomic without a transaction, and one
    round trip instead of four (BEGIN, the two, COMMIT) on the hot paths that need it."""

    sql: str
    args: tuple[Any, ...]


_PLACEHOLDER = re.compile(r"\$(\d+)")


def with_parts(
    sql: str, args: tuple[Any, ...], parts: tuple[Part, ...]
) -> tuple[str, tuple[Any, ...]]:
    """`sql` (a statement that may start with its own WITH) with `parts` run first as
    common table expressions of it; their placeholders are renumbered after `args`.
    PostgreSQL runs every part whether or not the statement reads it, on one snapshot,
    so parts must not depend on each other's rows."""
    ctes: list[str] = []
    for i, part in enumerate(parts):
        renumbered = _renumbered(part.sql, len(args))
        ctes.append(f"part_{i} AS ({renumbered})")
        args = (*args, *part.args)
    if not ctes:
        return sql, args
    body = sql.strip()
    if body[:5].upper() == "WITH ":
        return f"WITH {', '.join(ctes)},\n{body[5:]}", args
    return f"WITH {', '.join(ctes)}\n{body}", args


@functools.lru_cache(maxsize=256)  # a few statements, on every send and receipt
def _renumbered(sql: str, offset: int) -> str:
    return _PLACEHOLDER.sub(lambda m: f"${int(m.group(1)) + offset}", sql)
