from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.picture_upload import PictureUpload
from ...models.set_profile_picture_response_200 import SetProfilePictureResponse200
from ...types import Response


def _get_kwargs(
    company_id: str,
    *,
    body: PictureUpload,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/sessions/{company_id}/profile/picture".format(
            company_id=quote(str(company_id), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SetProfilePictureResponse200 | None:
    if response.status_code == 200:
        response_200 = SetProfilePictureResponse200.from_dict(response.json())

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
) -> Response[Error | SetProfilePictureResponse200]:
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
    body: PictureUpload,
) -> Response[Error | SetProfilePictureResponse200]:
    """Set the account's profile picture

     A JPEG (WhatsApp takes no other format for a picture) as the `file` part of a
    multipart body, held to the image cap (`WAGATE_MEDIA_MAX_IMAGE`, `413
    media_too_large` the moment it is passed). The bytes decide, not the part's type:
    not an image is `422 media_type_mismatch`, another kind of image or file `422
    media_type_not_allowed`; a JPEG whose header gives no size, or a side outside 192 to
    4096 pixels, `422 picture_invalid` (also when WhatsApp refuses the image). The
    answer gives the size read from the header. Needs the `send` scope.

    Args:
        company_id (str):
        body (PictureUpload): A profile picture: the JPEG as the `file` part, no other field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SetProfilePictureResponse200]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PictureUpload,
) -> Error | SetProfilePictureResponse200 | None:
    """Set the account's profile picture

     A JPEG (WhatsApp takes no other format for a picture) as the `file` part of a
    multipart body, held to the image cap (`WAGATE_MEDIA_MAX_IMAGE`, `413
    media_too_large` the moment it is passed). The bytes decide, not the part's type:
    not an image is `422 media_type_mismatch`, another kind of image or file `422
    media_type_not_allowed`; a JPEG whose header gives no size, or a side outside 192 to
    4096 pixels, `422 picture_invalid` (also when WhatsApp refuses the image). The
    answer gives the size read from the header. Needs the `send` scope.

    Args:
        company_id (str):
        body (PictureUpload): A profile picture: the JPEG as the `file` part, no other field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SetProfilePictureResponse200
    """

    return sync_detailed(
        company_id=company_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PictureUpload,
) -> Response[Error | SetProfilePictureResponse200]:
    """Set the account's profile picture

     A JPEG (WhatsApp takes no other format for a picture) as the `file` part of a
    multipart body, held to the image cap (`WAGATE_MEDIA_MAX_IMAGE`, `413
    media_too_large` the moment it is passed). The bytes decide, not the part's type:
    not an image is `422 media_type_mismatch`, another kind of image or file `422
    media_type_not_allowed`; a JPEG whose header gives no size, or a side outside 192 to
    4096 pixels, `422 picture_invalid` (also when WhatsApp refuses the image). The
    answer gives the size read from the header. Needs the `send` scope.

    Args:
        company_id (str):
        body (PictureUpload): A profile picture: the JPEG as the `file` part, no other field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SetProfilePictureResponse200]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PictureUpload,
) -> Error | SetProfilePictureResponse200 | None:
    """Set the account's profile picture

     A JPEG (WhatsApp takes no other format for a picture) as the `file` part of a
    multipart body, held to the image cap (`WAGATE_MEDIA_MAX_IMAGE`, `413
    media_too_large` the moment it is passed). The bytes decide, not the part's type:
    not an image is `422 media_type_mismatch`, another kind of image or file `422
    media_type_not_allowed`; a JPEG whose header gives no size, or a side outside 192 to
    4096 pixels, `422 picture_invalid` (also when WhatsApp refuses the image). The
    answer gives the size read from the header. Needs the `send` scope.

    Args:
        company_id (str):
        body (PictureUpload): A profile picture: the JPEG as the `file` part, no other field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SetProfilePictureResponse200
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            client=client,
            body=body,
        )
    ).parsed
