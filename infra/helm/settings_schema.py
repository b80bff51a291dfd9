"""Writes the names `config` may hold into the chart's values.schema.json, from the
settings wagate/config declares: every one but those the chart sets itself (ports, bind
address, log format, drain and lock timeouts from their own values) and the secrets (the
Secret's), so `helm install` refuses a misspelt setting. Run it after declaring a setting;
tests/infra/test_helm_chart.py fails while the schema is older than the declarations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wagate.config.table import SETTINGS

SCHEMA = Path(__file__).resolve().parent / "wagate" / "values.schema.json"
CHART_OWNED = frozenset(
    {
        "WAGATE_HOST",
        "WAGATE_PORT",
        "WAGATE_GATEWAY_METRICS_PORT",
        "WAGATE_CONNECTOR_METRICS_PORT",
        "WAGATE_LOG_FORMAT",
        "WAGATE_DRAIN_TIMEOUT",
        "WAGATE_LOCK_TIMEOUT",
    }
)
IN_THE_SECRET = frozenset(
    {
        "DATABASE_URL",
        "REDIS_URL",
        "WAGATE_JWT_SECRET",
        "WAGATE_API_KEY_PEPPER",
        "WAGATE_CREDENTIALS_KEYS",
        "WAGATE_MEDIA_URL_SECRET",
        "WAGATE_S3_ACCESS_KEY",
        "WAGATE_S3_SECRET_KEY",
    }
)


def config_names() -> list[str]:
    return sorted({s.env for s in SETTINGS} - CHART_OWNED - IN_THE_SECRET)


def render() -> str:
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    schema["properties"]["config"]["propertyNames"] = {"enum": config_names()}
    return json.dumps(schema, indent=2) + "\n"


if __name__ == "__main__":
    SCHEMA.write_text(render(), encoding="utf-8")
