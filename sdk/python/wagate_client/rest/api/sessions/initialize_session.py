from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.session_fields import SessionFields
from ...types import Response


def _get_kwargs(
    company_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sessions/{company_id}/initialize".format(
            company_id=quote(str(company_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SessionFields | None:
    if response.status_code == 200:
        response_200 = SessionFields.from_dict(response.json())

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
) -> Response[Error | SessionFields]:
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
) -> Response[Error | SessionFields]:
    """Start the company's session (idempotent)

     Starts the session unless it is already running (`starting`, `qr`, `connected`,
    `reconnecting`): a second call never opens a second socket, it returns the current
    state. A `stopped`, `logged_out` or `failed` session is started again. The call waits
    (up to `WAGATE_INITIALIZE_WAIT`, 10 s by default) until the session leaves `starting`.

    While a scan is needed (`status: qr`) the body adds `qrDataUrl` (a PNG data URL) and
    `qrTerminal` (the code in block characters); these two fields are present in state
    `qr` only. `message` is always present: the scan hint in state `qr`,
    `Session already connected` when connected, otherwise
    `Session is <status> (<reason>); poll the status route`. No request body is read.

    Args:
        company_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SessionFields]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | SessionFields | None:
    """Start the company's session (idempotent)

     Starts the session unless it is already running (`starting`, `qr`, `connected`,
    `reconnecting`): a second call never opens a second socket, it returns the current
    state. A `stopped`, `logged_out` or `failed` session is started again. The call waits
    (up to `WAGATE_INITIALIZE_WAIT`, 10 s by default) until the session leaves `starting`.

    While a scan is needed (`status: qr`) the body adds `qrDataUrl` (a PNG data URL) and
    `qrTerminal` (the code in block characters); these two fields are present in state
    `qr` only. `message` is always present: the scan hint in state `qr`,
    `Session already connected` when connected, otherwise
    `Session is <status> (<reason>); poll the status route`. No request body is read.

    Args:
        company_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SessionFields
    """

    return sync_detailed(
        company_id=company_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | SessionFields]:
    """Start the company's session (idempotent)

     Starts the session unless it is already running (`starting`, `qr`, `connected`,
    `reconnecting`): a second call never opens a second socket, it returns the current
    state. A `stopped`, `logged_out` or `failed` session is started again. The call waits
    (up to `WAGATE_INITIALIZE_WAIT`, 10 s by default) until the session leaves `starting`.

    While a scan is needed (`status: qr`) the body adds `qrDataUrl` (a PNG data URL) and
    `qrTerminal` (the code in block characters); these two fields are present in state
    `qr` only. `message` is always present: the scan hint in state `qr`,
    `Session already connected` when connected, otherwise
    `Session is <status> (<reason>); poll the status route`. No request body is read.

    Args:
        company_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SessionFields]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | SessionFields | None:
    """Start the company's session (idempotent)

     Starts the session unless it is already running (`starting`, `qr`, `connected`,
    `reconnecting`): a second call never opens a second socket, it returns the current
    state. A `stopped`, `logged_out` or `failed` session is started again. The call waits
    (up to `WAGATE_INITIALIZE_WAIT`, 10 s by default) until the session leaves `starting`.

    While a scan is needed (`status: qr`) the body adds `qrDataUrl` (a PNG data URL) and
    `qrTerminal` (the code in block characters); these two fields are present in state
    `qr` only. `message` is always present: the scan hint in state `qr`,
    `Session already connected` when connected, otherwise
    `Session is <status> (<reason>); poll the status route`. No request body is read.

    Args:
        company_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SessionFields
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            client=client,
        )
    ).parsed
