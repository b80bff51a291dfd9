from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_chats_response_200 import ListChatsResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company_id: str,
    *,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sessions/{company_id}/chats".format(
            company_id=quote(str(company_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListChatsResponse200 | None:
    if response.status_code == 200:
        response_200 = ListChatsResponse200.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ListChatsResponse200]:
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
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[Error | ListChatsResponse200]:
    """The tenant's stored chats, most recently active first

     From the message store (the tenant's `messageStore` must not be `off`). Pages of
    `limit`; pass `next` as `cursor` for the next page (null on the last). A cursor
    not given out by this route is `400 invalid_cursor`. Needs the `read` scope.

    Args:
        company_id (str):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset): An opaque page position this API gave out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListChatsResponse200]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Error | ListChatsResponse200 | None:
    """The tenant's stored chats, most recently active first

     From the message store (the tenant's `messageStore` must not be `off`). Pages of
    `limit`; pass `next` as `cursor` for the next page (null on the last). A cursor
    not given out by this route is `400 invalid_cursor`. Needs the `read` scope.

    Args:
        company_id (str):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset): An opaque page position this API gave out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListChatsResponse200
    """

    return sync_detailed(
        company_id=company_id,
        client=client,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[Error | ListChatsResponse200]:
    """The tenant's stored chats, most recently active first

     From the message store (the tenant's `messageStore` must not be `off`). Pages of
    `limit`; pass `next` as `cursor` for the next page (null on the last). A cursor
    not given out by this route is `400 invalid_cursor`. Needs the `read` scope.

    Args:
        company_id (str):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset): An opaque page position this API gave out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListChatsResponse200]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Error | ListChatsResponse200 | None:
    """The tenant's stored chats, most recently active first

     From the message store (the tenant's `messageStore` must not be `off`). Pages of
    `limit`; pass `next` as `cursor` for the next page (null on the last). A cursor
    not given out by this route is `400 invalid_cursor`. Needs the `read` scope.

    Args:
        company_id (str):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset): An opaque page position this API gave out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListChatsResponse200
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            client=client,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
