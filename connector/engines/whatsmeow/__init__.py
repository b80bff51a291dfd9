"""The production engine: WhatsApp itself, through whatsmeow (compiled into neonize's wheel).

In the connector (no Go library loaded):
    workers.py   the Engine a session holds, and the worker processes it runs in
    protocol.py  the typed messages between the connector and a worker

In a worker process (`python -m connector.engines.whatsmeow.worker`, loads neonize):
    worker.py    serves the connector's requests with the in-process engine
    engine.py    one neonize client per start(), and the kind that makes them
    mapping.py   neonize's event messages -> wagate's engine events (pure, tested directly)
    threads.py   the OS threads whatsmeow's blocking calls run on, and the Go-map gate
    devices.py   where whatsmeow keeps its devices: its own schema in wagate's PostgreSQL
"""
