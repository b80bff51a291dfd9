from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.message_store import MessageStore, check_message_store
from ..models.tenant_update_engine_type_1 import (
    TenantUpdateEngineType1,
    check_tenant_update_engine_type_1,
)
from ..models.tenant_update_engine_type_2_type_1 import (
    TenantUpdateEngineType2Type1,
    check_tenant_update_engine_type_2_type_1,
)
from ..models.tenant_update_engine_type_3_type_1 import (
    TenantUpdateEngineType3Type1,
    check_tenant_update_engine_type_3_type_1,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="TenantUpdate")


@_attrs_define
class TenantUpdate:
    """
    Attributes:
        name (None | str | Unset):
        send_rate_per_minute (int | None | Unset):
        engine (None | TenantUpdateEngineType1 | TenantUpdateEngineType2Type1 | TenantUpdateEngineType3Type1 | Unset):
            The engine for the tenant's next session; null for `WAGATE_ENGINE`. Refused
            (`409 session_exists`) while a session on another engine exists.
        disabled (bool | Unset): true refuses the tenant's tokens and keys and stops its session.
        presence_events (bool | Unset): Whether the tenant gets `presence` events (they are chatty).
        message_store (MessageStore | Unset): What the message store keeps of the tenant's messages: nothing (`off`),
            who, when,
            what kind and status without bodies (`metadata`), or bodies too (`full`).
        message_retention_days (int | Unset): Days stored messages are kept; then the retention sweep deletes them.
        mark_online (bool | Unset): Whether its session marks the business available on connect.
        history_sync (str | Unset): How much history a phone sends when it links: `all` (what it has), `none`, or
            the last N days (`30d`). WhatsApp takes it only at pairing (in the pairing
            payload), so a change applies from the next pairing on.
    """

    name: None | str | Unset = UNSET
    send_rate_per_minute: int | None | Unset = UNSET
    engine: (
        None
        | TenantUpdateEngineType1
        | TenantUpdateEngineType2Type1
        | TenantUpdateEngineType3Type1
        | Unset
    ) = UNSET
    disabled: bool | Unset = UNSET
    presence_events: bool | Unset = UNSET
    message_store: MessageStore | Unset = UNSET
    message_retention_days: int | Unset = UNSET
    mark_online: bool | Unset = UNSET
    history_sync: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        disabled = self.disabled

        presence_events = self.presence_events

        message_store: str | Unset = UNSET
        if not isinstance(self.message_store, Unset):
            message_store = self.message_store

        message_retention_days = self.message_retention_days

        mark_online = self.mark_online

        history_sync = self.history_sync

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if send_rate_per_minute is not UNSET:
            field_dict["sendRatePerMinute"] = send_rate_per_minute
        if engine is not UNSET:
            field_dict["engine"] = engine
        if disabled is not UNSET:
            field_dict["disabled"] = disabled
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
            | TenantUpdateEngineType1
            | TenantUpdateEngineType2Type1
            | TenantUpdateEngineType3Type1
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                engine_type_1 = check_tenant_update_engine_type_1(data)

                return engine_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                engine_type_2_type_1 = check_tenant_update_engine_type_2_type_1(data)

                return engine_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                engine_type_3_type_1 = check_tenant_update_engine_type_3_type_1(data)

                return engine_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | TenantUpdateEngineType1
                | TenantUpdateEngineType2Type1
                | TenantUpdateEngineType3Type1
                | Unset,
                data,
            )

        engine = _parse_engine(d.pop("engine", UNSET))

        disabled = d.pop("disabled", UNSET)

        presence_events = d.pop("presenceEvents", UNSET)

        _message_store = d.pop("messageStore", UNSET)
        message_store: MessageStore | Unset
        if isinstance(_message_store, Unset):
            message_store = UNSET
        else:
            message_store = check_message_store(_message_store)

        message_retention_days = d.pop("messageRetentionDays", UNSET)

        mark_online = d.pop("markOnline", UNSET)

        history_sync = d.pop("historySync", UNSET)

        tenant_update = cls(
            name=name,
            send_rate_per_minute=send_rate_per_minute,
            engine=engine,
            disabled=disabled,
            presence_events=presence_events,
            message_store=message_store,
            message_retention_days=message_retention_days,
            mark_online=mark_online,
            history_sync=history_sync,
        )

        return tenant_update
