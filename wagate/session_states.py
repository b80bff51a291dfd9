"""The states a session is in, as the connector runs it and the API names them
(openapi.yaml's SessionStatus says what each means)."""

from enum import StrEnum


class SessionState(StrEnum):
    STOPPED = "stopped"
    STARTING = "starting"
    QR = "qr"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    LOGGED_OUT = "logged_out"
    FAILED = "failed"
