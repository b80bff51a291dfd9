"""Message brokers of a test's own, started from Debian's packages (`nats-server`,
`rabbitmq-server`) as private processes on free ports, which the test may kill and start
again: no system service is involved, and nothing outlives the test module.

A broker runs in a process group of its own (RabbitMQ's start script runs the Erlang VM
as a child), so a kill ends all of it at once, as a crash would."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

from devstack.stack import free_port

NATS_SERVER = shutil.which("nats-server") or "/usr/sbin/nats-server"
# the script itself, not Debian's wrapper in /usr/sbin (which switches to the rabbitmq
# user, who cannot write the test's directory)
RABBITMQ_SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server"
EPMD = shutil.which("epmd") or "/usr/bin/epmd"


class PrivateBroker:
    """A server process the test owns: `start`, `kill` (SIGKILL), `restart`."""

    start_timeout_s = 10.0

    def __init__(self, name: str) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix=f"wagate-test-{name}-"))
        self.log = self.dir / "server.log"
        self._proc: subprocess.Popen[bytes] | None = None
        self.started_in_s: list[float] = []  # each start, until the port answered

    def command(self) -> tuple[list[str], dict[str, str]]:
        raise NotImplementedError

    def start(self) -> None:
        args, env = self.command()
        t0 = time.monotonic()
        with open(self.log, "ab") as log:
            self._proc = subprocess.Popen(
                args,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **env},
                start_new_session=True,
            )
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                self.started_in_s.append(time.monotonic() - t0)
                return
            if self._proc.poll() is not None or time.monotonic() - t0 > self.start_timeout_s:
                self.kill()
                raise RuntimeError(self.log.read_text(errors="replace")[-4000:])
            time.sleep(0.02)

    def kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def restart(self) -> None:
        self.kill()
        self.start()

    def close(self) -> None:
        """Kill it, and anything of its own that outlives it."""
        self.kill()


class PrivateNats(PrivateBroker):
    """nats-server with JetStream, its store in the test's directory."""

    def __init__(self) -> None:
        super().__init__("nats")

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def command(self) -> tuple[list[str], dict[str, str]]:
        store = str(self.dir / "store")
        return [NATS_SERVER, "-js", "-a", "127.0.0.1", "-p", str(self.port), "-sd", store], {}


class PrivateRabbitMQ(PrivateBroker):
    """A RabbitMQ node of its own: its own node name, AMQP, distribution and epmd ports,
    and every file (database, logs, cookie) under the test's directory."""

    start_timeout_s = 60.0  # ~4.5 s the first time here, ~3 s again (docs/event-streams.md)

    def __init__(self) -> None:
        super().__init__("rabbitmq")
        self.dist_port = free_port()
        self.epmd_port = free_port()
        (self.dir / "enabled_plugins").write_text("[].\n")
        (self.dir / "rabbitmq.conf").write_text(
            f"listeners.tcp.default = {self.port}\nloopback_users = none\n"
        )

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def close(self) -> None:
        """The node, then the epmd it started on its private port (a daemon, outside the
        node's process group), by that port."""
        self.kill()
        env = {**os.environ, "ERL_EPMD_PORT": str(self.epmd_port)}
        deadline = time.monotonic() + 5
        # epmd refuses while it still lists the node, which it drops once it sees the
        # node's connection close: a moment after the kill
        while time.monotonic() < deadline:
            said = subprocess.run([EPMD, "-kill"], env=env, capture_output=True, check=False)
            if b"Killed" in said.stdout or b"Cannot connect" in said.stdout + said.stderr:
                return
            time.sleep(0.05)

    def command(self) -> tuple[list[str], dict[str, str]]:
        d = str(self.dir)
        return [RABBITMQ_SERVER], {
            "HOME": d,  # the Erlang cookie
            "RABBITMQ_NODENAME": f"wagate-test-{self.port}@localhost",
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "ERL_EPMD_PORT": str(self.epmd_port),
            "RABBITMQ_MNESIA_BASE": f"{d}/mnesia",
            "RABBITMQ_LOG_BASE": f"{d}/log",
            "RABBITMQ_CONFIG_FILE": f"{d}/rabbitmq",
            "RABBITMQ_ADVANCED_CONFIG_FILE": f"{d}/advanced.config",
            "RABBITMQ_ENABLED_PLUGINS_FILE": f"{d}/enabled_plugins",
            "RABBITMQ_CONF_ENV_FILE": f"{d}/rabbitmq-env.conf",
            "RABBITMQ_PID_FILE": f"{d}/pid",
        }


@contextlib.asynccontextmanager
async def running(broker: PrivateBroker) -> AsyncIterator[PrivateBroker]:
    """The broker for the duration. Its start and stop wait in a thread: the tests share
    one event loop, whose other work (a finished deployment's database being dropped in
    the background, say) must not stand still for the seconds a node takes to boot."""
    await asyncio.to_thread(broker.start)
    try:
        yield broker
    finally:
        await asyncio.to_thread(broker.close)
        shutil.rmtree(broker.dir, ignore_errors=True)
