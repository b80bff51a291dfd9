"""Where a bench profile's CPU went (a .prof file that BENCH_PROFILE wrote): the functions
with the largest share of the measured CPU time, by their own time and by the time of
everything they called, and how many Python calls each send (or other operation) cost.

    python -m bench.profile_summary <file.prof> [--top N] [--per N]

`--per N`: the number of operations the profile covers (a bench prints it), to show
calls and CPU per operation.
"""

from __future__ import annotations

import argparse
import pstats
from pathlib import Path
from typing import Any

# pstats keeps, per function: (primitive calls, calls, own time, cumulative time, callers)
Row = tuple[str, int, float, float]


def rows(path: Path) -> tuple[float, int, list[Row]]:
    stats: dict[tuple[str, int, str], Any] = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    out = [
        (f"{name} ({_short(file)}:{line})", calls, own, cum)
        for (file, line, name), (_, calls, own, cum, _callers) in stats.items()
    ]
    return sum(r[2] for r in out), sum(r[1] for r in out), out


def _short(file: str) -> str:
    return file.split("site-packages/", 1)[-1].split("/wagate/", 1)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--per", type=int, default=0)
    args = parser.parse_args()
    total, calls, table = rows(args.profile)
    per = ""
    if args.per:
        per = f", per operation: {total * 1000 / args.per:.3f} ms, {calls / args.per:.0f} calls"
    print(f"CPU {total:.2f} s in {calls} calls{per}")
    for title, key in (("own time", 2), ("with what it called", 3)):
        print(f"\nby {title}")
        for name, n, own, cum in sorted(table, key=lambda r: -r[key])[: args.top]:
            print(f"{100 * (own, cum)[key - 2] / total:5.1f}%  {n:8d}  {name[:140]}")


if __name__ == "__main__":
    main()
