"""Errors as the API shows them: JSON `{success: false, code, error}`, never a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.services import services
from wagate.errors import status_of

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A refusal with its catalogue code; the catalogue (wagate/errors.py) gives its HTTP
    status, so a code is answered with one status wherever it is raised."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status_of(code)
        self.code = code
        self.message = message
        self.headers = headers
        self.details = details


def error_response(
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    details: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    return JSONResponse(_body(code, message, details), status_code=status_of(code), headers=headers)


def _body(code: str, message: str, details: list[dict[str, Any]] | None) -> dict[str, Any]:
    body: dict[str, Any] = {"success": False, "code": code, "error": message}
    if details:
        body["details"] = details
    return body


# A body somewhat over its cap is read to its end and dropped before the 413, so a client
# still uploading can read the answer instead of meeting a reset; a far larger one is
# cut off at once. Somewhat: up to 16 times a small cap, at most 4 MiB past any cap.
_DISCARD_FACTOR = 16
_DISCARD_MAX_SLACK = 4 << 20


def discard_limit(cap: int) -> int:
    """The largest body refused for size that is still read and dropped first."""
    return cap + min(cap * (_DISCARD_FACTOR - 1), _DISCARD_MAX_SLACK)


async def refuse_declared_over(request: Request, cap: int, refusal: Callable[[], ApiError]) -> None:
    """Raise `refusal()` before a byte is read when the Content-Length says more than
    `cap` (dropping the body first when it is within `discard_limit`). The error is made
    only then: every request with a body passes here."""
    declared = _declared(request)
    if declared > cap:
        if declared <= discard_limit(cap):
            await discard_body(request, discard_limit(cap))
        raise refusal()


def _declared(request: Request) -> int:
    """The body's Content-Length (0 when none is given, or it is not a number)."""
    declared = request.headers.get("content-length", "")
    return int(declared) if declared.isascii() and declared.isdigit() else 0


async def discard_body(request: Request, budget: int) -> None:
    """Read and drop what is left of the body, up to `budget` bytes. (Not "drain": that
    word is for letting in-flight work finish on shutdown.)"""
    try:
        async for chunk in request.stream():
            budget -= len(chunk)
            if budget < 0:
                return
    except RuntimeError:  # Starlette's "stream consumed": the body had already ended
        return


async def _finish_reading(request: Request) -> None:
    """An error answered before the body arrived (a bad token, a wrong scope, a rate
    limit) would otherwise make the server close the connection while the client is
    still sending: the client meets a reset instead of the answer, and its keep-alive
    connection is gone. Read the rest first, within the bound of a too-large body."""
    if request.scope["type"] != "http":
        return
    limit = discard_limit(services(request).settings.max_body_bytes)
    if _declared(request) <= limit:  # a longer one is cut off anyway: answered at once
        await discard_body(request, limit)


async def handle_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    await _finish_reading(request)
    return error_response(exc.code, exc.message, exc.headers, exc.details)


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = "no such route" if exc.status_code == 404 else str(exc.detail)
    await _finish_reading(request)
    # Starlette's own refusals keep their status: `http_error` stands for several
    return JSONResponse(_body(code, message, None), exc.status_code, headers=exc.headers)


async def handle_bus_error(request: Request, exc: Exception) -> Response:
    """Redis failed under a route that had no answer of its own for it (rate limit,
    idempotency records, ...): the bus is unavailable, not the gateway broken."""
    log.warning("Redis failed on %s %s: %s", request.method, request.url.path, exc)
    await _finish_reading(request)
    return error_response("bus_unavailable", "the message bus (Redis) is unreachable")


async def handle_blob_error(request: Request, exc: Exception) -> Response:
    """The blob store (S3 or the media directory) failed under a media route."""
    log.warning("blob store failed on %s %s: %s", request.method, request.url.path, exc)
    await _finish_reading(request)
    return error_response("blob_store_unavailable", "the media store is unreachable; retry later")


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    await _finish_reading(request)
    return error_response("internal_error", "the gateway failed to handle this request")
