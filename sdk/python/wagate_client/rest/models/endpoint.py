from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.endpoint_disabled_reason_type_1 import (
    EndpointDisabledReasonType1,
    check_endpoint_disabled_reason_type_1,
)
from ..models.event_type import EventType, check_event_type
from ..models.webhook_event_type_type_1 import (
    WebhookEventTypeType1,
    check_webhook_event_type_type_1,
)

if TYPE_CHECKING:
    from ..models.endpoint_headers import EndpointHeaders


T = TypeVar("T", bound="Endpoint")


@_attrs_define
class Endpoint:
    """
    Attributes:
        id (str):
        company_id (str):
        url (str):
        description (str):
        event_types (list[EventType | WebhookEventTypeType1] | None): null for every type.
        enabled (bool):
        disabled_reason (EndpointDisabledReasonType1 | None):
        disabled_at (datetime.datetime | None): A `UtcTimestamp`, or null.
        headers (EndpointHeaders):
        consecutive_failures (int):
        failing_since (datetime.datetime | None): A `UtcTimestamp`, or null.
        previous_secret_expires_at (datetime.datetime | None): A `UtcTimestamp`, or null.
        created_at (datetime.datetime): UTC ISO 8601 date-time with milliseconds, ending in `Z`.
        updated_at (datetime.datetime): UTC ISO 8601 date-time with milliseconds, ending in `Z`.
    """

    id: str
    company_id: str
    url: str
    description: str
    event_types: list[EventType | WebhookEventTypeType1] | None
    enabled: bool
    disabled_reason: EndpointDisabledReasonType1 | None
    disabled_at: datetime.datetime | None
    headers: EndpointHeaders
    consecutive_failures: int
    failing_since: datetime.datetime | None
    previous_secret_expires_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        company_id = self.company_id

        url = self.url

        description = self.description

        event_types: list[str] | None
        if isinstance(self.event_types, list):
            event_types = []
            for event_types_type_0_item_data in self.event_types:
                event_types_type_0_item: str
                if isinstance(event_types_type_0_item_data, str):
                    event_types_type_0_item = event_types_type_0_item_data
                else:
                    event_types_type_0_item = event_types_type_0_item_data

                event_types.append(event_types_type_0_item)

        else:
            event_types = self.event_types

        enabled = self.enabled

        disabled_reason: None | str
        if isinstance(self.disabled_reason, str):
            disabled_reason = self.disabled_reason
        else:
            disabled_reason = self.disabled_reason

        disabled_at: None | str
        if isinstance(self.disabled_at, datetime.datetime):
            disabled_at = self.disabled_at.isoformat()
        else:
            disabled_at = self.disabled_at

        headers = self.headers.to_dict()

        consecutive_failures = self.consecutive_failures

        failing_since: None | str
        if isinstance(self.failing_since, datetime.datetime):
            failing_since = self.failing_since.isoformat()
        else:
            failing_since = self.failing_since

        previous_secret_expires_at: None | str
        if isinstance(self.previous_secret_expires_at, datetime.datetime):
            previous_secret_expires_at = self.previous_secret_expires_at.isoformat()
        else:
            previous_secret_expires_at = self.previous_secret_expires_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "companyId": company_id,
                "url": url,
                "description": description,
                "eventTypes": event_types,
                "enabled": enabled,
                "disabledReason": disabled_reason,
                "disabledAt": disabled_at,
                "headers": headers,
                "consecutiveFailures": consecutive_failures,
                "failingSince": failing_since,
                "previousSecretExpiresAt": previous_secret_expires_at,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.endpoint_headers import EndpointHeaders  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        company_id = d.pop("companyId")

        url = d.pop("url")

        description = d.pop("description")

        def _parse_event_types(data: object) -> list[EventType | WebhookEventTypeType1] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                event_types_type_0 = []
                _event_types_type_0 = data
                for event_types_type_0_item_data in _event_types_type_0:

                    def _parse_event_types_type_0_item(
                        data: object,
                    ) -> EventType | WebhookEventTypeType1:
                        try:
                            if not isinstance(data, str):
                                raise TypeError()
                            componentsschemas_webhook_event_type_type_0 = check_event_type(data)

                            return componentsschemas_webhook_event_type_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        if not isinstance(data, str):
                            raise TypeError()
                        componentsschemas_webhook_event_type_type_1 = (
                            check_webhook_event_type_type_1(data)
                        )

                        return componentsschemas_webhook_event_type_type_1

                    event_types_type_0_item = _parse_event_types_type_0_item(
                        event_types_type_0_item_data
                    )

                    event_types_type_0.append(event_types_type_0_item)

                return event_types_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[EventType | WebhookEventTypeType1] | None, data)

        event_types = _parse_event_types(d.pop("eventTypes"))

        enabled = d.pop("enabled")

        def _parse_disabled_reason(data: object) -> EndpointDisabledReasonType1 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_reason_type_1 = check_endpoint_disabled_reason_type_1(data)

                return disabled_reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EndpointDisabledReasonType1 | None, data)

        disabled_reason = _parse_disabled_reason(d.pop("disabledReason"))

        def _parse_disabled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_nullable_timestamp_type_0 = datetime.datetime.fromisoformat(data)

                return componentsschemas_nullable_timestamp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        disabled_at = _parse_disabled_at(d.pop("disabledAt"))

        headers = EndpointHeaders.from_dict(d.pop("headers"))

        consecutive_failures = d.pop("consecutiveFailures")

        def _parse_failing_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_nullable_timestamp_type_0 = datetime.datetime.fromisoformat(data)

                return componentsschemas_nullable_timestamp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failing_since = _parse_failing_since(d.pop("failingSince"))

        def _parse_previous_secret_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_nullable_timestamp_type_0 = datetime.datetime.fromisoformat(data)

                return componentsschemas_nullable_timestamp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        previous_secret_expires_at = _parse_previous_secret_expires_at(
            d.pop("previousSecretExpiresAt")
        )

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        endpoint = cls(
            id=id,
            company_id=company_id,
            url=url,
            description=description,
            event_types=event_types,
            enabled=enabled,
            disabled_reason=disabled_reason,
            disabled_at=disabled_at,
            headers=headers,
            consecutive_failures=consecutive_failures,
            failing_since=failing_since,
            previous_secret_expires_at=previous_secret_expires_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        return endpoint
