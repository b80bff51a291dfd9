from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.event_type import EventType, check_event_type
from ..models.stream_create_kind import StreamCreateKind, check_stream_create_kind
from ..models.webhook_event_type_type_1 import (
    WebhookEventTypeType1,
    check_webhook_event_type_type_1,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="StreamCreate")


@_attrs_define
class StreamCreate:
    """
    Attributes:
        kind (StreamCreateKind):
        url (str): nats:// or tls:// (NATS), amqp:// or amqps:// (AMQP), with credentials.
        target (str): The subject (routing-key) prefix, or without an exchange the queue.
        exchange (str | Unset): AMQP only; a durable topic exchange, declared if missing. Default: ''.
        event_types (list[EventType | WebhookEventTypeType1] | None | Unset): Only these types; absent, null or empty
            for every type.
        company_id (None | str | Unset): Admins name the tenant here; a tenant may leave it out.
    """

    kind: StreamCreateKind
    url: str
    target: str
    exchange: str | Unset = ""
    event_types: list[EventType | WebhookEventTypeType1] | None | Unset = UNSET
    company_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind: str = self.kind

        url = self.url

        target = self.target

        exchange = self.exchange

        event_types: list[str] | None | Unset
        if isinstance(self.event_types, Unset):
            event_types = UNSET
        elif isinstance(self.event_types, list):
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

        company_id: None | str | Unset
        if isinstance(self.company_id, Unset):
            company_id = UNSET
        else:
            company_id = self.company_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "url": url,
                "target": target,
            }
        )
        if exchange is not UNSET:
            field_dict["exchange"] = exchange
        if event_types is not UNSET:
            field_dict["eventTypes"] = event_types
        if company_id is not UNSET:
            field_dict["companyId"] = company_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = check_stream_create_kind(d.pop("kind"))

        url = d.pop("url")

        target = d.pop("target")

        exchange = d.pop("exchange", UNSET)

        def _parse_event_types(
            data: object,
        ) -> list[EventType | WebhookEventTypeType1] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
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
            return cast(list[EventType | WebhookEventTypeType1] | None | Unset, data)

        event_types = _parse_event_types(d.pop("eventTypes", UNSET))

        def _parse_company_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_id = _parse_company_id(d.pop("companyId", UNSET))

        stream_create = cls(
            kind=kind,
            url=url,
            target=target,
            exchange=exchange,
            event_types=event_types,
            company_id=company_id,
        )

        return stream_create
