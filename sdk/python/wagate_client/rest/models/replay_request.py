from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.replay_request_statuses_item import (
    ReplayRequestStatusesItem,
    check_replay_request_statuses_item,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReplayRequest")


@_attrs_define
class ReplayRequest:
    """
    Attributes:
        since (int | str): ISO 8601 time, or Unix epoch (seconds or milliseconds); within the years 1 to
            9999 once in UTC.
        until (int | None | str | Unset):
        statuses (list[ReplayRequestStatusesItem] | Unset):
    """

    since: int | str
    until: int | None | str | Unset = UNSET
    statuses: list[ReplayRequestStatusesItem] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        since: int | str
        since = self.since

        until: int | None | str | Unset
        if isinstance(self.until, Unset):
            until = UNSET
        else:
            until = self.until

        statuses: list[str] | Unset = UNSET
        if not isinstance(self.statuses, Unset):
            statuses = []
            for statuses_item_data in self.statuses:
                statuses_item: str = statuses_item_data
                statuses.append(statuses_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "since": since,
            }
        )
        if until is not UNSET:
            field_dict["until"] = until
        if statuses is not UNSET:
            field_dict["statuses"] = statuses

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_since(data: object) -> int | str:
            return cast(int | str, data)

        since = _parse_since(d.pop("since"))

        def _parse_until(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        until = _parse_until(d.pop("until", UNSET))

        _statuses = d.pop("statuses", UNSET)
        statuses: list[ReplayRequestStatusesItem] | Unset = UNSET
        if _statuses is not UNSET:
            statuses = []
            for statuses_item_data in _statuses:
                statuses_item = check_replay_request_statuses_item(statuses_item_data)

                statuses.append(statuses_item)

        replay_request = cls(
            since=since,
            until=until,
            statuses=statuses,
        )

        return replay_request
