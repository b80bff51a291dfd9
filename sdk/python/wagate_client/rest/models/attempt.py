from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.attempt_outcome import AttemptOutcome, check_attempt_outcome

T = TypeVar("T", bound="Attempt")


@_attrs_define
class Attempt:
    """
    Attributes:
        id (int):
        delivery_id (int):
        attempt (int):
        started_at (datetime.datetime): UTC ISO 8601 date-time with milliseconds, ending in `Z`.
        duration_ms (float | None): Milliseconds from connect to the answer (3 decimals).
        outcome (AttemptOutcome):
        status_code (int | None):
        error (None | str):
        response (None | str): The start of the receiver's answer (truncated).
    """

    id: int
    delivery_id: int
    attempt: int
    started_at: datetime.datetime
    duration_ms: float | None
    outcome: AttemptOutcome
    status_code: int | None
    error: None | str
    response: None | str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        delivery_id = self.delivery_id

        attempt = self.attempt

        started_at = self.started_at.isoformat()

        duration_ms: float | None
        duration_ms = self.duration_ms

        outcome: str = self.outcome

        status_code: int | None
        status_code = self.status_code

        error: None | str
        error = self.error

        response: None | str
        response = self.response

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "deliveryId": delivery_id,
                "attempt": attempt,
                "startedAt": started_at,
                "durationMs": duration_ms,
                "outcome": outcome,
                "statusCode": status_code,
                "error": error,
                "response": response,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        delivery_id = d.pop("deliveryId")

        attempt = d.pop("attempt")

        started_at = datetime.datetime.fromisoformat(d.pop("startedAt"))

        def _parse_duration_ms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        duration_ms = _parse_duration_ms(d.pop("durationMs"))

        outcome = check_attempt_outcome(d.pop("outcome"))

        def _parse_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status_code = _parse_status_code(d.pop("statusCode"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        def _parse_response(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        response = _parse_response(d.pop("response"))

        attempt = cls(
            id=id,
            delivery_id=delivery_id,
            attempt=attempt,
            started_at=started_at,
            duration_ms=duration_ms,
            outcome=outcome,
            status_code=status_code,
            error=error,
            response=response,
        )

        return attempt
