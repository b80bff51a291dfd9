"""The production engine: WhatsApp itself, through whatsmeow (compiled into neonize's wheel).

    mapping.py   neonize's event messages -> wagate's engine events (pure, tested directly)
    threads.py   the OS threads whatsmeow's blocking calls run on, sized for the sessions
    devices.py   where whatsmeow keeps its devices: its own schema in wagate's PostgreSQL
    engine.py    one connection per start(), and the kind that makes them
    go_environment.py  what neonize's Go code must find in the environment (no bot label)

Importing this package loads the Go library; the connector imports it only when a
session uses the whatsmeow engine (`connector.engines.EngineKinds`).
"""

from __future__ import annotations

import os

from connector.engines.whatsmeow.go_environment import GO_ENVIRONMENT

# before neonize loads: processes started from here (workers) inherit it from the start,
# which is the only way Go sees it (see go_environment)
os.environ.update(GO_ENVIRONMENT)
