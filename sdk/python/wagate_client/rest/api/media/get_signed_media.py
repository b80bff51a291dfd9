from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, File, Response


def _get_kwargs(
    media_id: str,
    *,
    tenant: str,
    expires: str,
    sig: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["tenant"] = tenant

    params["expires"] = expires

    params["sig"] = sig

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/media/{media_id}".format(
            media_id=quote(str(media_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | File | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = Error.from_dict(response.json())

        return response_410

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
) -> Response[Error | File]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    media_id: str,
    *,
    client: AuthenticatedClient | Client,
    tenant: str,
    expires: str,
    sig: str,
) -> Response[Error | File]:
    """Download a received media file by a webhook's signed link

     The link a `message` webhook carries in `media.downloadUrl`: no token, valid
    until `expires` (`WAGATE_MEDIA_URL_TTL` after the delivery attempt, 24 hours by
    default) for this one file of this one tenant. The signature is an HMAC-SHA256
    under `WAGATE_MEDIA_URL_SECRET` over the tenant, the media id and the expiry.

    Args:
        media_id (str):
        tenant (str):
        expires (str):
        sig (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | File]
    """

    kwargs = _get_kwargs(
        media_id=media_id,
        tenant=tenant,
        expires=expires,
        sig=sig,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    media_id: str,
    *,
    client: AuthenticatedClient | Client,
    tenant: str,
    expires: str,
    sig: str,
) -> Error | File | None:
    """Download a received media file by a webhook's signed link

     The link a `message` webhook carries in `media.downloadUrl`: no token, valid
    until `expires` (`WAGATE_MEDIA_URL_TTL` after the delivery attempt, 24 hours by
    default) for this one file of this one tenant. The signature is an HMAC-SHA256
    under `WAGATE_MEDIA_URL_SECRET` over the tenant, the media id and the expiry.

    Args:
        media_id (str):
        tenant (str):
        expires (str):
        sig (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | File
    """

    return sync_detailed(
        media_id=media_id,
        client=client,
        tenant=tenant,
        expires=expires,
        sig=sig,
    ).parsed


async def asyncio_detailed(
    media_id: str,
    *,
    client: AuthenticatedClient | Client,
    tenant: str,
    expires: str,
    sig: str,
) -> Response[Error | File]:
    """Download a received media file by a webhook's signed link

     The link a `message` webhook carries in `media.downloadUrl`: no token, valid
    until `expires` (`WAGATE_MEDIA_URL_TTL` after the delivery attempt, 24 hours by
    default) for this one file of this one tenant. The signature is an HMAC-SHA256
    under `WAGATE_MEDIA_URL_SECRET` over the tenant, the media id and the expiry.

    Args:
        media_id (str):
        tenant (str):
        expires (str):
        sig (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | File]
    """

    kwargs = _get_kwargs(
        media_id=media_id,
        tenant=tenant,
        expires=expires,
        sig=sig,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    media_id: str,
    *,
    client: AuthenticatedClient | Client,
    tenant: str,
    expires: str,
    sig: str,
) -> Error | File | None:
    """Download a received media file by a webhook's signed link

     The link a `message` webhook carries in `media.downloadUrl`: no token, valid
    until `expires` (`WAGATE_MEDIA_URL_TTL` after the delivery attempt, 24 hours by
    default) for this one file of this one tenant. The signature is an HMAC-SHA256
    under `WAGATE_MEDIA_URL_SECRET` over the tenant, the media id and the expiry.

    Args:
        media_id (str):
        tenant (str):
        expires (str):
        sig (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | File
    """

    return (
        await asyncio_detailed(
            media_id=media_id,
            client=client,
            tenant=tenant,
            expires=expires,
            sig=sig,
        )
    ).parsed
