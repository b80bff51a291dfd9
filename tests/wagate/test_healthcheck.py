"""The image's HEALTHCHECK (wagate.healthcheck): the role's own route and port, from the
container's command line and settings, and its answer taken as the health."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wagate.healthcheck import health_url, probe

# PID 1's command line in the image: the venv's python running the `wagate` script
PREFIX = ["/opt/wagate/bin/python", "/opt/wagate/bin/wagate"]


def test_each_role_is_asked_on_its_own_port_and_route() -> None:
    env: dict[str, str] = {}
    assert health_url([*PREFIX, "gateway"], env) == "http://127.0.0.1:3000/healthz"
    assert health_url([*PREFIX, "connector"], env) == "http://127.0.0.1:9102/healthz"
    assert health_url([*PREFIX, "sim"], env) == "http://127.0.0.1:7070/stats"
    moved = {"WAGATE_PORT": "8080", "WAGATE_CONNECTOR_METRICS_PORT": "9999"}
    assert health_url([*PREFIX, "gateway"], moved) == "http://127.0.0.1:8080/healthz"
    assert health_url([*PREFIX, "connector"], moved) == "http://127.0.0.1:9999/healthz"


def test_a_one_shot_command_serves_nothing_to_ask() -> None:
    assert health_url([*PREFIX, "migrate"], {}) is None
    assert health_url([*PREFIX, "token", "--admin"], {}) is None


@pytest.fixture
def server() -> Iterator[tuple[str, list[int]]]:
    """A local listener answering each request with the next status of the list."""
    statuses = [200]

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(statuses[0])
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/healthz", statuses
    httpd.shutdown()
    httpd.server_close()


def test_the_answer_is_the_health(server: tuple[str, list[int]]) -> None:
    url, statuses = server
    assert probe(url) is True
    statuses[0] = 503
    assert probe(url) is False


def test_nothing_listening_is_unhealthy() -> None:
    assert probe("http://127.0.0.1:9/healthz") is False
