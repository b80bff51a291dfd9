"""The container image's HEALTHCHECK (infra/Dockerfile): `python -m wagate.healthcheck`.

One image runs every role, each answering on its own port, so the check asks the health
route of the role the container was started as (its PID 1's command line: `wagate
gateway`, `connector`, `sim` or `up`) on the port its settings give. A one-shot command
(`migrate`, `token`, ...) has no listener: healthy while it runs. Exit 0 healthy, 1 not.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from wagate.config.connector import ConnectorSettings
from wagate.config.declaring import read_one
from wagate.config.gateway import GatewaySettings
from wagate.config.sim import SimSettings

_TIMEOUT_S = 3.0
# role: the settings class and field of its port, and its liveness route
_ROUTES = {
    "gateway": (GatewaySettings, "port", "/healthz"),
    "up": (GatewaySettings, "port", "/healthz"),
    "connector": (ConnectorSettings, "connector_metrics_port", "/healthz"),
    "sim": (SimSettings, "sim_port", "/stats"),
}


def health_url(command: Sequence[str], env: Mapping[str, str]) -> str | None:
    """The URL that says whether the process `command` started is alive; None for a
    command that serves nothing."""
    role = next((arg for arg in command[1:] if arg in _ROUTES), None)
    if role is None:
        return None
    settings, port_field, path = _ROUTES[role]
    port = read_one(settings, port_field, env)
    return f"http://127.0.0.1:{port}{path}"


def probe(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=_TIMEOUT_S) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError) as error:
        print(f"unhealthy: {url}: {error}", file=sys.stderr)
        return False


def _container_command() -> list[str]:
    return Path("/proc/1/cmdline").read_bytes().decode().split("\0")


def main() -> int:
    url = health_url(_container_command(), os.environ)
    return 0 if url is None or probe(url) else 1


if __name__ == "__main__":
    sys.exit(main())
