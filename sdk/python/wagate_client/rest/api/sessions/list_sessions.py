from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.session_list import SessionList
from ...models.session_status import SessionStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: SessionStatus | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    params["after"] = after

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sessions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SessionList | None:
    if response.status_code == 200:
        response_200 = SessionList.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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
) -> Response[Error | SessionList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: SessionStatus | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[Error | SessionList]:
    """List sessions

     A tenant gets its own session (an empty list before its first `initialize`); an admin
    gets every session the connector knows. In company id order; `status` keeps the
    sessions in that state. Without `limit` the list is whole; with it, a page, and
    `next` names the company id to ask `after` for the next one (an operator with
    thousands of sessions pages: a whole list of 10,000 is about 2.4 MB).

    Args:
        status (SessionStatus | Unset): `stopped`: not running (never started, deleted, a pairing
            attempt that expired with
            `reason: qr_expired`, or `connector_restarted` until it is restored). `starting`:
            connecting. `qr`: waiting for a phone to scan `qr` (or type a pairing code).
            `connected`: linked and online. `reconnecting`: the connection dropped; retried with
            backoff. `logged_out`: the device was unlinked (from the phone, or by `logout`);
            credentials are wiped and a new `initialize` pairs again. `failed`: gave up
            (`connection_replaced`, `reconnect_failed`, `temporary_ban`, and on the whatsmeow
            engine `client_outdated`, `connect_rejected`); only `restart` or `initialize`
            retry, except a `temporary_ban`, which connects once by itself when it lifts
            (`until`; reason `ban_lifted`).
        after (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SessionList]
    """

    kwargs = _get_kwargs(
        status=status,
        after=after,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    status: SessionStatus | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Error | SessionList | None:
    """List sessions

     A tenant gets its own session (an empty list before its first `initialize`); an admin
    gets every session the connector knows. In company id order; `status` keeps the
    sessions in that state. Without `limit` the list is whole; with it, a page, and
    `next` names the company id to ask `after` for the next one (an operator with
    thousands of sessions pages: a whole list of 10,000 is about 2.4 MB).

    Args:
        status (SessionStatus | Unset): `stopped`: not running (never started, deleted, a pairing
            attempt that expired with
            `reason: qr_expired`, or `connector_restarted` until it is restored). `starting`:
            connecting. `qr`: waiting for a phone to scan `qr` (or type a pairing code).
            `connected`: linked and online. `reconnecting`: the connection dropped; retried with
            backoff. `logged_out`: the device was unlinked (from the phone, or by `logout`);
            credentials are wiped and a new `initialize` pairs again. `failed`: gave up
            (`connection_replaced`, `reconnect_failed`, `temporary_ban`, and on the whatsmeow
            engine `client_outdated`, `connect_rejected`); only `restart` or `initialize`
            retry, except a `temporary_ban`, which connects once by itself when it lifts
            (`until`; reason `ban_lifted`).
        after (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SessionList
    """

    return sync_detailed(
        client=client,
        status=status,
        after=after,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: SessionStatus | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[Error | SessionList]:
    """List sessions

     A tenant gets its own session (an empty list before its first `initialize`); an admin
    gets every session the connector knows. In company id order; `status` keeps the
    sessions in that state. Without `limit` the list is whole; with it, a page, and
    `next` names the company id to ask `after` for the next one (an operator with
    thousands of sessions pages: a whole list of 10,000 is about 2.4 MB).

    Args:
        status (SessionStatus | Unset): `stopped`: not running (never started, deleted, a pairing
            attempt that expired with
            `reason: qr_expired`, or `connector_restarted` until it is restored). `starting`:
            connecting. `qr`: waiting for a phone to scan `qr` (or type a pairing code).
            `connected`: linked and online. `reconnecting`: the connection dropped; retried with
            backoff. `logged_out`: the device was unlinked (from the phone, or by `logout`);
            credentials are wiped and a new `initialize` pairs again. `failed`: gave up
            (`connection_replaced`, `reconnect_failed`, `temporary_ban`, and on the whatsmeow
            engine `client_outdated`, `connect_rejected`); only `restart` or `initialize`
            retry, except a `temporary_ban`, which connects once by itself when it lifts
            (`until`; reason `ban_lifted`).
        after (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SessionList]
    """

    kwargs = _get_kwargs(
        status=status,
        after=after,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: SessionStatus | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Error | SessionList | None:
    """List sessions

     A tenant gets its own session (an empty list before its first `initialize`); an admin
    gets every session the connector knows. In company id order; `status` keeps the
    sessions in that state. Without `limit` the list is whole; with it, a page, and
    `next` names the company id to ask `after` for the next one (an operator with
    thousands of sessions pages: a whole list of 10,000 is about 2.4 MB).

    Args:
        status (SessionStatus | Unset): `stopped`: not running (never started, deleted, a pairing
            attempt that expired with
            `reason: qr_expired`, or `connector_restarted` until it is restored). `starting`:
            connecting. `qr`: waiting for a phone to scan `qr` (or type a pairing code).
            `connected`: linked and online. `reconnecting`: the connection dropped; retried with
            backoff. `logged_out`: the device was unlinked (from the phone, or by `logout`);
            credentials are wiped and a new `initialize` pairs again. `failed`: gave up
            (`connection_replaced`, `reconnect_failed`, `temporary_ban`, and on the whatsmeow
            engine `client_outdated`, `connect_rejected`); only `restart` or `initialize`
            retry, except a `temporary_ban`, which connects once by itself when it lifts
            (`until`; reason `ban_lifted`).
        after (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SessionList
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            after=after,
            limit=limit,
        )
    ).parsed
