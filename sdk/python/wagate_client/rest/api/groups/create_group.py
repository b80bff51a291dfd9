from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.group_create import GroupCreate
from ...models.group_response import GroupResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company_id: str,
    *,
    body: GroupCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sessions/{company_id}/groups".format(
            company_id=quote(str(company_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | GroupResponse | None:
    if response.status_code == 201:
        response_201 = GroupResponse.from_dict(response.json())

        return response_201

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
) -> Response[Error | GroupResponse]:
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
    body: GroupCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | GroupResponse]:
    """Create a group

     A new group with the session as its superadmin and the participants WhatsApp
    lets it add (one not on WhatsApp is left out; the answer lists who is in). Each
    member hears a `group_update` (`add`). Needs the `send` scope: group changes act in
    WhatsApp as the session's number, as sends do. With an `Idempotency-Key`, a
    retry with the same key and body answers the first group (`Idempotency-Replayed:
    true`) and creates none; a retry after a 504 runs the same command again, which
    WhatsApp takes as the same create.

    Args:
        company_id (str):
        idempotency_key (str | Unset):
        body (GroupCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GroupResponse]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GroupCreate,
    idempotency_key: str | Unset = UNSET,
) -> Error | GroupResponse | None:
    """Create a group

     A new group with the session as its superadmin and the participants WhatsApp
    lets it add (one not on WhatsApp is left out; the answer lists who is in). Each
    member hears a `group_update` (`add`). Needs the `send` scope: group changes act in
    WhatsApp as the session's number, as sends do. With an `Idempotency-Key`, a
    retry with the same key and body answers the first group (`Idempotency-Replayed:
    true`) and creates none; a retry after a 504 runs the same command again, which
    WhatsApp takes as the same create.

    Args:
        company_id (str):
        idempotency_key (str | Unset):
        body (GroupCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GroupResponse
    """

    return sync_detailed(
        company_id=company_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GroupCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | GroupResponse]:
    """Create a group

     A new group with the session as its superadmin and the participants WhatsApp
    lets it add (one not on WhatsApp is left out; the answer lists who is in). Each
    member hears a `group_update` (`add`). Needs the `send` scope: group changes act in
    WhatsApp as the session's number, as sends do. With an `Idempotency-Key`, a
    retry with the same key and body answers the first group (`Idempotency-Replayed:
    true`) and creates none; a retry after a 504 runs the same command again, which
    WhatsApp takes as the same create.

    Args:
        company_id (str):
        idempotency_key (str | Unset):
        body (GroupCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GroupResponse]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GroupCreate,
    idempotency_key: str | Unset = UNSET,
) -> Error | GroupResponse | None:
    """Create a group

     A new group with the session as its superadmin and the participants WhatsApp
    lets it add (one not on WhatsApp is left out; the answer lists who is in). Each
    member hears a `group_update` (`add`). Needs the `send` scope: group changes act in
    WhatsApp as the session's number, as sends do. With an `Idempotency-Key`, a
    retry with the same key and body answers the first group (`Idempotency-Replayed:
    true`) and creates none; a retry after a 504 runs the same command again, which
    WhatsApp takes as the same create.

    Args:
        company_id (str):
        idempotency_key (str | Unset):
        body (GroupCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GroupResponse
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
