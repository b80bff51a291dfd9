from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_chat_messages_direction import (
    ListChatMessagesDirection,
)
from ...models.list_chat_messages_response_200 import ListChatMessagesResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company_id: str,
    chat_id: str,
    *,
    limit: int | Unset = 50,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    direction: ListChatMessagesDirection | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["before"] = before

    params["after"] = after

    params["kind"] = kind

    json_direction: str | Unset = UNSET
    if not isinstance(direction, Unset):
        json_direction = direction

    params["direction"] = json_direction

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sessions/{company_id}/chats/{chat_id}/messages".format(
            company_id=quote(str(company_id), safe=""),
            chat_id=quote(str(chat_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListChatMessagesResponse200 | None:
    if response.status_code == 200:
        response_200 = ListChatMessagesResponse200.from_dict(response.json())

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
) -> Response[Error | ListChatMessagesResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    company_id: str,
    chat_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    direction: ListChatMessagesDirection | Unset = UNSET,
) -> Response[Error | ListChatMessagesResponse200]:
    """A page of a chat's stored messages, in the order they were sent

     Without a cursor, the newest `limit` messages. `before` pages back (older), `after`
    forward (newer), each taking a cursor this route gave out (`before` is null when
    there is nothing older; `after` is always there, for messages still to come). Filter
    by `kind` (comma-separated) and `direction`. An unknown chat is
    `404 chat_not_found`. Needs the `read` scope.

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        limit (int | Unset):  Default: 50.
        before (str | Unset): An opaque page position this API gave out.
        after (str | Unset): An opaque page position this API gave out.
        kind (str | Unset):
        direction (ListChatMessagesDirection | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListChatMessagesResponse200]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        chat_id=chat_id,
        limit=limit,
        before=before,
        after=after,
        kind=kind,
        direction=direction,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company_id: str,
    chat_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    direction: ListChatMessagesDirection | Unset = UNSET,
) -> Error | ListChatMessagesResponse200 | None:
    """A page of a chat's stored messages, in the order they were sent

     Without a cursor, the newest `limit` messages. `before` pages back (older), `after`
    forward (newer), each taking a cursor this route gave out (`before` is null when
    there is nothing older; `after` is always there, for messages still to come). Filter
    by `kind` (comma-separated) and `direction`. An unknown chat is
    `404 chat_not_found`. Needs the `read` scope.

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        limit (int | Unset):  Default: 50.
        before (str | Unset): An opaque page position this API gave out.
        after (str | Unset): An opaque page position this API gave out.
        kind (str | Unset):
        direction (ListChatMessagesDirection | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListChatMessagesResponse200
    """

    return sync_detailed(
        company_id=company_id,
        chat_id=chat_id,
        client=client,
        limit=limit,
        before=before,
        after=after,
        kind=kind,
        direction=direction,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    chat_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    direction: ListChatMessagesDirection | Unset = UNSET,
) -> Response[Error | ListChatMessagesResponse200]:
    """A page of a chat's stored messages, in the order they were sent

     Without a cursor, the newest `limit` messages. `before` pages back (older), `after`
    forward (newer), each taking a cursor this route gave out (`before` is null when
    there is nothing older; `after` is always there, for messages still to come). Filter
    by `kind` (comma-separated) and `direction`. An unknown chat is
    `404 chat_not_found`. Needs the `read` scope.

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        limit (int | Unset):  Default: 50.
        before (str | Unset): An opaque page position this API gave out.
        after (str | Unset): An opaque page position this API gave out.
        kind (str | Unset):
        direction (ListChatMessagesDirection | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListChatMessagesResponse200]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        chat_id=chat_id,
        limit=limit,
        before=before,
        after=after,
        kind=kind,
        direction=direction,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    chat_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    direction: ListChatMessagesDirection | Unset = UNSET,
) -> Error | ListChatMessagesResponse200 | None:
    """A page of a chat's stored messages, in the order they were sent

     Without a cursor, the newest `limit` messages. `before` pages back (older), `after`
    forward (newer), each taking a cursor this route gave out (`before` is null when
    there is nothing older; `after` is always there, for messages still to come). Filter
    by `kind` (comma-separated) and `direction`. An unknown chat is
    `404 chat_not_found`. Needs the `read` scope.

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        limit (int | Unset):  Default: 50.
        before (str | Unset): An opaque page position this API gave out.
        after (str | Unset): An opaque page position this API gave out.
        kind (str | Unset):
        direction (ListChatMessagesDirection | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListChatMessagesResponse200
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            chat_id=chat_id,
            client=client,
            limit=limit,
            before=before,
            after=after,
            kind=kind,
            direction=direction,
        )
    ).parsed
