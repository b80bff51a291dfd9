"""Regenerates wagate_client/rest/ from the repository's openapi.yaml (`make sdk`).

The generator is handed a copy of the spec with what it cannot read rewritten:
- a `$ref` into another schema's properties
  (`#/components/schemas/OutgoingMessage/properties/quotedMessageId`) makes it drop every
  schema and operation that uses one: such references are inlined;
- a boolean `const` (`success: {const: true}`) comes out as Python that does not parse
  (`!= Trueand`): it becomes a plain boolean;
- `GET /events` is a WebSocket: left out (the hand-written wagate_client.events serves it).
Its output is then formatted with the repository's ruff settings. The sha256 of the
openapi.yaml it was made from is kept beside the code, so a test can tell when the
committed client is older than the contract.
"""

from __future__ import annotations

import copy
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SPEC = HERE.parents[1] / "openapi.yaml"
OUTPUT = HERE / "wagate_client" / "rest"
SPEC_HASH_FILE = OUTPUT / "openapi.sha256"
CONFIG = HERE / "generator-config.yaml"
# a JSON pointer to a whole component schema has four parts: #, components, schemas, Name
_COMPONENT_DEPTH = 4


def spec_sha256() -> str:
    return hashlib.sha256(SPEC.read_bytes()).hexdigest()


def _resolve(spec: dict[str, Any], pointer: str) -> Any:
    node: Any = spec
    for part in pointer.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def readable(spec: dict[str, Any], node: Any) -> Any:
    """`node` with every reference into a schema's inside replaced by what it points at,
    and every boolean `const` by a plain boolean."""
    if isinstance(node, list):
        return [readable(spec, item) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and len(ref.split("/")) > _COMPONENT_DEPTH:
        target = copy.deepcopy(_resolve(spec, ref))
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        return readable(spec, {**target, **siblings})
    if isinstance(node.get("const"), bool):
        node = {**{k: v for k, v in node.items() if k != "const"}, "type": "boolean"}
    return {key: readable(spec, value) for key, value in node.items()}


def generator_spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(SPEC.read_text())
    prepared: dict[str, Any] = readable(spec, spec)
    del prepared["paths"]["/events"]  # a WebSocket: wagate_client.events
    return prepared


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        prepared = Path(tmp) / "openapi.yaml"
        prepared.write_text(yaml.safe_dump(generator_spec(), sort_keys=False))
        generator = Path(sys.executable).with_name("openapi-python-client")
        subprocess.run(
            [
                str(generator),
                "generate",
                "--path",
                str(prepared),
                "--config",
                str(CONFIG),
                "--meta",
                "none",
                "--output-path",
                str(OUTPUT),
                "--overwrite",
                "--fail-on-warning",
            ],
            check=True,
        )
    ruff = str(Path(sys.executable).with_name("ruff"))
    subprocess.run([ruff, "check", "--quiet", "--fix-only", "--select", "I,F401", str(OUTPUT)])
    subprocess.run([ruff, "format", "--quiet", str(OUTPUT)], check=True)
    SPEC_HASH_FILE.write_text(spec_sha256() + "\n")


if __name__ == "__main__":
    main()
