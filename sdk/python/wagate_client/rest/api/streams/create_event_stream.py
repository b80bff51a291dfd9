from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.stream_create import StreamCreate
from ...models.stream_response import StreamResponse
from ...types import Response


def _get_kwargs(
    *,
    body: StreamCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/streams",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | StreamResponse | None:
    if response.status_code == 201:
        response_201 = StreamResponse.from_dict(response.json())

        return response_201

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

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | StreamResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: StreamCreate,
) -> Response[Error | StreamResponse]:
    """Add an event stream (RabbitMQ or NATS JetStream)

     Every event of the tenant is published to the broker, confirmed, in order, with the
    event id as the message id (`message_id` on AMQP, `Nats-Msg-Id` on JetStream), and
    retried with back-off for as long as the broker is away. `target` is the NATS
    subject prefix (events go on `<target>.<tenant>.<type>`) or, for AMQP, the
    routing-key prefix on `exchange` (a durable topic exchange, declared if missing) or
    without an exchange the queue's name. The URL's credentials are stored sealed and
    never shown again. The broker must be on a public address (`422 url_not_allowed`;
    checked again before each new connection). At most 5 streams per tenant. An admin
    names the tenant in `companyId`. Needs `manage`.

    Args:
        body (StreamCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | StreamResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: StreamCreate,
) -> Error | StreamResponse | None:
    """Add an event stream (RabbitMQ or NATS JetStream)

     Every event of the tenant is published to the broker, confirmed, in order, with the
    event id as the message id (`message_id` on AMQP, `Nats-Msg-Id` on JetStream), and
    retried with back-off for as long as the broker is away. `target` is the NATS
    subject prefix (events go on `<target>.<tenant>.<type>`) or, for AMQP, the
    routing-key prefix on `exchange` (a durable topic exchange, declared if missing) or
    without an exchange the queue's name. The URL's credentials are stored sealed and
    never shown again. The broker must be on a public address (`422 url_not_allowed`;
    checked again before each new connection). At most 5 streams per tenant. An admin
    names the tenant in `companyId`. Needs `manage`.

    Args:
        body (StreamCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | StreamResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: StreamCreate,
) -> Response[Error | StreamResponse]:
    """Add an event stream (RabbitMQ or NATS JetStream)

     Every event of the tenant is published to the broker, confirmed, in order, with the
    event id as the message id (`message_id` on AMQP, `Nats-Msg-Id` on JetStream), and
    retried with back-off for as long as the broker is away. `target` is the NATS
    subject prefix (events go on `<target>.<tenant>.<type>`) or, for AMQP, the
    routing-key prefix on `exchange` (a durable topic exchange, declared if missing) or
    without an exchange the queue's name. The URL's credentials are stored sealed and
    never shown again. The broker must be on a public address (`422 url_not_allowed`;
    checked again before each new connection). At most 5 streams per tenant. An admin
    names the tenant in `companyId`. Needs `manage`.

    Args:
        body (StreamCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | StreamResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: StreamCreate,
) -> Error | StreamResponse | None:
    """Add an event stream (RabbitMQ or NATS JetStream)

     Every event of the tenant is published to the broker, confirmed, in order, with the
    event id as the message id (`message_id` on AMQP, `Nats-Msg-Id` on JetStream), and
    retried with back-off for as long as the broker is away. `target` is the NATS
    subject prefix (events go on `<target>.<tenant>.<type>`) or, for AMQP, the
    routing-key prefix on `exchange` (a durable topic exchange, declared if missing) or
    without an exchange the queue's name. The URL's credentials are stored sealed and
    never shown again. The broker must be on a public address (`422 url_not_allowed`;
    checked again before each new connection). At most 5 streams per tenant. An admin
    names the tenant in `companyId`. Needs `manage`.

    Args:
        body (StreamCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | StreamResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
