from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.message_store import MessageStore, check_message_store
from ..models.tenant_engine_type_1 import TenantEngineType1, check_tenant_engine_type_1
from ..models.tenant_engine_type_2_type_1 import (
    TenantEngineType2Type1,
    check_tenant_engine_type_2_type_1,
)
from ..models.tenant_engine_type_3_type_1 import (
    TenantEngineType3Type1,
    check_tenant_engine_type_3_type_1,
)

T = TypeVar("T", bound="Tenant")


@_attrs_define
class Tenant:
    """
    Attributes:
        company_id (str):
        name (None | str):
        disabled (bool):
        disabled_at (datetime.datetime | None): A `UtcTimestamp`, or null.
        send_rate_per_minute (int | None): The tenant's own send limit; null for `WAGATE_SEND_RATE_PER_MINUTE`.
        engine (None | TenantEngineType1 | TenantEngineType2Type1 | TenantEngineType3Type1): The tenant's own engine;
            null for `WAGATE_ENGINE`.
        presence_events (bool): The tenant gets `presence` events.
        message_store (MessageStore): What the message store keeps of the tenant's messages: nothing (`off`), who, when,
            what kind and status without bodies (`metadata`), or bodies too (`full`).
        message_retention_days (int): Days stored messages are kept; then the retention sweep deletes them.
        mark_online (bool): The session marks the business available at WhatsApp on connect.
        history_sync (str): How much history a phone sends when it links: `all` (what it has), `none`, or
            the last N days (`30d`). WhatsApp takes it only at pairing (in the pairing
            payload), so a change applies from the next pairing on.
        proxy (None | str): The tenant's outbound proxy (`PUT /tenants/{companyId}/proxy`) with its password
            replaced by `***`; null when the session connects directly.
        created_at (datetime.datetime): UTC ISO 8601 date-time with milliseconds, ending in `Z`.
    """

    company_id: str
    name: None | str
    disabled: bool
    disabled_at: datetime.datetime | None
    send_rate_per_minute: int | None
    engine: None | TenantEngineType1 | TenantEngineType2Type1 | TenantEngineType3Type1
    presence_events: bool
    message_store: MessageStore
    message_retention_days: int
    mark_online: bool
    history_sync: str
    proxy: None | str
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        company_id = self.company_id

        name: None | str
        name = self.name

        disabled = self.disabled

        disabled_at: None | str
        if isinstance(self.disabled_at, datetime.datetime):
            disabled_at = self.disabled_at.isoformat()
        else:
            disabled_at = self.disabled_at

        send_rate_per_minute: int | None
        send_rate_per_minute = self.send_rate_per_minute

        engine: None | str
        if isinstance(self.engine, str):
            engine = self.engine
        elif isinstance(self.engine, str):
            engine = self.engine
        elif isinstance(self.engine, str):
            engine = self.engine
        else:
            engine = self.engine

        presence_events = self.presence_events

        message_store: str = self.message_store

        message_retention_days = self.message_retention_days

        mark_online = self.mark_online

        history_sync = self.history_sync

        proxy: None | str
        proxy = self.proxy

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "companyId": company_id,
                "name": name,
                "disabled": disabled,
                "disabledAt": disabled_at,
                "sendRatePerMinute": send_rate_per_minute,
                "engine": engine,
                "presenceEvents": presence_events,
                "messageStore": message_store,
                "messageRetentionDays": message_retention_days,
                "markOnline": mark_online,
                "historySync": history_sync,
                "proxy": proxy,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        company_id = d.pop("companyId")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        disabled = d.pop("disabled")

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

        def _parse_send_rate_per_minute(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        send_rate_per_minute = _parse_send_rate_per_minute(d.pop("sendRatePerMinute"))

        def _parse_engine(
            data: object,
        ) -> None | TenantEngineType1 | TenantEngineType2Type1 | TenantEngineType3Type1:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                engine_type_1 = check_tenant_engine_type_1(data)

                return engine_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                engine_type_2_type_1 = check_tenant_engine_type_2_type_1(data)

                return engine_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                engine_type_3_type_1 = check_tenant_engine_type_3_type_1(data)

                return engine_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None | TenantEngineType1 | TenantEngineType2Type1 | TenantEngineType3Type1, data
            )

        engine = _parse_engine(d.pop("engine"))

        presence_events = d.pop("presenceEvents")

        message_store = check_message_store(d.pop("messageStore"))

        message_retention_days = d.pop("messageRetentionDays")

        mark_online = d.pop("markOnline")

        history_sync = d.pop("historySync")

        def _parse_proxy(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        proxy = _parse_proxy(d.pop("proxy"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        tenant = cls(
            company_id=company_id,
            name=name,
            disabled=disabled,
            disabled_at=disabled_at,
            send_rate_per_minute=send_rate_per_minute,
            engine=engine,
            presence_events=presence_events,
            message_store=message_store,
            message_retention_days=message_retention_days,
            mark_online=mark_online,
            history_sync=history_sync,
            proxy=proxy,
            created_at=created_at,
        )

        return tenant
