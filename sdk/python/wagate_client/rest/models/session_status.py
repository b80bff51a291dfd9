from typing import Literal

SessionStatus = Literal[
    "connected", "failed", "logged_out", "qr", "reconnecting", "starting", "stopped"
]

SESSION_STATUS_VALUES: set[SessionStatus] = {
    "connected",
    "failed",
    "logged_out",
    "qr",
    "reconnecting",
    "starting",
    "stopped",
}


def check_session_status(value: str) -> SessionStatus:
    if value in SESSION_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SESSION_STATUS_VALUES!r}")
