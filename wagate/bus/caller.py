"""What a gateway needs of the bus: hand over a command, get its reply. Over Redis in a
deployment (gateway/bus_client.py); in memory, straight to a connector's command handler,
where a test runs the gateway without processes or sockets (tests/inproc.py)."""

from __future__ import annotations

from typing import Protocol

from wagate.bus.commands import Command
from wagate.bus.replies import Reply


class CommandBus(Protocol):
    async def call(self, command: Command) -> Reply:
        """The reply to `command`; a transport failure is raised, never made a Reply."""
        ...
