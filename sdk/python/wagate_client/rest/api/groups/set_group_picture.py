from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.group_picture_response import GroupPictureResponse
from ...models.group_picture_upload import GroupPictureUpload
from ...types import Response


def _get_kwargs(
    company_id: str,
    group_id: str,
    *,
    body: GroupPictureUpload,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/sessions/{company_id}/groups/{group_id}/picture".format(
            company_id=quote(str(company_id), safe=""),
            group_id=quote(str(group_id), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | GroupPictureResponse | None:
    if response.status_code == 200:
        response_200 = GroupPictureResponse.from_dict(response.json())

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
) -> Response[Error | GroupPictureResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    company_id: str,
    group_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GroupPictureUpload,
) -> Response[Error | GroupPictureResponse]:
    """Set the group's picture

     A `multipart/form-data` body with one `file` part: a JPEG, PNG or WebP image of at
    most 5 MiB. It is decoded (a file that is not such an image is
    `422 invalid_image`), cropped to its centre square and sent to WhatsApp as the
    JPEG it takes (640x640 at most). Members may set it unless the group is `locked`
    (`403 not_group_admin` then); every member hears a `group_update` (`picture`, with
    its new `pictureId`). Needs the `send` scope; counts as a group change.

    Args:
        company_id (str):
        group_id (str):
        body (GroupPictureUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GroupPictureResponse]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        group_id=group_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company_id: str,
    group_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GroupPictureUpload,
) -> Error | GroupPictureResponse | None:
    """Set the group's picture

     A `multipart/form-data` body with one `file` part: a JPEG, PNG or WebP image of at
    most 5 MiB. It is decoded (a file that is not such an image is
    `422 invalid_image`), cropped to its centre square and sent to WhatsApp as the
    JPEG it takes (640x640 at most). Members may set it unless the group is `locked`
    (`403 not_group_admin` then); every member hears a `group_update` (`picture`, with
    its new `pictureId`). Needs the `send` scope; counts as a group change.

    Args:
        company_id (str):
        group_id (str):
        body (GroupPictureUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GroupPictureResponse
    """

    return sync_detailed(
        company_id=company_id,
        group_id=group_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    group_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GroupPictureUpload,
) -> Response[Error | GroupPictureResponse]:
    """Set the group's picture

     A `multipart/form-data` body with one `file` part: a JPEG, PNG or WebP image of at
    most 5 MiB. It is decoded (a file that is not such an image is
    `422 invalid_image`), cropped to its centre square and sent to WhatsApp as the
    JPEG it takes (640x640 at most). Members may set it unless the group is `locked`
    (`403 not_group_admin` then); every member hears a `group_update` (`picture`, with
    its new `pictureId`). Needs the `send` scope; counts as a group change.

    Args:
        company_id (str):
        group_id (str):
        body (GroupPictureUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GroupPictureResponse]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        group_id=group_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    group_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GroupPictureUpload,
) -> Error | GroupPictureResponse | None:
    """Set the group's picture

     A `multipart/form-data` body with one `file` part: a JPEG, PNG or WebP image of at
    most 5 MiB. It is decoded (a file that is not such an image is
    `422 invalid_image`), cropped to its centre square and sent to WhatsApp as the
    JPEG it takes (640x640 at most). Members may set it unless the group is `locked`
    (`403 not_group_admin` then); every member hears a `group_update` (`picture`, with
    its new `pictureId`). Needs the `send` scope; counts as a group change.

    Args:
        company_id (str):
        group_id (str):
        body (GroupPictureUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GroupPictureResponse
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            group_id=group_id,
            client=client,
            body=body,
        )
    ).parsed
