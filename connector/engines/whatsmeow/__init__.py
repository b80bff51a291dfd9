"""The production engine: WhatsApp itself, through whatsmeow (compiled into neonize's wheel).

In the connector (no Go library loaded):
    workers.py   the Engine a session holds, and the worker processes it runs in
    protocol.py  the typed messages between the connector and a worker
    go_environment.py  what neonize's Go code must find in its environment (no bot label),
                 set here before any worker starts

In a worker process (`python -m connector.engines.whatsmeow.worker`, loads neonize):
    worker.py    serves the connector's requests with the in-process engine
    engine.py    one neonize client per start(), and the kind that makes them
    mapping.py   neonize's event messages -> wagate's engine events (pure, tested directly)
    threads.py   the OS threads whatsmeow's blocking calls run on, and the Go-map gate
    devices.py   where whatsmeow keeps its devices: its own schema in wagate's PostgreSQL
"""

from __future__ import annotations

import os

from connector.engines.whatsmeow.go_environment import GO_ENVIRONMENT

# before neonize loads: processes started from here (workers) inherit it from the start,
# which is the only way Go sees it (see go_environment)
os.environ.update(GO_ENVIRONMENT)
