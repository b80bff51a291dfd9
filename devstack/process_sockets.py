"""A process's own TCP sockets, read from /proc: what one process holds, where a server's
global count (Redis' connected clients, say) would also count every other process that
shares the server."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def sockets_to(pid: int, port: int) -> int:
    """TCP sockets of process `pid` whose remote end is `port` on this machine."""
    return sockets_by_port(pid).get(port, 0)


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    return inodes


def sockets_by_port(pid: int) -> dict[int, int]:
    """The TCP sockets of process `pid`, counted by remote port."""
    inodes = _socket_inodes(pid)
    counts: dict[int, int] = {}
    for table in ("tcp", "tcp6"):
        lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        for line in lines:
            fields = line.split()
            if fields[9] in inodes:
                remote_port = int(fields[2].rsplit(":", 1)[1], 16)
                counts[remote_port] = counts.get(remote_port, 0) + 1
    return counts


def local_ports(pid: int) -> set[int]:
    """The local ports of process `pid`'s TCP sockets: a connection that a server sees
    coming from one of these came from that process."""
    inodes = _socket_inodes(pid)
    ports = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports
