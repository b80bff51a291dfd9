"""Writes the wire fixtures of a release: one stream entry of every command kind (and of
each kind an operator sends for every tenant), one reply of every result, one event entry
of every kind, and (since v0.3.0) a command naming its reply inbox with the inbox entry
that answers it, as that release's code encodes them, with fixed ids and times.

    python tests/wagate/wire_fixtures/generate.py                    # this tree's release
    python tests/wagate/wire_fixtures/generate.py --release v0.2.0  # from its commit

An earlier release's are made by its own code: this script runs again in a worktree of
its commit (tests/releases.py), importing nothing but that tree's `wagate`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

TENANT = "co-fixture"
AT_MS = 1767225600000  # 2026-01-01T00:00:00Z
HERE = Path(__file__).resolve().parent


def _sample(hint: Any, name: str) -> Any:
    """A value of the type, set (never None), so every field of the shape is on the wire."""
    if dataclasses.is_dataclass(hint):
        return _instance(hint)  # type: ignore[arg-type]
    origin, args = get_origin(hint), get_args(hint)
    if origin is list:
        return [_sample(args[0], name)]
    if origin is dict:
        return {"key": "value"}
    if origin in (Union, types.UnionType):
        return _sample(next(a for a in args if a is not type(None)), name)
    samples: dict[Any, Any] = {bool: True, int: 7, float: 1.5, str: f"{name}-sample"}
    return samples[hint]


def _instance(cls: type[Any]) -> Any:
    hints = get_type_hints(cls)
    return cls(**{f.name: _sample(hints[f.name], f.name) for f in dataclasses.fields(cls)})


def _scopes(bus: Any) -> dict[Any, set[str]]:
    """The scopes each kind of command is sent with: "tenant" and/or "operator"."""
    from wagate.bus import commands

    allowed = getattr(commands, "SCOPES", None)
    if allowed is None:  # before v0.3.0: the listing and the metrics named no tenant
        return {
            kind: {"operator"} if kind == bus.CommandType.METRICS
            else {"tenant", "operator"} if kind == bus.CommandType.LIST
            else {"tenant"}
            for kind in bus.PAYLOADS
        }  # fmt: skip
    return {kind: {str(s) for s in allowed.get(kind, ["tenant"])} for kind in bus.PAYLOADS}


def _command(bus: Any, kind: Any, scope: str) -> Any:
    payload = _instance(bus.PAYLOADS[kind])
    if scope == "tenant":
        command = bus.Command.of(TENANT, payload)
    elif hasattr(bus.Command, "for_operator"):
        command = bus.Command.for_operator(payload)
    else:  # before v0.3.0: a command naming no tenant was an operator's
        command = bus.Command.of(None, payload)
    return dataclasses.replace(command, id=f"cmd-{kind.value}-{scope}", issued_at_ms=AT_MS)


def commands(bus: Any) -> dict[str, dict[str, str]]:
    return {
        f"{kind.value}.{scope}": _command(bus, kind, scope).to_fields()
        for kind, scopes in _scopes(bus).items()
        for scope in sorted(scopes)
    }


def replies(bus: Any) -> dict[str, Any]:
    from wagate.bus import replies as module

    results = [
        value
        for name, value in sorted(vars(module).items())
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == module.__name__
        and value is not bus.Reply
    ]
    out = {cls.__name__: bus.Reply.success(_instance(cls)) for cls in results}
    out["failure"] = bus.Reply.failure("rate_overlimit", "slow down", 2.5)
    return {name: json.loads(reply.to_json()) for name, reply in out.items()}


def events(bus: Any) -> dict[str, dict[str, str]]:
    return {
        kind.value: bus.Event(
            kind, TENANT, {"sample": kind.value}, AT_MS, f"evt_fixture_{kind.value}"
        ).to_fields()
        for kind in bus.EventType
    }


def inbox(bus: Any) -> dict[str, Any]:
    """A command that names its gateway's reply inbox, and the inbox entry answering it."""
    command = _command(bus, bus.CommandType.STATUS, "tenant")
    answer = bus.Reply.failure("session_not_found", "no session")
    return {
        "command": bus.naming_inbox(command.to_fields(), "0123456789abcdef0123456789abcdef"),
        "entry": bus.inbox_entry(command.id, answer.to_json()),
    }


def fixtures() -> dict[str, Any]:
    """Every fixture of the code importable as `wagate`, by file name."""
    from wagate import bus

    made = {"commands": commands(bus), "replies": replies(bus), "events": events(bus)}
    if hasattr(bus, "inbox_entry"):  # since v0.3.0: replies into the gateway's inbox
        made["inbox"] = inbox(bus)
    return made


def write(out: Path) -> None:
    import wagate

    print(f"fixtures of {Path(wagate.__file__).parent}", file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    for name, entries in fixtures().items():
        text = json.dumps(entries, indent=2, sort_keys=True, ensure_ascii=False)
        (out / f"{name}.json").write_text(text + "\n")


def generate_from(tree: Path, out: Path) -> None:
    """The fixtures of the code in `tree` (an earlier release's worktree), written to
    `out` by this script run with that tree's `wagate`."""
    # the tree first on the path (the editable install's finder comes after it)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, __file__, "--out", str(out)]
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    if done.returncode != 0 or f"fixtures of {tree}/wagate" not in done.stderr:
        raise RuntimeError(f"generating the fixtures of {tree} failed:\n{done.stderr}")


def _from_release(version: str) -> None:
    sys.path.insert(0, str(HERE.parents[2]))  # the repository's root: tests.releases
    from tests.releases import checkout, releases

    release = next(r for r in releases() if r.version == version)
    with checkout(release) as tree:
        generate_from(tree, HERE / version)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", help="an earlier release, as CHANGELOG.md names it")
    parser.add_argument("--out", type=Path, help="write the importable code's fixtures here")
    args = parser.parse_args()
    if args.out is not None:
        write(args.out)
    elif args.release is not None:
        _from_release(args.release)
    else:
        sys.path.insert(0, str(HERE.parents[2]))
        from tests.releases import current

        release = current()
        if release.commit is not None:
            raise SystemExit(f"{release.version} is released: its fixtures are history")
        write(HERE / release.version)


if __name__ == "__main__":
    main()
