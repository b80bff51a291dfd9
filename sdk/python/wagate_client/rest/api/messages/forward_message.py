from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.forward_message import ForwardMessage
from ...models.send_response import SendResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company_id: str,
    chat_id: str,
    message_id: str,
    *,
    body: ForwardMessage,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sessions/{company_id}/chats/{chat_id}/messages/{message_id}/forward".format(
            company_id=quote(str(company_id), safe=""),
            chat_id=quote(str(chat_id), safe=""),
            message_id=quote(str(message_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SendResponse | None:
    if response.status_code == 200:
        response_200 = SendResponse.from_dict(response.json())

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
) -> Response[Error | SendResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    company_id: str,
    chat_id: str,
    message_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ForwardMessage,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | SendResponse]:
    """Forward a stored message to another chat

     Sends a message of the chat that the tenant's message store keeps (sent or
    received there; else `404 message_not_found`) to the chat `to`, as the same
    content marked forwarded (WhatsApp shows "Forwarded"; its forwarding score is 1,
    the store keeps no earlier one). A text, a location, contact cards and an
    attachment can be forwarded; an attachment is sent from the bytes wagate keeps (the
    session's upload, or the incoming file once downloaded), so nothing is uploaded
    again, and without them it is `404 media_not_stored`. A revoked message, a poll
    (its votes belong to the original) and a message whose content the store did not
    keep (`messageStore` other than `full`) are `409 message_not_forwardable`. A
    forward is a message: idempotent and rate-limited as `POST /messages/text`; the
    answer is the new message's. Needs the `send` and the `read` scope (it shows the
    store's content to whoever is at `to`).

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        message_id (str):
        idempotency_key (str | Unset):
        body (ForwardMessage):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SendResponse]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        chat_id=chat_id,
        message_id=message_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company_id: str,
    chat_id: str,
    message_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ForwardMessage,
    idempotency_key: str | Unset = UNSET,
) -> Error | SendResponse | None:
    """Forward a stored message to another chat

     Sends a message of the chat that the tenant's message store keeps (sent or
    received there; else `404 message_not_found`) to the chat `to`, as the same
    content marked forwarded (WhatsApp shows "Forwarded"; its forwarding score is 1,
    the store keeps no earlier one). A text, a location, contact cards and an
    attachment can be forwarded; an attachment is sent from the bytes wagate keeps (the
    session's upload, or the incoming file once downloaded), so nothing is uploaded
    again, and without them it is `404 media_not_stored`. A revoked message, a poll
    (its votes belong to the original) and a message whose content the store did not
    keep (`messageStore` other than `full`) are `409 message_not_forwardable`. A
    forward is a message: idempotent and rate-limited as `POST /messages/text`; the
    answer is the new message's. Needs the `send` and the `read` scope (it shows the
    store's content to whoever is at `to`).

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        message_id (str):
        idempotency_key (str | Unset):
        body (ForwardMessage):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SendResponse
    """

    return sync_detailed(
        company_id=company_id,
        chat_id=chat_id,
        message_id=message_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    chat_id: str,
    message_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ForwardMessage,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | SendResponse]:
    """Forward a stored message to another chat

     Sends a message of the chat that the tenant's message store keeps (sent or
    received there; else `404 message_not_found`) to the chat `to`, as the same
    content marked forwarded (WhatsApp shows "Forwarded"; its forwarding score is 1,
    the store keeps no earlier one). A text, a location, contact cards and an
    attachment can be forwarded; an attachment is sent from the bytes wagate keeps (the
    session's upload, or the incoming file once downloaded), so nothing is uploaded
    again, and without them it is `404 media_not_stored`. A revoked message, a poll
    (its votes belong to the original) and a message whose content the store did not
    keep (`messageStore` other than `full`) are `409 message_not_forwardable`. A
    forward is a message: idempotent and rate-limited as `POST /messages/text`; the
    answer is the new message's. Needs the `send` and the `read` scope (it shows the
    store's content to whoever is at `to`).

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        message_id (str):
        idempotency_key (str | Unset):
        body (ForwardMessage):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SendResponse]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        chat_id=chat_id,
        message_id=message_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    chat_id: str,
    message_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ForwardMessage,
    idempotency_key: str | Unset = UNSET,
) -> Error | SendResponse | None:
    """Forward a stored message to another chat

     Sends a message of the chat that the tenant's message store keeps (sent or
    received there; else `404 message_not_found`) to the chat `to`, as the same
    content marked forwarded (WhatsApp shows "Forwarded"; its forwarding score is 1,
    the store keeps no earlier one). A text, a location, contact cards and an
    attachment can be forwarded; an attachment is sent from the bytes wagate keeps (the
    session's upload, or the incoming file once downloaded), so nothing is uploaded
    again, and without them it is `404 media_not_stored`. A revoked message, a poll
    (its votes belong to the original) and a message whose content the store did not
    keep (`messageStore` other than `full`) are `409 message_not_forwardable`. A
    forward is a message: idempotent and rate-limited as `POST /messages/text`; the
    answer is the new message's. Needs the `send` and the `read` scope (it shows the
    store's content to whoever is at `to`).

    Args:
        company_id (str):
        chat_id (str): A chat: a phone number (country code first, 7 to 15 digits, optional
            leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        message_id (str):
        idempotency_key (str | Unset):
        body (ForwardMessage):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SendResponse
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            chat_id=chat_id,
            message_id=message_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
