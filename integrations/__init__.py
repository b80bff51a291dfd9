"""Bridges between wagate and other products, each a process of its own that is a client
of wagate's public API (never of the gateway's or the connector's code) and owns its own
tables (tests/wagate/test_layering.py holds them to it)."""
