from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/metrics/prometheus",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

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
) -> Response[Error | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | str]:
    """Metrics in the Prometheus text format (admin only)

     The connector's registry in the Prometheus text format 0.0.4:
    `whatsapp_sessions_total{state}`, `whatsapp_active_connections`,
    `whatsapp_messages_sent_total`, `whatsapp_messages_received_total`,
    `whatsapp_errors_total{kind}`, `whatsapp_reconnects_total`,
    `whatsapp_reconnect_attempts`, the `whatsapp_send_latency_seconds` histogram,
    `wagate_connector_asyncio_tasks` and the `process_*` collector. Errors are JSON like
    everywhere else.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | str]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Error | str | None:
    """Metrics in the Prometheus text format (admin only)

     The connector's registry in the Prometheus text format 0.0.4:
    `whatsapp_sessions_total{state}`, `whatsapp_active_connections`,
    `whatsapp_messages_sent_total`, `whatsapp_messages_received_total`,
    `whatsapp_errors_total{kind}`, `whatsapp_reconnects_total`,
    `whatsapp_reconnect_attempts`, the `whatsapp_send_latency_seconds` histogram,
    `wagate_connector_asyncio_tasks` and the `process_*` collector. Errors are JSON like
    everywhere else.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | str
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | str]:
    """Metrics in the Prometheus text format (admin only)

     The connector's registry in the Prometheus text format 0.0.4:
    `whatsapp_sessions_total{state}`, `whatsapp_active_connections`,
    `whatsapp_messages_sent_total`, `whatsapp_messages_received_total`,
    `whatsapp_errors_total{kind}`, `whatsapp_reconnects_total`,
    `whatsapp_reconnect_attempts`, the `whatsapp_send_latency_seconds` histogram,
    `wagate_connector_asyncio_tasks` and the `process_*` collector. Errors are JSON like
    everywhere else.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | str]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Error | str | None:
    """Metrics in the Prometheus text format (admin only)

     The connector's registry in the Prometheus text format 0.0.4:
    `whatsapp_sessions_total{state}`, `whatsapp_active_connections`,
    `whatsapp_messages_sent_total`, `whatsapp_messages_received_total`,
    `whatsapp_errors_total{kind}`, `whatsapp_reconnects_total`,
    `whatsapp_reconnect_attempts`, the `whatsapp_send_latency_seconds` histogram,
    `wagate_connector_asyncio_tasks` and the `process_*` collector. Errors are JSON like
    everywhere else.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | str
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
