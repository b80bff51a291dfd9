"""The sim network's one refusal: an HTTP status for the control API, a stable code (in
wagate/errors.py) for both the control API and the device protocol's error frames."""

from __future__ import annotations


class SimError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
