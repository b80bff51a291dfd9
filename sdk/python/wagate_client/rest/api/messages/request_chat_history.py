from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.history_request import HistoryRequest
from ...models.history_requested import HistoryRequested
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company_id: str,
    chat_id: str,
    *,
    body: HistoryRequest | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sessions/{company_id}/chats/{chat_id}/history".format(
            company_id=quote(str(company_id), safe=""),
            chat_id=quote(str(chat_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | HistoryRequested | None:
    if response.status_code == 202:
        response_202 = HistoryRequested.from_dict(response.json())

        return response_202

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
) -> Response[Error | HistoryRequested]:
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
    body: HistoryRequest | Unset = UNSET,
) -> Response[Error | HistoryRequested]:
    """Ask the phone for a chat's older messages

     Asks the linked phone for up to `count` (default 50, at most 500) messages of the
    chat older than the oldest one the message store has (`before`). The phone
    answers later: the messages arrive as a history sync of type `on_demand` (a
    `history_sync` event started, then done with its counts) and go into the store;
    they are not published as `message` events. `404 chat_not_found`: the store has
    no such chat for the tenant; `409 chat_history_empty`: it has none of the chat's
    messages to ask before. The phone must be online to answer. Needs the `send`
    scope.

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        body (HistoryRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HistoryRequested]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        chat_id=chat_id,
        body=body,
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
    body: HistoryRequest | Unset = UNSET,
) -> Error | HistoryRequested | None:
    """Ask the phone for a chat's older messages

     Asks the linked phone for up to `count` (default 50, at most 500) messages of the
    chat older than the oldest one the message store has (`before`). The phone
    answers later: the messages arrive as a history sync of type `on_demand` (a
    `history_sync` event started, then done with its counts) and go into the store;
    they are not published as `message` events. `404 chat_not_found`: the store has
    no such chat for the tenant; `409 chat_history_empty`: it has none of the chat's
    messages to ask before. The phone must be online to answer. Needs the `send`
    scope.

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        body (HistoryRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HistoryRequested
    """

    return sync_detailed(
        company_id=company_id,
        chat_id=chat_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    chat_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: HistoryRequest | Unset = UNSET,
) -> Response[Error | HistoryRequested]:
    """Ask the phone for a chat's older messages

     Asks the linked phone for up to `count` (default 50, at most 500) messages of the
    chat older than the oldest one the message store has (`before`). The phone
    answers later: the messages arrive as a history sync of type `on_demand` (a
    `history_sync` event started, then done with its counts) and go into the store;
    they are not published as `message` events. `404 chat_not_found`: the store has
    no such chat for the tenant; `409 chat_history_empty`: it has none of the chat's
    messages to ask before. The phone must be online to answer. Needs the `send`
    scope.

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        body (HistoryRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HistoryRequested]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        chat_id=chat_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    chat_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: HistoryRequest | Unset = UNSET,
) -> Error | HistoryRequested | None:
    """Ask the phone for a chat's older messages

     Asks the linked phone for up to `count` (default 50, at most 500) messages of the
    chat older than the oldest one the message store has (`before`). The phone
    answers later: the messages arrive as a history sync of type `on_demand` (a
    `history_sync` event started, then done with its counts) and go into the store;
    they are not published as `message` events. `404 chat_not_found`: the store has
    no such chat for the tenant; `409 chat_history_empty`: it has none of the chat's
    messages to ask before. The phone must be online to answer. Needs the `send`
    scope.

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        body (HistoryRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HistoryRequested
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            chat_id=chat_id,
            client=client,
            body=body,
        )
    ).parsed
