"""Routes for /console, /docs, /openapi.yaml and /openapi.json.

Every file is served from a list made at import (no path from the request ever reaches
the file system), with headers that keep the pages to their own origin: scripts, styles,
images and connections from the gateway only, no inline script, no framing.
"""

from __future__ import annotations

import functools
import json
import mimetypes
from pathlib import Path

import yaml
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway import sign_in
from gateway.errors import ApiError

_HERE = Path(__file__).resolve().parent
# a link to the repository's openapi.yaml (the one copy of the spec), so a wheel, which
# copies what a link points to, carries the spec inside the package
_SPEC = _HERE / "openapi.yaml"

# 'self' covers same-origin ws:/wss: in CSP Level 3; data: images are the QR codes; blob:
# images and media are the inbox's attachments, fetched with the credential
CONSOLE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src blob:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
_HEADERS = {
    "Content-Security-Policy": CONSOLE_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-cache",
}
_TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".css": "text/css"}


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


_CONSOLE = _files(_HERE / "static")
_DOCS = _files(_HERE / "docs")


@functools.cache
def _read(path: Path) -> bytes:
    return path.read_bytes()


def _file(path: Path) -> Response:
    media_type = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "text/plain"
    if media_type.startswith("text/"):
        media_type += "; charset=utf-8"
    return Response(_read(path), media_type=media_type, headers=_HEADERS)


def _asset(files: dict[str, Path], name: str) -> Response:
    path = files.get(name)
    if path is None:
        raise ApiError("not_found", "no such file")
    return _file(path)


async def console_page(request: Request) -> Response:
    return _file(_CONSOLE["index.html"])


async def console_asset(request: Request) -> Response:
    return _asset(_CONSOLE, request.path_params["name"])


async def docs_page(request: Request) -> Response:
    return _file(_DOCS["index.html"])


async def docs_asset(request: Request) -> Response:
    return _asset(_DOCS, request.path_params["name"])


@functools.cache
def _spec_json() -> bytes:
    return json.dumps(yaml.safe_load(_SPEC.read_text()), separators=(",", ":")).encode()


async def openapi_yaml(request: Request) -> Response:
    return Response(_read(_SPEC), media_type="application/yaml", headers=_HEADERS)


async def openapi_json(request: Request) -> Response:
    return Response(_spec_json(), media_type="application/json", headers=_HEADERS)


routes = [
    Route("/console", console_page, methods=["GET"]),
    Route("/console/", console_page, methods=["GET"]),
    Route("/console/sign-in", sign_in.exchange, methods=["POST"]),  # the link's code
    Route("/console/{name:path}", console_asset, methods=["GET"]),
    Route("/docs", docs_page, methods=["GET"]),
    Route("/docs/", docs_page, methods=["GET"]),
    Route("/docs/{name:path}", docs_asset, methods=["GET"]),
    Route("/openapi.yaml", openapi_yaml, methods=["GET"]),
    Route("/openapi.json", openapi_json, methods=["GET"]),
]
