import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delivery_status import DeliveryStatus
from ...models.error import Error
from ...models.event_type import EventType
from ...models.list_webhook_deliveries_response_200 import ListWebhookDeliveriesResponse200
from ...models.webhook_event_type_type_1 import (
    WebhookEventTypeType1,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    endpoint_id: str,
    *,
    company_id: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    before: int | Unset = UNSET,
    limit: int | Unset = 50,
    status: DeliveryStatus | Unset = UNSET,
    event_type: EventType | Unset | WebhookEventTypeType1 = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["companyId"] = company_id

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    json_until: str | Unset = UNSET
    if not isinstance(until, Unset):
        json_until = until.isoformat()
    params["until"] = json_until

    params["before"] = before

    params["limit"] = limit

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    json_event_type: str | Unset
    if isinstance(event_type, Unset):
        json_event_type = UNSET
    elif isinstance(event_type, str):
        json_event_type = event_type
    else:
        json_event_type = event_type

    params["eventType"] = json_event_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/webhooks/{endpoint_id}/deliveries".format(
            endpoint_id=quote(str(endpoint_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListWebhookDeliveriesResponse200 | None:
    if response.status_code == 200:
        response_200 = ListWebhookDeliveriesResponse200.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ListWebhookDeliveriesResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    company_id: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    before: int | Unset = UNSET,
    limit: int | Unset = 50,
    status: DeliveryStatus | Unset = UNSET,
    event_type: EventType | Unset | WebhookEventTypeType1 = UNSET,
) -> Response[Error | ListWebhookDeliveriesResponse200]:
    """The endpoint's deliveries, newest first

     One delivery per event sent to this endpoint. Pages of `limit`; pass `nextBefore`
    as `before` for the next page (null on the last). Unknown query parameters are
    `422 validation_failed`.

    Args:
        endpoint_id (str):
        company_id (str | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        before (int | Unset):
        limit (int | Unset):  Default: 50.
        status (DeliveryStatus | Unset):
        event_type (EventType | Unset | WebhookEventTypeType1): The event types a webhook can
            carry: those of the WebSocket stream, plus
            `endpoint_disabled` (another endpoint of the tenant was switched off for failing)
            and `webhook_test` (sent by the test route).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListWebhookDeliveriesResponse200]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        company_id=company_id,
        since=since,
        until=until,
        before=before,
        limit=limit,
        status=status,
        event_type=event_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    company_id: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    before: int | Unset = UNSET,
    limit: int | Unset = 50,
    status: DeliveryStatus | Unset = UNSET,
    event_type: EventType | Unset | WebhookEventTypeType1 = UNSET,
) -> Error | ListWebhookDeliveriesResponse200 | None:
    """The endpoint's deliveries, newest first

     One delivery per event sent to this endpoint. Pages of `limit`; pass `nextBefore`
    as `before` for the next page (null on the last). Unknown query parameters are
    `422 validation_failed`.

    Args:
        endpoint_id (str):
        company_id (str | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        before (int | Unset):
        limit (int | Unset):  Default: 50.
        status (DeliveryStatus | Unset):
        event_type (EventType | Unset | WebhookEventTypeType1): The event types a webhook can
            carry: those of the WebSocket stream, plus
            `endpoint_disabled` (another endpoint of the tenant was switched off for failing)
            and `webhook_test` (sent by the test route).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListWebhookDeliveriesResponse200
    """

    return sync_detailed(
        endpoint_id=endpoint_id,
        client=client,
        company_id=company_id,
        since=since,
        until=until,
        before=before,
        limit=limit,
        status=status,
        event_type=event_type,
    ).parsed


async def asyncio_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    company_id: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    before: int | Unset = UNSET,
    limit: int | Unset = 50,
    status: DeliveryStatus | Unset = UNSET,
    event_type: EventType | Unset | WebhookEventTypeType1 = UNSET,
) -> Response[Error | ListWebhookDeliveriesResponse200]:
    """The endpoint's deliveries, newest first

     One delivery per event sent to this endpoint. Pages of `limit`; pass `nextBefore`
    as `before` for the next page (null on the last). Unknown query parameters are
    `422 validation_failed`.

    Args:
        endpoint_id (str):
        company_id (str | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        before (int | Unset):
        limit (int | Unset):  Default: 50.
        status (DeliveryStatus | Unset):
        event_type (EventType | Unset | WebhookEventTypeType1): The event types a webhook can
            carry: those of the WebSocket stream, plus
            `endpoint_disabled` (another endpoint of the tenant was switched off for failing)
            and `webhook_test` (sent by the test route).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListWebhookDeliveriesResponse200]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        company_id=company_id,
        since=since,
        until=until,
        before=before,
        limit=limit,
        status=status,
        event_type=event_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    company_id: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    before: int | Unset = UNSET,
    limit: int | Unset = 50,
    status: DeliveryStatus | Unset = UNSET,
    event_type: EventType | Unset | WebhookEventTypeType1 = UNSET,
) -> Error | ListWebhookDeliveriesResponse200 | None:
    """The endpoint's deliveries, newest first

     One delivery per event sent to this endpoint. Pages of `limit`; pass `nextBefore`
    as `before` for the next page (null on the last). Unknown query parameters are
    `422 validation_failed`.

    Args:
        endpoint_id (str):
        company_id (str | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        before (int | Unset):
        limit (int | Unset):  Default: 50.
        status (DeliveryStatus | Unset):
        event_type (EventType | Unset | WebhookEventTypeType1): The event types a webhook can
            carry: those of the WebSocket stream, plus
            `endpoint_disabled` (another endpoint of the tenant was switched off for failing)
            and `webhook_test` (sent by the test route).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListWebhookDeliveriesResponse200
    """

    return (
        await asyncio_detailed(
            endpoint_id=endpoint_id,
            client=client,
            company_id=company_id,
            since=since,
            until=until,
            before=before,
            limit=limit,
            status=status,
            event_type=event_type,
        )
    ).parsed
