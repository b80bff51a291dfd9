"""The error catalogue (wagate/errors.py) is the one list of codes: the error table of
the docs (docs/errors.md) says the same, and no code is raised anywhere that the
catalogue lacks."""

from __future__ import annotations

import re
from pathlib import Path

from tests import REPO_ROOT
from wagate.errors import CATALOGUE, UNMAPPED_STATUS, Audience, api_codes, status_of

ROOT = REPO_ROOT
SOURCES = ("gateway", "connector", "simnet", "wagate", "integrations")

# a status then a code: SimError(410, "x") (the sim's HTTP API states its own statuses)
_WITH_STATUS = re.compile(r"\b(SimError)\(\s*(\d{3}),\s*\"([a-z_]+)\"")
# a code alone: ApiError("x", ...) and error_response("x", ...) (their status is the
# catalogue's), Reply.failure("x", ...), EngineError("x", ...), {"code": "x"}, a refusal table
_CODE_ONLY = re.compile(
    r"(?:ApiError|error_response|Reply\.failure|EngineError)\(\s*\"([a-z_]+)\""
    r"|\"code\":\s*\"([a-z_]+)\""
    r"|re\.compile\([^\n]*\),\s*\"([a-z_]+)\"\)"
)


def _documented_table() -> dict[str, int]:
    text = (ROOT / "docs" / "errors.md").read_text()
    start = text.index("| status | codes |")
    codes: dict[str, int] = {}
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        status, listed = line.strip("|").split("|", 1)
        # a code is named outside parentheses; inside them, `details` is a field
        for code in re.findall(r"`([a-z_]+)`", re.sub(r"\([^)]*\)", "", listed)):
            assert code not in codes, f"docs/errors.md lists {code} twice"
            codes[code] = int(status)
    return codes


def _sources() -> list[tuple[Path, str]]:
    return [(p, p.read_text()) for d in SOURCES for p in sorted((ROOT / d).rglob("*.py"))]


def test_the_documented_error_table_is_the_catalogue() -> None:
    in_docs = _documented_table()
    in_catalogue = {code: spec.status for code, spec in api_codes().items()}
    assert in_docs == in_catalogue


def test_every_code_raised_is_in_the_catalogue_with_its_status() -> None:
    problems: list[str] = []
    found = 0
    for path, text in _sources():
        where = path.relative_to(ROOT)
        for call, status, code in _WITH_STATUS.findall(text):
            found += 1
            spec = CATALOGUE.get(code)
            if spec is None:
                problems.append(f"{where}: {call} raises {code}, not in the catalogue")
            # the sim's HTTP API answers a WhatsApp code (not_on_whatsapp) as the network
            # does; only its own codes must match their catalogued status
            elif (call != "SimError" or spec.audience is Audience.SIM) and spec.status != int(
                status
            ):
                problems.append(f"{where}: {call}({status}, {code}); catalogue: {spec.status}")
        for groups in _CODE_ONLY.findall(text):
            found += 1
            code = next(g for g in groups if g)
            if code not in CATALOGUE:
                problems.append(f"{where}: code {code} is not in the catalogue")
    assert found > 50, "the scan no longer finds the codes: fix its patterns"
    assert problems == []


def test_protocol_and_engine_code_constants_are_catalogued() -> None:
    """The sim protocol's error-frame codes and the engine's named codes."""
    protocol = (ROOT / "simnet" / "protocol.py").read_text()
    frames = protocol[protocol.index("# error codes") :]
    engine = (ROOT / "connector" / "engine.py").read_text()
    named = re.findall(r"^[A-Z_]+: Final = \"([a-z_]+)\"", frames, re.M) + re.findall(
        r"^(?:RATE_OVERLIMIT|ENGINE_UNAVAILABLE|NOT_ON_WHATSAPP) = \"([a-z_]+)\"", engine, re.M
    )
    assert len(named) >= 6
    assert [c for c in named if c not in CATALOGUE] == []


def test_a_code_whatsapp_returned_without_a_mapping_is_a_bad_gateway() -> None:
    assert status_of("some_new_whatsapp_refusal") == UNMAPPED_STATUS == 502
    assert status_of("rate_overlimit") == 429
