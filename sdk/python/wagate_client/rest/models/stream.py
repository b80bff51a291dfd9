from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.event_type import EventType, check_event_type
from ..models.stream_kind import StreamKind, check_stream_kind
from ..models.webhook_event_type_type_1 import (
    WebhookEventTypeType1,
    check_webhook_event_type_type_1,
)

T = TypeVar("T", bound="Stream")


@_attrs_define
class Stream:
    """
    Attributes:
        id (str):
        company_id (str):
        kind (StreamKind):
        url (str): The broker URL without its credentials.
        target (str):
        exchange (str):
        event_types (list[EventType | WebhookEventTypeType1] | None):
        enabled (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    company_id: str
    kind: StreamKind
    url: str
    target: str
    exchange: str
    event_types: list[EventType | WebhookEventTypeType1] | None
    enabled: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        company_id = self.company_id

        kind: str = self.kind

        url = self.url

        target = self.target

        exchange = self.exchange

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

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "companyId": company_id,
                "kind": kind,
                "url": url,
                "target": target,
                "exchange": exchange,
                "eventTypes": event_types,
                "enabled": enabled,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        company_id = d.pop("companyId")

        kind = check_stream_kind(d.pop("kind"))

        url = d.pop("url")

        target = d.pop("target")

        exchange = d.pop("exchange")

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

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        stream = cls(
            id=id,
            company_id=company_id,
            kind=kind,
            url=url,
            target=target,
            exchange=exchange,
            event_types=event_types,
            enabled=enabled,
            created_at=created_at,
            updated_at=updated_at,
        )

        return stream
