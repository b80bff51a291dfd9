from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.event_type import EventType, check_event_type
from ..models.webhook_event_type_type_1 import (
    WebhookEventTypeType1,
    check_webhook_event_type_type_1,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_headers_type_0 import WebhookHeadersType0


T = TypeVar("T", bound="EndpointCreate")


@_attrs_define
class EndpointCreate:
    """
    Attributes:
        url (str):
        event_types (list[EventType | WebhookEventTypeType1] | None | Unset): Only these types; absent, null or empty
            for every type.
        enabled (bool | Unset):  Default: True.
        headers (None | Unset | WebhookHeadersType0): Extra headers sent with every delivery: at most 20, names are HTTP
            tokens of up to
            64 characters, values up to 1024 visible ASCII characters. Headers wagate sets
            (`Content-Type`, `webhook-*`, `Host`, …) cannot be overridden.
        description (str | Unset):  Default: ''.
        company_id (None | str | Unset): Admins name the tenant here; a tenant may leave it out.
    """

    url: str
    event_types: list[EventType | WebhookEventTypeType1] | None | Unset = UNSET
    enabled: bool | Unset = True
    headers: None | Unset | WebhookHeadersType0 = UNSET
    description: str | Unset = ""
    company_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_headers_type_0 import WebhookHeadersType0  # noqa: PLC0415

        url = self.url

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

        enabled = self.enabled

        headers: dict[str, Any] | None | Unset
        if isinstance(self.headers, Unset):
            headers = UNSET
        elif isinstance(self.headers, WebhookHeadersType0):
            headers = self.headers.to_dict()
        else:
            headers = self.headers

        description = self.description

        company_id: None | str | Unset
        if isinstance(self.company_id, Unset):
            company_id = UNSET
        else:
            company_id = self.company_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )
        if event_types is not UNSET:
            field_dict["eventTypes"] = event_types
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if headers is not UNSET:
            field_dict["headers"] = headers
        if description is not UNSET:
            field_dict["description"] = description
        if company_id is not UNSET:
            field_dict["companyId"] = company_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_headers_type_0 import WebhookHeadersType0  # noqa: PLC0415

        d = dict(src_dict)
        url = d.pop("url")

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

        enabled = d.pop("enabled", UNSET)

        def _parse_headers(data: object) -> None | Unset | WebhookHeadersType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_webhook_headers_type_0 = WebhookHeadersType0.from_dict(data)

                return componentsschemas_webhook_headers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WebhookHeadersType0, data)

        headers = _parse_headers(d.pop("headers", UNSET))

        description = d.pop("description", UNSET)

        def _parse_company_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_id = _parse_company_id(d.pop("companyId", UNSET))

        endpoint_create = cls(
            url=url,
            event_types=event_types,
            enabled=enabled,
            headers=headers,
            description=description,
            company_id=company_id,
        )

        return endpoint_create
