"""Routes with several methods on one path, as one Starlette route each.

Starlette answers a wrong method with 405 from the first route whose path matches, so
two routes on one path would announce only the first one's methods in `Allow`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

Handler = Callable[[Request], Awaitable[Response]]


def route(path: str, **handlers: Handler) -> Route:
    """`route("/things", GET=list_things, POST=create_thing)`."""

    async def by_method(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await handlers[method](request)

    by_method.__name__ = "_".join(h.__name__ for h in handlers.values())
    return Route(path, by_method, methods=list(handlers))
