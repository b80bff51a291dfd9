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
        "method": "get",
        "url": "/sessions/{company_id}/health".format(
            company_id=quote(str(company_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Error | SessionFields | SessionFields | None:
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

        def _parse_response_503(data: object) -> Error | SessionFields:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_503_type_0 = SessionFields.from_dict(data)

                return response_503_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_503_type_1 = Error.from_dict(data)

            return response_503_type_1

        response_503 = _parse_response_503(response.json())

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
) -> Response[Error | Error | SessionFields | SessionFields]:
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
) -> Response[Error | Error | SessionFields | SessionFields]:
    """The session's last round trip through WhatsApp

     The result of the health monitor's last ping through the session (every
    `WAGATE_HEALTH_INTERVAL`, 30 s by default), with its age in `ageSeconds`; when there
    is none from the last two intervals (or the session connected since), a ping is made
    now (`WAGATE_HEALTH_TIMEOUT`) and `ageSeconds` is 0. 200 when that check succeeded,
    503 `session_unhealthy` when it failed or the session was not connected. Both bodies
    carry the current session snapshot plus the check; the 503 body says what failed in
    `problem` (`session is <status>`, or the engine's error).

    Because the result may be up to two intervals old, a 200 can carry a `status` other
    than `connected` when the session dropped after the last successful check.

    Args:
        company_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Error | SessionFields | SessionFields]
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
) -> Error | Error | SessionFields | SessionFields | None:
    """The session's last round trip through WhatsApp

     The result of the health monitor's last ping through the session (every
    `WAGATE_HEALTH_INTERVAL`, 30 s by default), with its age in `ageSeconds`; when there
    is none from the last two intervals (or the session connected since), a ping is made
    now (`WAGATE_HEALTH_TIMEOUT`) and `ageSeconds` is 0. 200 when that check succeeded,
    503 `session_unhealthy` when it failed or the session was not connected. Both bodies
    carry the current session snapshot plus the check; the 503 body says what failed in
    `problem` (`session is <status>`, or the engine's error).

    Because the result may be up to two intervals old, a 200 can carry a `status` other
    than `connected` when the session dropped after the last successful check.

    Args:
        company_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Error | SessionFields | SessionFields
    """

    return sync_detailed(
        company_id=company_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    company_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | Error | SessionFields | SessionFields]:
    """The session's last round trip through WhatsApp

     The result of the health monitor's last ping through the session (every
    `WAGATE_HEALTH_INTERVAL`, 30 s by default), with its age in `ageSeconds`; when there
    is none from the last two intervals (or the session connected since), a ping is made
    now (`WAGATE_HEALTH_TIMEOUT`) and `ageSeconds` is 0. 200 when that check succeeded,
    503 `session_unhealthy` when it failed or the session was not connected. Both bodies
    carry the current session snapshot plus the check; the 503 body says what failed in
    `problem` (`session is <status>`, or the engine's error).

    Because the result may be up to two intervals old, a 200 can carry a `status` other
    than `connected` when the session dropped after the last successful check.

    Args:
        company_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Error | SessionFields | SessionFields]
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
) -> Error | Error | SessionFields | SessionFields | None:
    """The session's last round trip through WhatsApp

     The result of the health monitor's last ping through the session (every
    `WAGATE_HEALTH_INTERVAL`, 30 s by default), with its age in `ageSeconds`; when there
    is none from the last two intervals (or the session connected since), a ping is made
    now (`WAGATE_HEALTH_TIMEOUT`) and `ageSeconds` is 0. 200 when that check succeeded,
    503 `session_unhealthy` when it failed or the session was not connected. Both bodies
    carry the current session snapshot plus the check; the 503 body says what failed in
    `problem` (`session is <status>`, or the engine's error).

    Because the result may be up to two intervals old, a 200 can carry a `status` other
    than `connected` when the session dropped after the last successful check.

    Args:
        company_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Error | SessionFields | SessionFields
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            client=client,
        )
    ).parsed
