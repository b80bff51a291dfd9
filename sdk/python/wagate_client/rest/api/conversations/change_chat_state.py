from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.change_chat_state_response_200 import ChangeChatStateResponse200
from ...models.chat_state_change import ChatStateChange
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    company_id: str,
    chat_id: str,
    *,
    body: ChatStateChange,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/sessions/{company_id}/chats/{chat_id}".format(
            company_id=quote(str(company_id), safe=""),
            chat_id=quote(str(chat_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ChangeChatStateResponse200 | Error | None:
    if response.status_code == 200:
        response_200 = ChangeChatStateResponse200.from_dict(response.json())

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
) -> Response[ChangeChatStateResponse200 | Error]:
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
    body: ChatStateChange,
) -> Response[ChangeChatStateResponse200 | Error]:
    """Archive, pin, mute or mark unread a stored chat (or undo it)

     Changes how the account shows the chat, as WhatsApp syncs it to the phone and the
    other linked devices (app state), and stores it on the chat (`GET .../chats` shows
    it). Exactly one field per request: each is its own change at WhatsApp, so a
    request is never half applied. `mutedUntil`: an ISO 8601 time to come with its
    offset, `"forever"`, or null to unmute. The chat must be in the tenant's message
    store (`404 chat_not_found` otherwise, before WhatsApp is asked). Changes made on
    the phone arrive too and update the stored chat (no webhook event). Needs the
    `send` scope.

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        body (ChatStateChange): Exactly one of the fields.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChangeChatStateResponse200 | Error]
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
    body: ChatStateChange,
) -> ChangeChatStateResponse200 | Error | None:
    """Archive, pin, mute or mark unread a stored chat (or undo it)

     Changes how the account shows the chat, as WhatsApp syncs it to the phone and the
    other linked devices (app state), and stores it on the chat (`GET .../chats` shows
    it). Exactly one field per request: each is its own change at WhatsApp, so a
    request is never half applied. `mutedUntil`: an ISO 8601 time to come with its
    offset, `"forever"`, or null to unmute. The chat must be in the tenant's message
    store (`404 chat_not_found` otherwise, before WhatsApp is asked). Changes made on
    the phone arrive too and update the stored chat (no webhook event). Needs the
    `send` scope.

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        body (ChatStateChange): Exactly one of the fields.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChangeChatStateResponse200 | Error
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
    body: ChatStateChange,
) -> Response[ChangeChatStateResponse200 | Error]:
    """Archive, pin, mute or mark unread a stored chat (or undo it)

     Changes how the account shows the chat, as WhatsApp syncs it to the phone and the
    other linked devices (app state), and stores it on the chat (`GET .../chats` shows
    it). Exactly one field per request: each is its own change at WhatsApp, so a
    request is never half applied. `mutedUntil`: an ISO 8601 time to come with its
    offset, `"forever"`, or null to unmute. The chat must be in the tenant's message
    store (`404 chat_not_found` otherwise, before WhatsApp is asked). Changes made on
    the phone arrive too and update the stored chat (no webhook event). Needs the
    `send` scope.

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        body (ChatStateChange): Exactly one of the fields.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChangeChatStateResponse200 | Error]
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
    body: ChatStateChange,
) -> ChangeChatStateResponse200 | Error | None:
    """Archive, pin, mute or mark unread a stored chat (or undo it)

     Changes how the account shows the chat, as WhatsApp syncs it to the phone and the
    other linked devices (app state), and stores it on the chat (`GET .../chats` shows
    it). Exactly one field per request: each is its own change at WhatsApp, so a
    request is never half applied. `mutedUntil`: an ISO 8601 time to come with its
    offset, `"forever"`, or null to unmute. The chat must be in the tenant's message
    store (`404 chat_not_found` otherwise, before WhatsApp is asked). Changes made on
    the phone arrive too and update the stored chat (no webhook event). Needs the
    `send` scope.

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        body (ChatStateChange): Exactly one of the fields.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChangeChatStateResponse200 | Error
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            chat_id=chat_id,
            client=client,
            body=body,
        )
    ).parsed
