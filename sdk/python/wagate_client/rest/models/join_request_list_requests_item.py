from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="JoinRequestListRequestsItem")


@_attrs_define
class JoinRequestListRequestsItem:
    """
    Attributes:
        phone (None | str):
        lid (None | str):
        requested_at (datetime.datetime | None): A `UtcTimestamp`, or null.
    """

    phone: None | str
    lid: None | str
    requested_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        phone: None | str
        phone = self.phone

        lid: None | str
        lid = self.lid

        requested_at: None | str
        if isinstance(self.requested_at, datetime.datetime):
            requested_at = self.requested_at.isoformat()
        else:
            requested_at = self.requested_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "phone": phone,
                "lid": lid,
                "requestedAt": requested_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_lid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        lid = _parse_lid(d.pop("lid"))

        def _parse_requested_at(data: object) -> datetime.datetime | None:
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

        requested_at = _parse_requested_at(d.pop("requestedAt"))

        join_request_list_requests_item = cls(
            phone=phone,
            lid=lid,
            requested_at=requested_at,
        )

        return join_request_list_requests_item
