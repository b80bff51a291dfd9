from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_response import DeleteResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company_id: str,
    *,
    keep_device: bool | Unset = False,
    purge: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["keepDevice"] = keep_device

    params["purge"] = purge

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/sessions/{company_id}".format(
            company_id=quote(str(company_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeleteResponse | Error | None:
    if response.status_code == 200:
        response_200 = DeleteResponse.from_dict(response.json())

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

    if response.status_code == 504:
        response_504 = Error.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeleteResponse | Error]:
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
    keep_device: bool | Unset = False,
    purge: bool | Unset = False,
) -> Response[DeleteResponse | Error]:
    """Unlink, stop and forget the session

     Logs the session's device out at WhatsApp (it leaves the phone's Linked devices,
    as a logout does; a session not connected connects briefly to do so), stops the
    session and deletes it with its credentials. With `keepDevice=true` it only
    stops and forgets it: the phone keeps listing the device until removed there.
    Idempotent: `deleted` says whether there was a session. Another tenant's
    company is still `404 session_not_found`.

    Args:
        company_id (str):
        keep_device (bool | Unset):  Default: False.
        purge (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteResponse | Error]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        keep_device=keep_device,
        purge=purge,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    keep_device: bool | Unset = False,
    purge: bool | Unset = False,
) -> DeleteResponse | Error | None:
    """Unlink, stop and forget the session

     Logs the session's device out at WhatsApp (it leaves the phone's Linked devices,
    as a logout does; a session not connected connects briefly to do so), stops the
    session and deletes it with its credentials. With `keepDevice=true` it only
    stops and forgets it: the phone keeps listing the device until removed there.
    Idempotent: `deleted` says whether there was a session. Another tenant's
    company is still `404 session_not_found`.

    Args:
        company_id (str):
        keep_device (bool | Unset):  Default: False.
        purge (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteResponse | Error
    """

    return sync_detailed(
        company_id=company_id,
        client=client,
        keep_device=keep_device,
        purge=purge,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    keep_device: bool | Unset = False,
    purge: bool | Unset = False,
) -> Response[DeleteResponse | Error]:
    """Unlink, stop and forget the session

     Logs the session's device out at WhatsApp (it leaves the phone's Linked devices,
    as a logout does; a session not connected connects briefly to do so), stops the
    session and deletes it with its credentials. With `keepDevice=true` it only
    stops and forgets it: the phone keeps listing the device until removed there.
    Idempotent: `deleted` says whether there was a session. Another tenant's
    company is still `404 session_not_found`.

    Args:
        company_id (str):
        keep_device (bool | Unset):  Default: False.
        purge (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteResponse | Error]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        keep_device=keep_device,
        purge=purge,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    keep_device: bool | Unset = False,
    purge: bool | Unset = False,
) -> DeleteResponse | Error | None:
    """Unlink, stop and forget the session

     Logs the session's device out at WhatsApp (it leaves the phone's Linked devices,
    as a logout does; a session not connected connects briefly to do so), stops the
    session and deletes it with its credentials. With `keepDevice=true` it only
    stops and forgets it: the phone keeps listing the device until removed there.
    Idempotent: `deleted` says whether there was a session. Another tenant's
    company is still `404 session_not_found`.

    Args:
        company_id (str):
        keep_device (bool | Unset):  Default: False.
        purge (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteResponse | Error
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            client=client,
            keep_device=keep_device,
            purge=purge,
        )
    ).parsed
