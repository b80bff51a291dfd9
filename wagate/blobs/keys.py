"""The blob store's key names: one place, so the gateway and the connector agree."""

from __future__ import annotations

import uuid


def upload_key(tenant_id: str) -> str:
    """A file uploaded for a send (multipart or base64), until its send is done."""
    return f"out/{tenant_id}/{uuid.uuid4().hex}"


def work_key(tenant_id: str, command_id: str, what: str) -> str:
    """A file the connector makes for one command (fetched from a URL, converted)."""
    return f"work/{tenant_id}/{command_id}-{what}"


def incoming_key(tenant_id: str, media_id: str) -> str:
    """An incoming attachment's bytes."""
    return f"in/{tenant_id}/{media_id}"
