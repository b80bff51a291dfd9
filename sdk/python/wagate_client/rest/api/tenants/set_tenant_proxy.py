from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.tenant_proxy_response import TenantProxyResponse
from ...models.tenant_proxy_set import TenantProxySet
from ...types import Response


def _get_kwargs(
    company_id: str,
    *,
    body: TenantProxySet,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/tenants/{company_id}/proxy".format(
            company_id=quote(str(company_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | TenantProxyResponse | None:
    if response.status_code == 200:
        response_200 = TenantProxyResponse.from_dict(response.json())

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
) -> Response[Error | TenantProxyResponse]:
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
    body: TenantProxySet,
) -> Response[Error | TenantProxyResponse]:
    """Send the tenant's WhatsApp traffic through a proxy (admin only)

     The tenant's session then opens its WhatsApp socket and its media transfers
    through this proxy, HTTP CONNECT or SOCKS5, with the credentials in the URL. The
    URL is stored sealed like WhatsApp credentials; reads show it with the password
    replaced by `***`. It applies from the session's next connection: `POST
    /sessions/{companyId}/restart` applies it now. A proxy that fails puts the session
    in `reconnecting` with `reason` `proxy_unreachable`, `proxy_auth_failed` or
    `proxy_refused`, retried with backoff: never a direct connection instead
    (it would show WhatsApp the server's own address). Replaces any proxy set before.

    Args:
        company_id (str):
        body (TenantProxySet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TenantProxyResponse]
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
    body: TenantProxySet,
) -> Error | TenantProxyResponse | None:
    """Send the tenant's WhatsApp traffic through a proxy (admin only)

     The tenant's session then opens its WhatsApp socket and its media transfers
    through this proxy, HTTP CONNECT or SOCKS5, with the credentials in the URL. The
    URL is stored sealed like WhatsApp credentials; reads show it with the password
    replaced by `***`. It applies from the session's next connection: `POST
    /sessions/{companyId}/restart` applies it now. A proxy that fails puts the session
    in `reconnecting` with `reason` `proxy_unreachable`, `proxy_auth_failed` or
    `proxy_refused`, retried with backoff: never a direct connection instead
    (it would show WhatsApp the server's own address). Replaces any proxy set before.

    Args:
        company_id (str):
        body (TenantProxySet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TenantProxyResponse
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
    body: TenantProxySet,
) -> Response[Error | TenantProxyResponse]:
    """Send the tenant's WhatsApp traffic through a proxy (admin only)

     The tenant's session then opens its WhatsApp socket and its media transfers
    through this proxy, HTTP CONNECT or SOCKS5, with the credentials in the URL. The
    URL is stored sealed like WhatsApp credentials; reads show it with the password
    replaced by `***`. It applies from the session's next connection: `POST
    /sessions/{companyId}/restart` applies it now. A proxy that fails puts the session
    in `reconnecting` with `reason` `proxy_unreachable`, `proxy_auth_failed` or
    `proxy_refused`, retried with backoff: never a direct connection instead
    (it would show WhatsApp the server's own address). Replaces any proxy set before.

    Args:
        company_id (str):
        body (TenantProxySet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TenantProxyResponse]
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
    body: TenantProxySet,
) -> Error | TenantProxyResponse | None:
    """Send the tenant's WhatsApp traffic through a proxy (admin only)

     The tenant's session then opens its WhatsApp socket and its media transfers
    through this proxy, HTTP CONNECT or SOCKS5, with the credentials in the URL. The
    URL is stored sealed like WhatsApp credentials; reads show it with the password
    replaced by `***`. It applies from the session's next connection: `POST
    /sessions/{companyId}/restart` applies it now. A proxy that fails puts the session
    in `reconnecting` with `reason` `proxy_unreachable`, `proxy_auth_failed` or
    `proxy_refused`, retried with backoff: never a direct connection instead
    (it would show WhatsApp the server's own address). Replaces any proxy set before.

    Args:
        company_id (str):
        body (TenantProxySet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TenantProxyResponse
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            client=client,
            body=body,
        )
    ).parsed
