from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_channel_posts_response_200 import ListChannelPostsResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company_id: str,
    channel_id: str,
    *,
    count: int | Unset = 20,
    before: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["count"] = count

    params["before"] = before

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sessions/{company_id}/channels/{channel_id}/posts".format(
            company_id=quote(str(company_id), safe=""),
            channel_id=quote(str(channel_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListChannelPostsResponse200 | None:
    if response.status_code == 200:
        response_200 = ListChannelPostsResponse200.from_dict(response.json())

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
) -> Response[Error | ListChannelPostsResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    company_id: str,
    channel_id: str,
    *,
    client: AuthenticatedClient | Client,
    count: int | Unset = 20,
    before: int | Unset = UNSET,
) -> Response[Error | ListChannelPostsResponse200]:
    """A channel's posts, newest first

     Up to `count` posts (whatsmeow's `GetNewsletterMessages`), before the post
    `before` names when given; `nextBefore` is what to pass for the page after (null
    when this one was not full). Each post's `type` and `text` are read as an incoming
    message's (`text` a photo's or video's caption). Needs the `read` scope.

    Args:
        company_id (str):
        channel_id (str):
        count (int | Unset):  Default: 20.
        before (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListChannelPostsResponse200]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        channel_id=channel_id,
        count=count,
        before=before,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company_id: str,
    channel_id: str,
    *,
    client: AuthenticatedClient | Client,
    count: int | Unset = 20,
    before: int | Unset = UNSET,
) -> Error | ListChannelPostsResponse200 | None:
    """A channel's posts, newest first

     Up to `count` posts (whatsmeow's `GetNewsletterMessages`), before the post
    `before` names when given; `nextBefore` is what to pass for the page after (null
    when this one was not full). Each post's `type` and `text` are read as an incoming
    message's (`text` a photo's or video's caption). Needs the `read` scope.

    Args:
        company_id (str):
        channel_id (str):
        count (int | Unset):  Default: 20.
        before (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListChannelPostsResponse200
    """

    return sync_detailed(
        company_id=company_id,
        channel_id=channel_id,
        client=client,
        count=count,
        before=before,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    channel_id: str,
    *,
    client: AuthenticatedClient | Client,
    count: int | Unset = 20,
    before: int | Unset = UNSET,
) -> Response[Error | ListChannelPostsResponse200]:
    """A channel's posts, newest first

     Up to `count` posts (whatsmeow's `GetNewsletterMessages`), before the post
    `before` names when given; `nextBefore` is what to pass for the page after (null
    when this one was not full). Each post's `type` and `text` are read as an incoming
    message's (`text` a photo's or video's caption). Needs the `read` scope.

    Args:
        company_id (str):
        channel_id (str):
        count (int | Unset):  Default: 20.
        before (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListChannelPostsResponse200]
    """

    kwargs = _get_kwargs(
        company_id=company_id,
        channel_id=channel_id,
        count=count,
        before=before,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company_id: str,
    channel_id: str,
    *,
    client: AuthenticatedClient | Client,
    count: int | Unset = 20,
    before: int | Unset = UNSET,
) -> Error | ListChannelPostsResponse200 | None:
    """A channel's posts, newest first

     Up to `count` posts (whatsmeow's `GetNewsletterMessages`), before the post
    `before` names when given; `nextBefore` is what to pass for the page after (null
    when this one was not full). Each post's `type` and `text` are read as an incoming
    message's (`text` a photo's or video's caption). Needs the `read` scope.

    Args:
        company_id (str):
        channel_id (str):
        count (int | Unset):  Default: 20.
        before (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListChannelPostsResponse200
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            channel_id=channel_id,
            client=client,
            count=count,
            before=before,
        )
    ).parsed
