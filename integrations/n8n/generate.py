"""Writes nodes/Wagate/generated.ts from the repository's openapi.yaml (`make sdk`): every
`POST /sessions/{companyId}/messages/{kind}` route with its JSON body's fields, and the
event types a webhook carries. The Wagate node builds its send operations and the trigger
its event filter from that file, so a kind added to the API appears in n8n once this runs;
tests/integrations/test_n8n_node.py fails while the committed file is older than the spec.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SPEC = HERE.parents[1] / "openapi.yaml"
OUTPUT = HERE / "nodes" / "Wagate" / "generated.ts"
SEND_PREFIX = "/sessions/{companyId}/messages/"


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _field_type(schema: dict[str, Any]) -> str:
    """The one JSON type of a field; `null` alternatives mean only "may be left out"."""
    declared = schema.get("type", "string")
    types = [t for t in declared if t != "null"] if isinstance(declared, list) else [declared]
    return str(types[0])


def _field(
    spec: dict[str, Any], name: str, schema: dict[str, Any], required: bool
) -> dict[str, Any]:
    schema = _resolve(spec, schema)
    field: dict[str, Any] = {
        "name": name,
        "type": _field_type(schema),
        "required": required,
        "description": " ".join(schema.get("description", "").split()),
    }
    if "enum" in schema:
        field["enum"] = schema["enum"]
    return field


def send_kinds(spec: dict[str, Any]) -> list[dict[str, Any]]:
    kinds = []
    for path, item in spec["paths"].items():
        kind = path.removeprefix(SEND_PREFIX)
        if not path.startswith(SEND_PREFIX) or "/" in kind or "{" in kind or "post" not in item:
            continue
        operation = item["post"]
        body = _resolve(spec, operation["requestBody"]["content"]["application/json"]["schema"])
        required = set(body.get("required", []))
        fields = [
            _field(spec, name, schema, name in required)
            for name, schema in body["properties"].items()
        ]
        kinds.append(
            {"kind": kind, "route": path, "summary": operation["summary"], "fields": fields}
        )
    return kinds


def _enum_values(spec: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    schema = _resolve(spec, schema)
    values = list(schema.get("enum", []))
    for part in schema.get("anyOf", []) + schema.get("oneOf", []):
        values += _enum_values(spec, part)
    return values


def render() -> str:
    # libyaml's loader where PyYAML has it: the spec is 9,000+ lines
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec = yaml.load(SPEC.read_text(encoding="utf-8"), Loader=loader)
    kinds = json.dumps(send_kinds(spec), indent=2, ensure_ascii=False)
    events = json.dumps(_enum_values(spec, {"$ref": "#/components/schemas/WebhookEventType"}))
    return (
        "// Generated from openapi.yaml by integrations/n8n/generate.py (`make sdk`)."
        " Do not edit.\n"
        'import type { SendKind } from "./fields.js";\n\n'
        f"export const SEND_KINDS: readonly SendKind[] = {kinds};\n\n"
        f"export const WEBHOOK_EVENT_TYPES: readonly string[] = {events};\n"
    )


if __name__ == "__main__":
    OUTPUT.write_text(render(), encoding="utf-8")
