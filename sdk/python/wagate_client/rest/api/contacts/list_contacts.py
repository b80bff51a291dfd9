from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_contacts_response_200 import ListContactsResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company_id: str,
    *,
    q: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sessions/{company_id}/contacts".format(
            company_id=quote(str(company_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListContactsResponse200 | None:
    if response.status_code == 200:
        response_200 = ListContactsResponse200.from_dict(response.json())

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
) -> Response[Error | ListContactsResponse200]:
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
    q: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[Error | ListContactsResponse200]:
    """The account's contacts, by number, with the names the store knows

     Everyone whose message the tenant's store kept (the tenant's `messageStore` must
    not be `off`: contacts are kept under the same setting), in number order: the push
    name their latest message carried, and the name in the account's address book
    where the phone's app state gave one (null otherwise). `q` (1 to 256 characters,
    matched as written, case-insensitive) keeps those whose number, LID, push name or
    name has it; NUL characters and a longer or empty `q` are `422
    validation_failed`. Pages of `limit`; pass `next` as `cursor` for the next page.
    Needs the `read` scope.

    Args:
        company_id (str):
        q (str | Unset):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset): An opaque page position this API gave out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListContactsResponse200]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        q=q,
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
    q: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Error | ListContactsResponse200 | None:
    """The account's contacts, by number, with the names the store knows

     Everyone whose message the tenant's store kept (the tenant's `messageStore` must
    not be `off`: contacts are kept under the same setting), in number order: the push
    name their latest message carried, and the name in the account's address book
    where the phone's app state gave one (null otherwise). `q` (1 to 256 characters,
    matched as written, case-insensitive) keeps those whose number, LID, push name or
    name has it; NUL characters and a longer or empty `q` are `422
    validation_failed`. Pages of `limit`; pass `next` as `cursor` for the next page.
    Needs the `read` scope.

    Args:
        company_id (str):
        q (str | Unset):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset): An opaque page position this API gave out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListContactsResponse200
    """

    return sync_detailed(
        company_id=company_id,
        client=client,
        q=q,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    q: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[Error | ListContactsResponse200]:
    """The account's contacts, by number, with the names the store knows

     Everyone whose message the tenant's store kept (the tenant's `messageStore` must
    not be `off`: contacts are kept under the same setting), in number order: the push
    name their latest message carried, and the name in the account's address book
    where the phone's app state gave one (null otherwise). `q` (1 to 256 characters,
    matched as written, case-insensitive) keeps those whose number, LID, push name or
    name has it; NUL characters and a longer or empty `q` are `422
    validation_failed`. Pages of `limit`; pass `next` as `cursor` for the next page.
    Needs the `read` scope.

    Args:
        company_id (str):
        q (str | Unset):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset): An opaque page position this API gave out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListContactsResponse200]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        q=q,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    q: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Error | ListContactsResponse200 | None:
    """The account's contacts, by number, with the names the store knows

     Everyone whose message the tenant's store kept (the tenant's `messageStore` must
    not be `off`: contacts are kept under the same setting), in number order: the push
    name their latest message carried, and the name in the account's address book
    where the phone's app state gave one (null otherwise). `q` (1 to 256 characters,
    matched as written, case-insensitive) keeps those whose number, LID, push name or
    name has it; NUL characters and a longer or empty `q` are `422
    validation_failed`. Pages of `limit`; pass `next` as `cursor` for the next page.
    Needs the `read` scope.

    Args:
        company_id (str):
        q (str | Unset):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset): An opaque page position this API gave out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListContactsResponse200
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            client=client,
            q=q,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
