"""The shape of every successful JSON answer: `success` first, then the tenant the answer
is about (where it is about one), then the route's own fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse


def ok(
    data: Mapping[str, Any], status: int = 200, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"success": True, **data}, status_code=status, headers=headers)


def tenant_ok(
    tenant_id: str,
    data: Mapping[str, Any],
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return ok({"companyId": tenant_id, **data}, status, headers)
