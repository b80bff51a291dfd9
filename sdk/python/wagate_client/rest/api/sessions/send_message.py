from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.send_request import SendRequest
from ...models.send_response import SendResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company_id: str,
    *,
    body: SendRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sessions/{company_id}/send".format(
            company_id=quote(str(company_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SendResponse | None:
    if response.status_code == 200:
        response_200 = SendResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = Error.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = Error.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | SendResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SendRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | SendResponse]:
    """Send a text message

     Sends a text through the company's session and answers once WhatsApp accepted it.
    A session that is `starting` or `reconnecting` is waited for (up to
    `WAGATE_SEND_WAIT`, 10 s by default); any other state but `connected` is
    `409 session_not_connected`. The body is at most `WAGATE_MAX_BODY_BYTES` (64 KiB by
    default), must be a JSON object (any `Content-Type` is read as JSON) and must match
    `SendRequest`; the token and `companyId` are checked before the body is read.

    Each command is logged with its WhatsApp message id before it goes out, so a command
    re-delivered after a connector crash is answered with the same `messageId` and sent
    at most once. A request retried by the client is a new command, unless it carries the
    same `Idempotency-Key`: then it gets the first request's answer (with
    `Idempotency-Replayed: true`) and nothing is sent again; the same key with another
    body is `422 idempotency_key_reused`, and while the first request is still running
    `409 idempotency_in_progress`. Keys are kept 24 hours per tenant. A first answer
    that says nothing was done (`session_not_found`, `session_not_connected`,
    `rate_limited`, `rate_overlimit`, `bus_unavailable`, `engine_unavailable`,
    `engine_full`) is not kept: a retry with the key sends.

    Sends are limited per tenant (`WAGATE_SEND_RATE_PER_MINUTE`, 30 a minute by default,
    or the tenant's `sendRatePerMinute`) across all gateways: past the limit
    `429 rate_limited` with `Retry-After`. The `X-RateLimit-*` headers come with every
    answer that was counted. Needs the `send` scope.

    Args:
        company_id (str):
        idempotency_key (str | Unset):
        body (SendRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SendResponse]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SendRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | SendResponse | None:
    """Send a text message

     Sends a text through the company's session and answers once WhatsApp accepted it.
    A session that is `starting` or `reconnecting` is waited for (up to
    `WAGATE_SEND_WAIT`, 10 s by default); any other state but `connected` is
    `409 session_not_connected`. The body is at most `WAGATE_MAX_BODY_BYTES` (64 KiB by
    default), must be a JSON object (any `Content-Type` is read as JSON) and must match
    `SendRequest`; the token and `companyId` are checked before the body is read.

    Each command is logged with its WhatsApp message id before it goes out, so a command
    re-delivered after a connector crash is answered with the same `messageId` and sent
    at most once. A request retried by the client is a new command, unless it carries the
    same `Idempotency-Key`: then it gets the first request's answer (with
    `Idempotency-Replayed: true`) and nothing is sent again; the same key with another
    body is `422 idempotency_key_reused`, and while the first request is still running
    `409 idempotency_in_progress`. Keys are kept 24 hours per tenant. A first answer
    that says nothing was done (`session_not_found`, `session_not_connected`,
    `rate_limited`, `rate_overlimit`, `bus_unavailable`, `engine_unavailable`,
    `engine_full`) is not kept: a retry with the key sends.

    Sends are limited per tenant (`WAGATE_SEND_RATE_PER_MINUTE`, 30 a minute by default,
    or the tenant's `sendRatePerMinute`) across all gateways: past the limit
    `429 rate_limited` with `Retry-After`. The `X-RateLimit-*` headers come with every
    answer that was counted. Needs the `send` scope.

    Args:
        company_id (str):
        idempotency_key (str | Unset):
        body (SendRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SendResponse
    """

    return sync_detailed(
        company_id=company_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SendRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | SendResponse]:
    """Send a text message

     Sends a text through the company's session and answers once WhatsApp accepted it.
    A session that is `starting` or `reconnecting` is waited for (up to
    `WAGATE_SEND_WAIT`, 10 s by default); any other state but `connected` is
    `409 session_not_connected`. The body is at most `WAGATE_MAX_BODY_BYTES` (64 KiB by
    default), must be a JSON object (any `Content-Type` is read as JSON) and must match
    `SendRequest`; the token and `companyId` are checked before the body is read.

    Each command is logged with its WhatsApp message id before it goes out, so a command
    re-delivered after a connector crash is answered with the same `messageId` and sent
    at most once. A request retried by the client is a new command, unless it carries the
    same `Idempotency-Key`: then it gets the first request's answer (with
    `Idempotency-Replayed: true`) and nothing is sent again; the same key with another
    body is `422 idempotency_key_reused`, and while the first request is still running
    `409 idempotency_in_progress`. Keys are kept 24 hours per tenant. A first answer
    that says nothing was done (`session_not_found`, `session_not_connected`,
    `rate_limited`, `rate_overlimit`, `bus_unavailable`, `engine_unavailable`,
    `engine_full`) is not kept: a retry with the key sends.

    Sends are limited per tenant (`WAGATE_SEND_RATE_PER_MINUTE`, 30 a minute by default,
    or the tenant's `sendRatePerMinute`) across all gateways: past the limit
    `429 rate_limited` with `Retry-After`. The `X-RateLimit-*` headers come with every
    answer that was counted. Needs the `send` scope.

    Args:
        company_id (str):
        idempotency_key (str | Unset):
        body (SendRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SendResponse]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SendRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | SendResponse | None:
    """Send a text message

     Sends a text through the company's session and answers once WhatsApp accepted it.
    A session that is `starting` or `reconnecting` is waited for (up to
    `WAGATE_SEND_WAIT`, 10 s by default); any other state but `connected` is
    `409 session_not_connected`. The body is at most `WAGATE_MAX_BODY_BYTES` (64 KiB by
    default), must be a JSON object (any `Content-Type` is read as JSON) and must match
    `SendRequest`; the token and `companyId` are checked before the body is read.

    Each command is logged with its WhatsApp message id before it goes out, so a command
    re-delivered after a connector crash is answered with the same `messageId` and sent
    at most once. A request retried by the client is a new command, unless it carries the
    same `Idempotency-Key`: then it gets the first request's answer (with
    `Idempotency-Replayed: true`) and nothing is sent again; the same key with another
    body is `422 idempotency_key_reused`, and while the first request is still running
    `409 idempotency_in_progress`. Keys are kept 24 hours per tenant. A first answer
    that says nothing was done (`session_not_found`, `session_not_connected`,
    `rate_limited`, `rate_overlimit`, `bus_unavailable`, `engine_unavailable`,
    `engine_full`) is not kept: a retry with the key sends.

    Sends are limited per tenant (`WAGATE_SEND_RATE_PER_MINUTE`, 30 a minute by default,
    or the tenant's `sendRatePerMinute`) across all gateways: past the limit
    `429 rate_limited` with `Retry-After`. The `X-RateLimit-*` headers come with every
    answer that was counted. Needs the `send` scope.

    Args:
        company_id (str):
        idempotency_key (str | Unset):
        body (SendRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SendResponse
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
