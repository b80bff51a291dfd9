"""The README's performance section, rewritten from one `bench/run`.

Reads the closing JSON line of every bench (`bench/results/latest.jsonl`) and what
`bench/run` recorded about the run itself (`bench/results/run.json`: the machine, the
load average at start and end, the date, the commit, each bench's seconds), and replaces
what lies between `<!-- bench:begin -->` and `<!-- bench:end -->` in the README. Every
bench of the default list has its table, whether it ran or not: one that did not is
shown as not run (or failed), never left out, so a reader sees what the run lacks.

  python -m bench.readme                  rewrite README.md from bench/results/
  python -m bench.readme --print          print the section instead
  python -m bench.readme --results DIR --readme FILE
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import ROOT

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
Record = dict[str, Any]
Cell = str


@dataclass(frozen=True)
class Row:
    figure: str
    value: Cell
    baseline: Cell = "—"
    ratio: Cell = "—"


def _num(value: float | int | None, unit: str = "") -> Cell:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if isinstance(value, int) or abs(value) >= 100 else f"{value:g}"
    return f"{text}{unit}" if unit.startswith(("/", "%")) else f"{text} {unit}".strip()


def _ratio(r: float) -> str:
    return f"{r:,.0f}" if r >= 100 else f"{r:.2f}"


def row(
    figure: str,
    value: float | None,
    unit: str = "",
    base: tuple[str, float | None] | None = None,
) -> Row:
    """A figure, and when given its baseline (what, value in the same unit) and ratio."""
    if base is None:
        return Row(figure, _num(value, unit))
    what, base_value = base
    ratio = "—" if not value or not base_value else f"× {_ratio(value / base_value)}"
    return Row(figure, _num(value, unit), f"{what}: {_num(base_value, unit)}", ratio)


# ---- one function per bench: its rows, from its JSON line -------------------------------


def send_path(r: Record) -> list[Row]:
    rows = []
    for level in r["levels"]:
        rows.append(
            row(
                f"CPU per 2xx text send, {level} at a time (gateway + connector)",
                r["cpu_ms_per_send"][level], "ms",
                ("bare Starlette app doing one XADD", r["baseline_cpu_ms_per_request"][level]),
            )
        )  # fmt: skip
        rows.append(
            row(
                f"2xx sends/s, {level} at a time", r["levels"][level]["ok_rps"], "/s",
                ("bare app", r["baseline_levels"][level]["ok_rps"]),
            )
        )  # fmt: skip
    rows.append(Row("messages at the phones = 2xx sends", f"{r['sim_inbox']} = {r['sends_2xx']}"))
    return rows


def e2e_latency(r: Record) -> list[Row]:
    rows = []
    for run in r["runs"]:
        offered = f"{run['rate']:g}/s offered"
        rows.append(row(f"{offered}: carried", run["achieved_rate"], "/s"))
        latency = f"{_num(run['p50_ms'])} / {_num(run['p99_ms'], 'ms')}"
        rows.append(Row(f"{offered}: p50 / p99, API call → at the phone", latency))
        rows.append(row(f"{offered}: failed", sum(run["failed"].values())))
    return rows


def event_fanout(r: Record) -> list[Row]:
    base = r["baseline_xadd_xread"]
    return [
        row(
            f"incoming message → WebSocket {p}, {kind}", r[kind][f"{p}_ms"], "ms",
            (f"XADD → XREAD {p}", base.get(f"{p}_ms")),
        )
        for kind in ("serial", "burst")
        for p in ("p50", "p99")
    ] + [
        row("burst: events/s", r["burst"]["events_per_s"], "/s"),
        row("burst: injected/s", r["burst"]["inject_per_s"], "/s"),
    ] + [
        row(
            f"incoming message → WebSocket {p}, {paced['offered_per_s']:,.0f}/s offered",
            paced[f"{p}_ms"], "ms", (f"XADD → XREAD {p}", base.get(f"{p}_ms")),
        )
        for paced in [r["paced"]] if "paced" in r
        for p in ("p50", "p99")
    ] + [
        row(
            "missing (every pass)",
            sum(r[kind]["missing"] for kind in ("serial", "burst", "paced") if kind in r),
        ),
    ]  # fmt: skip


def webhooks(r: Record) -> list[Row]:
    return [
        row("deliveries/s to one endpoint (in order)", r["deliveries_per_s_one_endpoint"], "/s"),
        row("deliveries/s to 20 endpoints", r["deliveries_per_s_20_endpoints"], "/s",
            ("one endpoint", r["deliveries_per_s_one_endpoint"])),
        row("deliveries/s to 100 endpoints", r.get("deliveries_per_s_100_endpoints"), "/s",
            ("one endpoint", r["deliveries_per_s_one_endpoint"])),
        row("connector CPU per delivery, 100 endpoints",
            r.get("connector_cpu_ms_per_delivery_100_endpoints"), "ms"),
        row(f"event → delivery p50, {r.get('offered_events_per_s', 200):g} events/s offered",
            r["event_to_delivery_p50_ms"], "ms",
            ("POST straight to the receiver p50", r.get("baseline_post_p50_ms"))),
        row(f"event → delivery p99, {r.get('offered_events_per_s', 200):g} events/s offered",
            r.get("event_to_delivery_p99_ms"), "ms",
            ("POST straight to the receiver p99", r.get("baseline_post_p99_ms"))),
        row("outbox write per event, one endpoint", r["outbox_write_ms_one_endpoint"], "ms",
            ("no endpoint", r["outbox_write_ms_no_endpoint"])),
    ]  # fmt: skip


def restore(r: Record) -> list[Row]:
    return [
        row(f"{r['restored']}/{r['sessions']} sessions restored after a restart",
            r["restore_s"], "s", ("their first connection", r["first_connect_s"])),
        row("connector RSS per session", r["rss_per_session_kb"], "KB"),
    ]  # fmt: skip


def takeover(r: Record) -> list[Row]:
    w, cold, fencing = r["standby"], r["cold_restart"], r["fencing"]
    return [
        row("SIGKILL → a send issued at the kill answers", w["send_s"], "s",
            ("cold restart", cold["send_s"])),
        row(f"SIGKILL → all {r['sessions']} sessions connected", w["restored_s"], "s",
            ("cold restart", cold["restored_s"])),
        row("SIGKILL → the webhook in flight delivered", w["webhook_s"], "s"),
        row("partitioned holder: its sessions closed", fencing["sessions_closed_s"], "s",
            ("lock timeout", r["lock_timeout_s"])),
    ]  # fmt: skip


def sessions(r: Record) -> list[Row]:
    rows = []
    for run in r["runs"]:
        n = run["sessions"]
        rows += [
            row(f"{n} sessions: connector RSS per session", run["rss_per_session_kb"], "KB"),
            row(f"{n} sessions: connector idle CPU", run["idle_cpu_pct"], "%"),
            row(f"{n} sessions: restore after a restart", run["restore_all_s"], "s",
                ("first connection", run["connect_all_s"])),
        ]  # fmt: skip
    return rows


def ratelimit(r: Record) -> list[Row]:
    return [row("rate-limit checks/s", r["script_per_s"], "/s", ("bare INCR", r["incr_per_s"]))]


def media(r: Record) -> list[Row]:
    sends, big = r["sends"], r["streaming"]
    text_cpu = sends["text"]["cpu_ms_per_send"]
    return [
        row("CPU per 100 KB image send (gateway + connector)",
            sends["image_100kb"]["cpu_ms_per_send"], "ms", ("text send", text_cpu)),
        row("CPU per 5 MB image send", sends["image_5mb"]["cpu_ms_per_send"], "ms",
            ("text send", text_cpu)),
        row("CPU per MB of a 5 MB image", sends["image_5mb"]["cpu_ms_per_mb"], "ms"),
        row(f"gateway peak RSS growth, {big['clients']} × {big['file_mb']} MB uploads at once",
            big["rss_growth_mb"]["gateway"], "MB",
            ("the files held", round(big["clients"] * big["file_mb"]))),
        row("connector peak RSS growth, the same", big["rss_growth_mb"]["connector"], "MB",
            ("the files held", round(big["clients"] * big["file_mb"]))),
        Row("uploads sent / at the phone byte-exact",
            f"{big['ok']} / {big['at_phone']} of {big['clients']}"),
    ]  # fmt: skip


def groups(r: Record) -> list[Row]:
    ops = r["operations"]
    base = ops["baseline: GET status"]["cpu_ms_per_op"]
    return [
        row(f"CPU per op: {name}", f["cpu_ms_per_op"], "ms", ("GET status", base))
        for name, f in ops.items()
        if not name.startswith("baseline")
    ]


def engines(r: Record) -> list[Row]:
    runs = r["runs"]
    small, big = runs[0], runs[1]
    rows = [
        row("CPU per send crossing the host (client + host; refused not_connected)",
            big["cpu_ms_per_request"]["x1"], "ms",
            ("a health request", big["cpu_ms_per_request"].get("health_x1"))),
        row(f"host RSS, {big['sessions']} parked sessions", big["rss_mb"], "MB",
            (f"{small['sessions']} sessions", small["rss_mb"])),
        row("host RSS per parked session (over the idle host)",
            big.get("rss_kib_per_session"), "KiB"),
        row(f"PostgreSQL connections, {big['sessions']} parked", big["pg_connections"], "",
            (f"{small['sessions']} sessions", small["pg_connections"])),
        row("PostgreSQL connections, peak while starting them", big["pg_peak_while_starting"]),
        row(f"start {big['sessions']} sessions", big["start_s"], "s"),
    ]  # fmt: skip
    for stored in runs[2:]:
        rows += [
            row(f"host RSS, {stored['sessions']} stored devices parked", stored["rss_mb"], "MB"),
            row(f"PostgreSQL connections, {stored['sessions']} stored devices parked",
                stored["pg_connections"], "", ("their peak while starting",
                                               stored["pg_peak_while_starting"])),
        ]  # fmt: skip
    return rows


@dataclass(frozen=True)
class Section:
    bench: str
    title: str
    rows: Callable[[Record], list[Row]]


SECTIONS = (
    Section("send_path", "Text sends", send_path),
    Section("e2e_latency", "End-to-end send latency at a fixed rate", e2e_latency),
    Section("event_fanout", "Events to WebSockets", event_fanout),
    Section("webhooks", "Webhooks", webhooks),
    Section("restore", "Restore after a restart", restore),
    Section("takeover", "Takeover by a standby connector", takeover),
    Section("sessions", "Many sessions", sessions),
    Section("ratelimit", "Rate limiting", ratelimit),
    Section("media", "Media", media),
    Section("groups", "Groups and contacts", groups),
    Section("engines", "The engine host (whatsmeow)", engines),
)


# ---- the section ----------------------------------------------------------------------


def _table(section: Section, record: Record | None, failed: set[str]) -> list[str]:
    lines = [f"**{section.title}** (`{section.bench}`)", ""]
    if record is None:
        why = "failed in this run" if section.bench in failed else "not run in this run"
        return [*lines, f"_{why}_", ""]
    try:
        rows = section.rows(record)
    except (KeyError, IndexError, TypeError) as e:  # a bench whose line changed shape
        return [*lines, f"_its figures could not be read ({type(e).__name__}: {e})_", ""]
    lines += ["| figure | this run | baseline, same run | ratio |", "|---|---|---|---|"]
    lines += [f"| {r.figure} | {r.value} | {r.baseline} | {r.ratio} |" for r in rows]
    return [*lines, ""]


def _webhook_paragraph(record: Record | None) -> list[str]:
    rate = (record or {}).get("deliveries_per_s_one_endpoint")
    cpu = (record or {}).get("connector_cpu_ms_per_delivery_100_endpoints")
    if not rate:
        overhead = "the per-delivery overhead (not measured in this run: `webhooks` did not run)"
        return [f"One ordered endpoint reaches at most 1 / (receiver latency + {overhead}) "
                "deliveries/s; N endpoints go in parallel.", ""]  # fmt: skip
    o = 1000 / rate
    lines = [
        "One ordered endpoint reaches at most 1 / (receiver latency + per-delivery overhead) "
        f"deliveries/s: its events go out one at a time, in order. In this run the overhead "
        f"was {o:.1f} ms ({rate:g} deliveries/s to one endpoint whose receiver answers at "
        f"once), so a receiver answering in 50 ms gets about {1000 / (50 + o):.0f} a second. "
        "N endpoints go in parallel (at most `WAGATE_WEBHOOK_CONCURRENCY` at once, 32 by "
        "default), min(N, 32) times that,"
    ]
    if cpu:
        lines[0] += (
            f" until the connector's CPU is the bound: {cpu:g} ms per delivery (at 100 "
            f"endpoints), about {1000 / cpu:.0f} deliveries/s per core."
        )
    else:
        lines[0] += " until the connector's CPU is the bound."
    return [*lines, ""]


def _header(run: Record) -> list[str]:
    m = run.get("machine", {})
    took = ", ".join(f"{name} {s} s" for name, s in run.get("seconds", {}).items())
    return [
        "Measured by one `bench/run`; each figure's baseline in the same run, on the same "
        "machine. Rates move with the machine's load, CPU per operation much less. `make "
        "bench` measures again and rewrites this section ([bench/README.md](bench/README.md) "
        "describes each bench).",
        "",
        f"- machine: {m.get('cpus', '?')} cores ({m.get('cpu', 'unknown CPU')}), "
        f"{m.get('ram_gb', '?')} GB of RAM, shared with other work",
        f"- load average (1, 5, 15 min): {run.get('load_start', '?')} at the start, "
        f"{run.get('load_end', '?')} at the end",
        f"- date and commit: {run.get('date', 'not recorded')}, "
        f"`{run.get('commit', 'not recorded')}`",
        f"- run time: {run.get('total_s', '?')} s ({took or 'per bench: not recorded'})",
        "",
    ]


def section(run: Record, records: dict[str, Record]) -> str:
    failed = {name.split(" ")[0] for name in run.get("failed", [])}
    lines = [BEGIN, *_header(run)]
    for s in SECTIONS:
        lines += _table(s, records.get(s.bench), failed)
        if s.bench == "webhooks":
            lines += _webhook_paragraph(records.get("webhooks"))
    return "\n".join([*lines, END])


def rewrite(readme: str, new_section: str) -> str:
    """`readme` with what lies between the markers (inclusive) replaced."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the README has no {BEGIN} ... {END} section")
    return readme[:start] + new_section + readme[end + len(END) :]


def load(results: Path) -> tuple[Record, dict[str, Record]]:
    run_file = results / "run.json"
    run: Record = json.loads(run_file.read_text()) if run_file.exists() else {}
    records: dict[str, Record] = {}
    latest = results / "latest.jsonl"
    for line in latest.read_text().splitlines() if latest.exists() else []:
        if line.strip():
            record = json.loads(line)
            records[record["bench"]] = record
    return run, records


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    parser.add_argument("--print", action="store_true", help="print the section, change nothing")
    args = parser.parse_args(argv)
    new = section(*load(args.results))
    if args.print:
        sys.stdout.write(new + "\n")
        return
    args.readme.write_text(rewrite(args.readme.read_text(), new))
    print(f"rewrote the performance section of {args.readme}")


if __name__ == "__main__":
    main()
