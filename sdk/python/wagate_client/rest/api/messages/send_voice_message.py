from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.media_send_response import MediaSendResponse
from ...models.view_once_message import ViewOnceMessage
from ...models.view_once_upload import ViewOnceUpload
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company_id: str,
    *,
    body: ViewOnceMessage | ViewOnceUpload | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sessions/{company_id}/messages/voice".format(
            company_id=quote(str(company_id), safe=""),
        ),
    }

    if isinstance(body, ViewOnceMessage):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, ViewOnceUpload):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | MediaSendResponse | None:
    if response.status_code == 200:
        response_200 = MediaSendResponse.from_dict(response.json())

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
) -> Response[Error | MediaSendResponse]:
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
    body: ViewOnceMessage | ViewOnceUpload | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | MediaSendResponse]:
    """Send a voice note

     Sends a voice note (push-to-talk): OGG/Opus; other audio is converted with ffmpeg when the connector
    has it (`converted: true`), else `422 voice_conversion_unavailable`.

    The bytes come one of three ways: a `multipart/form-data` upload (the `file` part, streamed to the
    blob store and refused with `413 media_too_large`
    as soon as it passes the kind's cap, never read whole), or JSON with `data` (base64,
    within `WAGATE_MEDIA_JSON_MAX_BYTES`) or `url` (a public `http(s)` URL the connector
    fetches through the SSRF guard, within `WAGATE_MEDIA_FETCH_TIMEOUT`, at most 3
    redirects, each to an allowed address). The bytes are sniffed: a declared
    `mimetype` (or the upload part's `Content-Type`) they do not match is
    `422 media_type_mismatch`; a type the kind does not take, `422 media_type_not_allowed`.
    Everything else (waiting for the session, `quotedMessageId`, `Idempotency-Key`,
    whose body hash covers the file's sha256, and the rate limit) is as for
    `POST /messages/text`. The answer adds what went out: `kind`, `mimetype`,
    `sizeBytes`, `sha256` and `converted`.

    Args:
        company_id (str):
        idempotency_key (str | Unset):
        body (ViewOnceMessage): A JSON voice note send, with exactly one of `url` and `data`.
        body (ViewOnceUpload): A multipart voice note send: the text fields, and the file as its
            `file` part.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MediaSendResponse]
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
    body: ViewOnceMessage | ViewOnceUpload | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Error | MediaSendResponse | None:
    """Send a voice note

     Sends a voice note (push-to-talk): OGG/Opus; other audio is converted with ffmpeg when the connector
    has it (`converted: true`), else `422 voice_conversion_unavailable`.

    The bytes come one of three ways: a `multipart/form-data` upload (the `file` part, streamed to the
    blob store and refused with `413 media_too_large`
    as soon as it passes the kind's cap, never read whole), or JSON with `data` (base64,
    within `WAGATE_MEDIA_JSON_MAX_BYTES`) or `url` (a public `http(s)` URL the connector
    fetches through the SSRF guard, within `WAGATE_MEDIA_FETCH_TIMEOUT`, at most 3
    redirects, each to an allowed address). The bytes are sniffed: a declared
    `mimetype` (or the upload part's `Content-Type`) they do not match is
    `422 media_type_mismatch`; a type the kind does not take, `422 media_type_not_allowed`.
    Everything else (waiting for the session, `quotedMessageId`, `Idempotency-Key`,
    whose body hash covers the file's sha256, and the rate limit) is as for
    `POST /messages/text`. The answer adds what went out: `kind`, `mimetype`,
    `sizeBytes`, `sha256` and `converted`.

    Args:
        company_id (str):
        idempotency_key (str | Unset):
        body (ViewOnceMessage): A JSON voice note send, with exactly one of `url` and `data`.
        body (ViewOnceUpload): A multipart voice note send: the text fields, and the file as its
            `file` part.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MediaSendResponse
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
    body: ViewOnceMessage | ViewOnceUpload | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | MediaSendResponse]:
    """Send a voice note

     Sends a voice note (push-to-talk): OGG/Opus; other audio is converted with ffmpeg when the connector
    has it (`converted: true`), else `422 voice_conversion_unavailable`.

    The bytes come one of three ways: a `multipart/form-data` upload (the `file` part, streamed to the
    blob store and refused with `413 media_too_large`
    as soon as it passes the kind's cap, never read whole), or JSON with `data` (base64,
    within `WAGATE_MEDIA_JSON_MAX_BYTES`) or `url` (a public `http(s)` URL the connector
    fetches through the SSRF guard, within `WAGATE_MEDIA_FETCH_TIMEOUT`, at most 3
    redirects, each to an allowed address). The bytes are sniffed: a declared
    `mimetype` (or the upload part's `Content-Type`) they do not match is
    `422 media_type_mismatch`; a type the kind does not take, `422 media_type_not_allowed`.
    Everything else (waiting for the session, `quotedMessageId`, `Idempotency-Key`,
    whose body hash covers the file's sha256, and the rate limit) is as for
    `POST /messages/text`. The answer adds what went out: `kind`, `mimetype`,
    `sizeBytes`, `sha256` and `converted`.

    Args:
        company_id (str):
        idempotency_key (str | Unset):
        body (ViewOnceMessage): A JSON voice note send, with exactly one of `url` and `data`.
        body (ViewOnceUpload): A multipart voice note send: the text fields, and the file as its
            `file` part.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MediaSendResponse]
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
    body: ViewOnceMessage | ViewOnceUpload | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Error | MediaSendResponse | None:
    """Send a voice note

     Sends a voice note (push-to-talk): OGG/Opus; other audio is converted with ffmpeg when the connector
    has it (`converted: true`), else `422 voice_conversion_unavailable`.

    The bytes come one of three ways: a `multipart/form-data` upload (the `file` part, streamed to the
    blob store and refused with `413 media_too_large`
    as soon as it passes the kind's cap, never read whole), or JSON with `data` (base64,
    within `WAGATE_MEDIA_JSON_MAX_BYTES`) or `url` (a public `http(s)` URL the connector
    fetches through the SSRF guard, within `WAGATE_MEDIA_FETCH_TIMEOUT`, at most 3
    redirects, each to an allowed address). The bytes are sniffed: a declared
    `mimetype` (or the upload part's `Content-Type`) they do not match is
    `422 media_type_mismatch`; a type the kind does not take, `422 media_type_not_allowed`.
    Everything else (waiting for the session, `quotedMessageId`, `Idempotency-Key`,
    whose body hash covers the file's sha256, and the rate limit) is as for
    `POST /messages/text`. The answer adds what went out: `kind`, `mimetype`,
    `sizeBytes`, `sha256` and `converted`.

    Args:
        company_id (str):
        idempotency_key (str | Unset):
        body (ViewOnceMessage): A JSON voice note send, with exactly one of `url` and `data`.
        body (ViewOnceUpload): A multipart voice note send: the text fields, and the file as its
            `file` part.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MediaSendResponse
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
