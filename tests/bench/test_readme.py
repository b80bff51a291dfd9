"""bench/readme.py: the README's performance section, from one run's results. In-process,
on a sample of what bench/run writes: every bench of the default list has its table,
and one that did not run (or failed, or whose line changed shape) says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import readme
from tests import REPO_ROOT

RUN = {
    "date": "2026-12-07T05:16Z",
    "commit": "c2fd02c",
    "load_start": "19.49 9.48 5.24",
    "load_end": "7.10 8.00 9.00",
    "total_s": 480,
    "seconds": {"media": 70, "webhooks": 100},
    "failed": ["webhooks (exit 1)"],
    "machine": {"cpus": 2, "cpu": "Intel(R) Xeon(R) Processor", "ram_gb": 8},
}
MEDIA = {
    "bench": "media",
    "sends": {
        "text": {"cpu_ms_per_send": 4.0},
        "image_100kb": {"cpu_ms_per_send": 10.0},
        "image_5mb": {"cpu_ms_per_send": 200.0, "cpu_ms_per_mb": 40.0},
    },
    "streaming": {
        "clients": 10, "file_mb": 50.0, "ok": 10, "at_phone": 10,
        "rss_growth_mb": {"gateway": 3.5, "connector": 6.0},
    },
}  # fmt: skip


def _results(tmp_path: Path, *records: dict[str, object]) -> Path:
    (tmp_path / "run.json").write_text(json.dumps(RUN))
    (tmp_path / "latest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return tmp_path


def _table_of(section: str, bench: str) -> str:
    """The lines from `bench`'s heading to the next bench's."""
    start = section.index(f"(`{bench}`)")
    following = section.find("**", section.index("\n", start))
    return section[start : following if following > 0 else None]


def test_every_bench_of_the_list_has_a_table_and_the_missing_say_so(tmp_path: Path) -> None:
    section = readme.section(*readme.load(_results(tmp_path, MEDIA)))
    media = _table_of(section, "media")
    hundred_kb = "| CPU per 100 KB image send (gateway + connector) | 10 ms | text send: 4 ms |"
    assert f"{hundred_kb} × 2.50 |" in media
    assert "| CPU per MB of a 5 MB image | 40 ms |" in media
    for s in readme.SECTIONS:
        if s.bench not in ("media", "webhooks"):
            assert "_not run in this run_" in _table_of(section, s.bench), s.bench
    assert "_failed in this run_" in _table_of(section, "webhooks")
    # the machine and the load average at both ends, the date and the commit
    for said in (
        "2 cores (Intel(R) Xeon(R) Processor), 8 GB",
        "19.49 9.48 5.24 at the start",
        "7.10 8.00 9.00 at the end",
        "2026-12-07T05:16Z, `c2fd02c`",
        "media 70 s",
    ):
        assert said in section, said
    # the webhook formula stays, saying that this run did not measure the overhead
    assert "1 / (receiver latency + the per-delivery overhead (not measured" in section


def test_a_bench_whose_line_changed_shape_is_reported_not_fatal(tmp_path: Path) -> None:
    results = _results(tmp_path, MEDIA, {"bench": "ratelimit", "renamed": 1})
    ratelimit = _table_of(readme.section(*readme.load(results)), "ratelimit")
    assert "could not be read (KeyError: 'script_per_s')" in ratelimit


def test_only_the_marked_section_of_the_readme_is_rewritten(tmp_path: Path) -> None:
    page = tmp_path / "README.md"
    page.write_text(f"# t\n\nbefore\n{readme.BEGIN}\nold figures\n{readme.END}\nafter\n")
    readme.main(["--results", str(_results(tmp_path, MEDIA)), "--readme", str(page)])
    text = page.read_text()
    assert text.startswith("# t\n\nbefore\n<!-- bench:begin -->\nMeasured by one `bench/run`")
    assert text.endswith("<!-- bench:end -->\nafter\n") and "old figures" not in text
    with pytest.raises(ValueError, match="no <!-- bench:begin -->"):
        readme.rewrite("# no markers\n", "x")


def test_the_readme_has_one_marked_section_under_performance() -> None:
    text = (REPO_ROOT / "README.md").read_text()
    assert text.count(readme.BEGIN) == text.count(readme.END) == 1
    assert text.index("\n## Performance\n") < text.index(readme.BEGIN) < text.index(readme.END)
