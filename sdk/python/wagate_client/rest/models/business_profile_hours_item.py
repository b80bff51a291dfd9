from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="BusinessProfileHoursItem")


@_attrs_define
class BusinessProfileHoursItem:
    """
    Attributes:
        day_of_week (str):
        mode (str): open_24h, appointment_only or specific_hours, as WhatsApp says.
        open_time (None | str):
        close_time (None | str):
    """

    day_of_week: str
    mode: str
    open_time: None | str
    close_time: None | str

    def to_dict(self) -> dict[str, Any]:
        day_of_week = self.day_of_week

        mode = self.mode

        open_time: None | str
        open_time = self.open_time

        close_time: None | str
        close_time = self.close_time

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "dayOfWeek": day_of_week,
                "mode": mode,
                "openTime": open_time,
                "closeTime": close_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        day_of_week = d.pop("dayOfWeek")

        mode = d.pop("mode")

        def _parse_open_time(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        open_time = _parse_open_time(d.pop("openTime"))

        def _parse_close_time(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        close_time = _parse_close_time(d.pop("closeTime"))

        business_profile_hours_item = cls(
            day_of_week=day_of_week,
            mode=mode,
            open_time=open_time,
            close_time=close_time,
        )

        return business_profile_hours_item
