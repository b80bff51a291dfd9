from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.attempt import Attempt


T = TypeVar("T", bound="ListWebhookAttemptsResponse200")


@_attrs_define
class ListWebhookAttemptsResponse200:
    """
    Attributes:
        success (bool):
        attempts (list[Attempt]):
        next_before (int | None): The `before` of the next page; null when this page is the last.
    """

    success: bool
    attempts: list[Attempt]
    next_before: int | None

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        next_before: int | None
        next_before = self.next_before

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "attempts": attempts,
                "nextBefore": next_before,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attempt import Attempt  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = Attempt.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        def _parse_next_before(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_before = _parse_next_before(d.pop("nextBefore"))

        list_webhook_attempts_response_200 = cls(
            success=success,
            attempts=attempts,
            next_before=next_before,
        )

        return list_webhook_attempts_response_200
