from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.pacing_response import PacingResponse
from ...models.pacing_settings import PacingSettings
from ...types import Response


def _get_kwargs(
    company_id: str,
    *,
    body: PacingSettings,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/tenants/{company_id}/pacing".format(
            company_id=quote(str(company_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PacingResponse | None:
    if response.status_code == 200:
        response_200 = PacingResponse.from_dict(response.json())

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
) -> Response[Error | PacingResponse]:
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
    body: PacingSettings,
) -> Response[Error | PacingResponse]:
    """Set a tenant's pacing (admin only)

     Replaces the tenant's pacing: a field left out takes its default. The connector
    applies it within a few seconds (it re-reads the settings every 5 s).

    Args:
        company_id (str):
        body (PacingSettings): How a tenant's sends are paced against WhatsApp's ban heuristics,
            which look for
            numbers that start many chats and send faster than people type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PacingResponse]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PacingSettings,
) -> Error | PacingResponse | None:
    """Set a tenant's pacing (admin only)

     Replaces the tenant's pacing: a field left out takes its default. The connector
    applies it within a few seconds (it re-reads the settings every 5 s).

    Args:
        company_id (str):
        body (PacingSettings): How a tenant's sends are paced against WhatsApp's ban heuristics,
            which look for
            numbers that start many chats and send faster than people type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PacingResponse
    """

    return sync_detailed(
        company_id=company_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PacingSettings,
) -> Response[Error | PacingResponse]:
    """Set a tenant's pacing (admin only)

     Replaces the tenant's pacing: a field left out takes its default. The connector
    applies it within a few seconds (it re-reads the settings every 5 s).

    Args:
        company_id (str):
        body (PacingSettings): How a tenant's sends are paced against WhatsApp's ban heuristics,
            which look for
            numbers that start many chats and send faster than people type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PacingResponse]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PacingSettings,
) -> Error | PacingResponse | None:
    """Set a tenant's pacing (admin only)

     Replaces the tenant's pacing: a field left out takes its default. The connector
    applies it within a few seconds (it re-reads the settings every 5 s).

    Args:
        company_id (str):
        body (PacingSettings): How a tenant's sends are paced against WhatsApp's ban heuristics,
            which look for
            numbers that start many chats and send faster than people type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PacingResponse
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            client=client,
            body=body,
        )
    ).parsed
