"""Every relative link in README.md and docs/*.md reaches a file of this repository, and
every `#anchor` a heading of the page it names: the docs are split over pages, and a
section that moves or is renamed must not leave a reader at a dead link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import REPO_ROOT

PAGES = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # https:, mailto:...


def _prose(markdown: str) -> str:
    """The text outside fenced blocks and code spans, where a link can be."""
    return _CODE_SPAN.sub("code", _FENCE.sub("", markdown))


def links(markdown: str) -> list[str]:
    return _LINK.findall(_prose(markdown))


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: its text (links and emphasis reduced to their words),
    lowercased, punctuation dropped, each space a hyphen."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"[`*]", "", text).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """Each heading's anchor; a repeated one gets -1, -2... as GitHub numbers them."""
    seen: dict[str, int] = {}
    found: set[str] = set()
    for heading in _HEADING.findall(_FENCE.sub("", markdown)):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(page: Path, root: Path = REPO_ROOT) -> list[str]:
    problems: list[str] = []
    for target in links(page.read_text()):
        if _EXTERNAL.match(target):
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.is_relative_to(root.resolve()) or not resolved.exists():
            problems.append(f"{target}: no such file in the repository")
        elif anchor and (resolved.suffix != ".md" or anchor not in anchors(resolved.read_text())):
            problems.append(f"{target}: no heading #{anchor} in {resolved.name}")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_relative_link_resolves(page: Path) -> None:
    assert broken_links(page) == []


def test_the_readme_leads_to_every_docs_page() -> None:
    readme = links((REPO_ROOT / "README.md").read_text())
    reached = {(REPO_ROOT / t.partition("#")[0]).resolve() for t in readme}
    unreached = [p.name for p in PAGES[1:] if p not in reached]
    assert unreached == []


def test_the_checker_sees_what_github_sees() -> None:
    assert slug("Real WhatsApp: the `whatsmeow` engine") == "real-whatsapp-the-whatsmeow-engine"
    assert slug("Messaging: reactions, polls, read marks") == "messaging-reactions-polls-read-marks"
    assert anchors("# A\n## A\n```\n# not a heading\n```\n") == {"a", "a-1"}
    assert links("[x](a.md#b) `[y](in-code.md)` ![z](img.png)") == ["a.md#b", "img.png"]


def test_a_broken_link_or_anchor_is_reported(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text("# Other\n## Its part\n")
    page = tmp_path / "docs" / "page.md"
    page.write_text(
        "# Here\n[ok](#here) [ok](other.md#its-part) [gone](#nowhere) [gone](other.md#part)"
        " [missing](nothing.md) [outside](../../x.md) [web](https://example.com/#x)\n"
    )
    assert sorted(broken_links(page, root=tmp_path)) == [
        "#nowhere: no heading #nowhere in page.md",
        "../../x.md: no such file in the repository",
        "nothing.md: no such file in the repository",
        "other.md#part: no heading #part in other.md",
    ]
