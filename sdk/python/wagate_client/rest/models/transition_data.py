from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.session_status import SessionStatus, check_session_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="TransitionData")


@_attrs_define
class TransitionData:
    """`data` of the session-transition events: the new `state`, the `previous` one and
    the `reason`, plus `qr` (type `qr`), `phone` (`connected`), `detail` (`disconnected`,
    `reconnecting`, `state` to `failed`, and `logout` when WhatsApp could not be told:
    the device stays listed on the phone), `until` (`failed` with
    `temporary_ban`: when WhatsApp lifts the ban), `attempt` and `delaySeconds`
    (`reconnecting`), `attempts` and `lastReason` (`reconnect_failed`).

        Attributes:
            state (SessionStatus): `stopped`: not running (never started, deleted, a pairing attempt that expired with
                `reason: qr_expired`, or `connector_restarted` until it is restored). `starting`:
                connecting. `qr`: waiting for a phone to scan `qr` (or type a pairing code).
                `connected`: linked and online. `reconnecting`: the connection dropped; retried with
                backoff. `logged_out`: the device was unlinked (from the phone, or by `logout`);
                credentials are wiped and a new `initialize` pairs again. `failed`: gave up
                (`connection_replaced`, `reconnect_failed`, `temporary_ban`, and on the whatsmeow
                engine `client_outdated`, `connect_rejected`); only `restart` or `initialize`
                retry, except a `temporary_ban`, which connects once by itself when it lifts
                (`until`; reason `ban_lifted`).
            previous (SessionStatus): `stopped`: not running (never started, deleted, a pairing attempt that expired with
                `reason: qr_expired`, or `connector_restarted` until it is restored). `starting`:
                connecting. `qr`: waiting for a phone to scan `qr` (or type a pairing code).
                `connected`: linked and online. `reconnecting`: the connection dropped; retried with
                backoff. `logged_out`: the device was unlinked (from the phone, or by `logout`);
                credentials are wiped and a new `initialize` pairs again. `failed`: gave up
                (`connection_replaced`, `reconnect_failed`, `temporary_ban`, and on the whatsmeow
                engine `client_outdated`, `connect_rejected`); only `restart` or `initialize`
                retry, except a `temporary_ban`, which connects once by itself when it lifts
                (`until`; reason `ban_lifted`).
            reason (None | str):
            qr (str | Unset):
            phone (str | Unset):
            detail (str | Unset):
            until (datetime.datetime | Unset): A temporary ban's end (UTC); restarting before then meets the same refusal.
            attempt (int | Unset):
            delay_seconds (float | Unset):
            attempts (int | Unset):
            last_reason (str | Unset):
    """

    state: SessionStatus
    previous: SessionStatus
    reason: None | str
    qr: str | Unset = UNSET
    phone: str | Unset = UNSET
    detail: str | Unset = UNSET
    until: datetime.datetime | Unset = UNSET
    attempt: int | Unset = UNSET
    delay_seconds: float | Unset = UNSET
    attempts: int | Unset = UNSET
    last_reason: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        state: str = self.state

        previous: str = self.previous

        reason: None | str
        reason = self.reason

        qr = self.qr

        phone = self.phone

        detail = self.detail

        until: str | Unset = UNSET
        if not isinstance(self.until, Unset):
            until = self.until.isoformat()

        attempt = self.attempt

        delay_seconds = self.delay_seconds

        attempts = self.attempts

        last_reason = self.last_reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
                "previous": previous,
                "reason": reason,
            }
        )
        if qr is not UNSET:
            field_dict["qr"] = qr
        if phone is not UNSET:
            field_dict["phone"] = phone
        if detail is not UNSET:
            field_dict["detail"] = detail
        if until is not UNSET:
            field_dict["until"] = until
        if attempt is not UNSET:
            field_dict["attempt"] = attempt
        if delay_seconds is not UNSET:
            field_dict["delaySeconds"] = delay_seconds
        if attempts is not UNSET:
            field_dict["attempts"] = attempts
        if last_reason is not UNSET:
            field_dict["lastReason"] = last_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = check_session_status(d.pop("state"))

        previous = check_session_status(d.pop("previous"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        qr = d.pop("qr", UNSET)

        phone = d.pop("phone", UNSET)

        detail = d.pop("detail", UNSET)

        _until = d.pop("until", UNSET)
        until: datetime.datetime | Unset
        if isinstance(_until, Unset):
            until = UNSET
        else:
            until = datetime.datetime.fromisoformat(_until)

        attempt = d.pop("attempt", UNSET)

        delay_seconds = d.pop("delaySeconds", UNSET)

        attempts = d.pop("attempts", UNSET)

        last_reason = d.pop("lastReason", UNSET)

        transition_data = cls(
            state=state,
            previous=previous,
            reason=reason,
            qr=qr,
            phone=phone,
            detail=detail,
            until=until,
            attempt=attempt,
            delay_seconds=delay_seconds,
            attempts=attempts,
            last_reason=last_reason,
        )

        return transition_data
