from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.tenant_create_engine_type_1 import (
    TenantCreateEngineType1,
    check_tenant_create_engine_type_1,
)
from ..models.tenant_create_engine_type_2_type_1 import (
    TenantCreateEngineType2Type1,
    check_tenant_create_engine_type_2_type_1,
)
from ..models.tenant_create_engine_type_3_type_1 import (
    TenantCreateEngineType3Type1,
    check_tenant_create_engine_type_3_type_1,
)
from ..models.tenant_create_message_store import (
    TenantCreateMessageStore,
    check_tenant_create_message_store,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="TenantCreate")


@_attrs_define
class TenantCreate:
    """
    Attributes:
        company_id (str):
        name (None | str | Unset):
        send_rate_per_minute (int | None | Unset): Sends a minute for this tenant; null or absent for the default.
        engine (None | TenantCreateEngineType1 | TenantCreateEngineType2Type1 | TenantCreateEngineType3Type1 | Unset):
            The tenant's WhatsApp engine; null or absent for `WAGATE_ENGINE`.
        presence_events (bool | Unset): Send `presence` events (chatty; off when absent). Default: False.
        message_store (TenantCreateMessageStore | Unset): What the message store keeps (docs/conversations.md). Default:
            'metadata'.
        message_retention_days (int | Unset): Days stored messages are kept. Default: 30.
        mark_online (bool | Unset): Mark the business available (online) at WhatsApp each time its session
            connects (on when absent); false leaves it looking offline.
             Default: True.
        history_sync (str | Unset): How much history a linking phone sends (see HistorySync). Default: 'all'.
    """

    company_id: str
    name: None | str | Unset = UNSET
    send_rate_per_minute: int | None | Unset = UNSET
    engine: (
        None
        | TenantCreateEngineType1
        | TenantCreateEngineType2Type1
        | TenantCreateEngineType3Type1
        | Unset
    ) = UNSET
    presence_events: bool | Unset = False
    message_store: TenantCreateMessageStore | Unset = "metadata"
    message_retention_days: int | Unset = 30
    mark_online: bool | Unset = True
    history_sync: str | Unset = "all"

    def to_dict(self) -> dict[str, Any]:
        company_id = self.company_id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        send_rate_per_minute: int | None | Unset
        if isinstance(self.send_rate_per_minute, Unset):
            send_rate_per_minute = UNSET
        else:
            send_rate_per_minute = self.send_rate_per_minute

        engine: None | str | Unset
        if isinstance(self.engine, Unset):
            engine = UNSET
        elif isinstance(self.engine, str):
            engine = self.engine
        elif isinstance(self.engine, str):
            engine = self.engine
        elif isinstance(self.engine, str):
            engine = self.engine
        else:
            engine = self.engine

        presence_events = self.presence_events

        message_store: str | Unset = UNSET
        if not isinstance(self.message_store, Unset):
            message_store = self.message_store

        message_retention_days = self.message_retention_days

        mark_online = self.mark_online

        history_sync = self.history_sync

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "companyId": company_id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if send_rate_per_minute is not UNSET:
            field_dict["sendRatePerMinute"] = send_rate_per_minute
        if engine is not UNSET:
            field_dict["engine"] = engine
        if presence_events is not UNSET:
            field_dict["presenceEvents"] = presence_events
        if message_store is not UNSET:
            field_dict["messageStore"] = message_store
        if message_retention_days is not UNSET:
            field_dict["messageRetentionDays"] = message_retention_days
        if mark_online is not UNSET:
            field_dict["markOnline"] = mark_online
        if history_sync is not UNSET:
            field_dict["historySync"] = history_sync

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        company_id = d.pop("companyId")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_send_rate_per_minute(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        send_rate_per_minute = _parse_send_rate_per_minute(d.pop("sendRatePerMinute", UNSET))

        def _parse_engine(
            data: object,
        ) -> (
            None
            | TenantCreateEngineType1
            | TenantCreateEngineType2Type1
            | TenantCreateEngineType3Type1
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                engine_type_1 = check_tenant_create_engine_type_1(data)

                return engine_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                engine_type_2_type_1 = check_tenant_create_engine_type_2_type_1(data)

                return engine_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                engine_type_3_type_1 = check_tenant_create_engine_type_3_type_1(data)

                return engine_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | TenantCreateEngineType1
                | TenantCreateEngineType2Type1
                | TenantCreateEngineType3Type1
                | Unset,
                data,
            )

        engine = _parse_engine(d.pop("engine", UNSET))

        presence_events = d.pop("presenceEvents", UNSET)

        _message_store = d.pop("messageStore", UNSET)
        message_store: TenantCreateMessageStore | Unset
        if isinstance(_message_store, Unset):
            message_store = UNSET
        else:
            message_store = check_tenant_create_message_store(_message_store)

        message_retention_days = d.pop("messageRetentionDays", UNSET)

        mark_online = d.pop("markOnline", UNSET)

        history_sync = d.pop("historySync", UNSET)

        tenant_create = cls(
            company_id=company_id,
            name=name,
            send_rate_per_minute=send_rate_per_minute,
            engine=engine,
            presence_events=presence_events,
            message_store=message_store,
            message_retention_days=message_retention_days,
            mark_online=mark_online,
            history_sync=history_sync,
        )

        return tenant_create
