from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.session_fields_engine import SessionFieldsEngine, check_session_fields_engine
from ..models.session_status import SessionStatus, check_session_status

T = TypeVar("T", bound="SessionFields")


@_attrs_define
class SessionFields:
    """The session snapshot's fields, for composing the bodies that add fields to it (each
    of those closes the object with `unevaluatedProperties: false`). Every field is
    always present.

        Attributes:
            company_id (str):
            status (SessionStatus): `stopped`: not running (never started, deleted, a pairing attempt that expired with
                `reason: qr_expired`, or `connector_restarted` until it is restored). `starting`:
                connecting. `qr`: waiting for a phone to scan `qr` (or type a pairing code).
                `connected`: linked and online. `reconnecting`: the connection dropped; retried with
                backoff. `logged_out`: the device was unlinked (from the phone, or by `logout`);
                credentials are wiped and a new `initialize` pairs again. `failed`: gave up
                (`connection_replaced`, `reconnect_failed`, `temporary_ban`, and on the whatsmeow
                engine `client_outdated`, `connect_rejected`); only `restart` or `initialize`
                retry, except a `temporary_ban`, which connects once by itself when it lifts
                (`until`; reason `ban_lifted`).
            connected (bool): True exactly when `status` is `connected`.
            phone (None | str): The linked phone's number (digits); null until paired and after logout.
            reason (None | str): Why the session entered its current status, e.g. `qr_expired`, `connection_lost`,
                `connect_failed`, `restart_required`, `health_check_failed`,
                `connection_replaced`, `reconnect_failed`, `logged_out_from_phone`,
                `logged_out_by_request`, `restart_requested`, `restoring`, `connector_restarted`,
                `temporary_ban`, `ban_lifted`;
                on the whatsmeow engine also `client_outdated`,
                `connect_rejected`, `logged_out`, `main_device_gone` and `device_missing` (the
                stored device is gone from whatsmeow's store: pair again). Behind a tenant
                proxy (`PUT /tenants/{companyId}/proxy`), in `reconnecting`:
                `proxy_unreachable` (no connection to the proxy), `proxy_auth_failed` (it
                refused the credentials), `proxy_refused` (it would not connect on to
                WhatsApp); in `failed`: `proxy_unreadable` (no key in
                `WAGATE_CREDENTIALS_KEYS` opens the stored proxy URL). Null when there is
                nothing to explain.
            since (datetime.datetime): UTC ISO 8601 date-time with milliseconds, ending in `Z`.
            reconnect_attempts (int): Reconnect attempts in the current run of drops; back to 0 only once a connection
                stayed up `WAGATE_RECONNECT_STABLE` seconds, or on `initialize`/`restart`.
            qr (None | str): The current pairing QR code in state `qr`; null in every other state.
            engine (SessionFieldsEngine): The WhatsApp engine that runs the session: `sim` (the simulated network) or
                `whatsmeow` (WhatsApp itself). The tenant's `engine`, or else `WAGATE_ENGINE`,
                when the session was created.
            until (datetime.datetime | None): A `UtcTimestamp`, or null.
            restriction (None | str): What WhatsApp refuses this number now, learnt from a send it refused (the send
                error code of the same name): `account_restricted`, no message at all until
                `restrictedUntil` (sends are refused meanwhile without asking WhatsApp);
                `new_contact_refused` (WhatsApp's error 463), no first message to a chat with no
                conversation yet, shown until a send to a chat it refused goes through. Null when
                nothing is known to be refused.
            restricted_until (datetime.datetime | None): A `UtcTimestamp`, or null.
    """

    company_id: str
    status: SessionStatus
    connected: bool
    phone: None | str
    reason: None | str
    since: datetime.datetime
    reconnect_attempts: int
    qr: None | str
    engine: SessionFieldsEngine
    until: datetime.datetime | None
    restriction: None | str
    restricted_until: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        company_id = self.company_id

        status: str = self.status

        connected = self.connected

        phone: None | str
        phone = self.phone

        reason: None | str
        reason = self.reason

        since = self.since.isoformat()

        reconnect_attempts = self.reconnect_attempts

        qr: None | str
        qr = self.qr

        engine: str = self.engine

        until: None | str
        if isinstance(self.until, datetime.datetime):
            until = self.until.isoformat()
        else:
            until = self.until

        restriction: None | str
        restriction = self.restriction

        restricted_until: None | str
        if isinstance(self.restricted_until, datetime.datetime):
            restricted_until = self.restricted_until.isoformat()
        else:
            restricted_until = self.restricted_until

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "companyId": company_id,
                "status": status,
                "connected": connected,
                "phone": phone,
                "reason": reason,
                "since": since,
                "reconnectAttempts": reconnect_attempts,
                "qr": qr,
                "engine": engine,
                "until": until,
                "restriction": restriction,
                "restrictedUntil": restricted_until,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        company_id = d.pop("companyId")

        status = check_session_status(d.pop("status"))

        connected = d.pop("connected")

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        since = datetime.datetime.fromisoformat(d.pop("since"))

        reconnect_attempts = d.pop("reconnectAttempts")

        def _parse_qr(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        qr = _parse_qr(d.pop("qr"))

        engine = check_session_fields_engine(d.pop("engine"))

        def _parse_until(data: object) -> datetime.datetime | None:
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

        until = _parse_until(d.pop("until"))

        def _parse_restriction(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        restriction = _parse_restriction(d.pop("restriction"))

        def _parse_restricted_until(data: object) -> datetime.datetime | None:
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

        restricted_until = _parse_restricted_until(d.pop("restrictedUntil"))

        session_fields = cls(
            company_id=company_id,
            status=status,
            connected=connected,
            phone=phone,
            reason=reason,
            since=since,
            reconnect_attempts=reconnect_attempts,
            qr=qr,
            engine=engine,
            until=until,
            restriction=restriction,
            restricted_until=restricted_until,
        )

        session_fields.additional_properties = d
        return session_fields

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
