"""wagate's Python client: the HTTP API generated from openapi.yaml (`wagate_client.rest`),
webhook verification (`wagate_client.webhooks`) and the resuming event WebSocket
(`wagate_client.events`)."""

from importlib.metadata import PackageNotFoundError, version

from wagate_client.events import EventStream, EventStreamRefused, StreamEvent, StreamGap
from wagate_client.rest import AuthenticatedClient, Client
from wagate_client.webhooks import WebhookVerificationError, verify_webhook

try:
    __version__ = version("wagate-client")
except PackageNotFoundError:  # imported from a checkout, not installed
    __version__ = "0+unknown"

__all__ = [
    "AuthenticatedClient",
    "Client",
    "EventStream",
    "EventStreamRefused",
    "StreamEvent",
    "StreamGap",
    "WebhookVerificationError",
    "verify_webhook",
    "__version__",
]
