from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.call_status import CallStatus, check_call_status

T = TypeVar("T", bound="Call")


@_attrs_define
class Call:
    """A call offered to the session: `from` the caller (null only when WhatsApp named it
    by LID alone), `groupId` a group call's group where WhatsApp names it, `status` its
    latest (`offer`, `accept`, `terminate`, `missed`, or `rejected` by the session),
    `offeredAt` when it rang (Unix ms).

        Attributes:
            call_id (str):
            from_ (None | str):
            from_lid (None | str):
            is_video (bool):
            is_group (bool):
            group_id (None | str):
            status (CallStatus):
            offered_at (int):
    """

    call_id: str
    from_: None | str
    from_lid: None | str
    is_video: bool
    is_group: bool
    group_id: None | str
    status: CallStatus
    offered_at: int

    def to_dict(self) -> dict[str, Any]:
        call_id = self.call_id

        from_: None | str
        from_ = self.from_

        from_lid: None | str
        from_lid = self.from_lid

        is_video = self.is_video

        is_group = self.is_group

        group_id: None | str
        group_id = self.group_id

        status: str = self.status

        offered_at = self.offered_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "callId": call_id,
                "from": from_,
                "fromLid": from_lid,
                "isVideo": is_video,
                "isGroup": is_group,
                "groupId": group_id,
                "status": status,
                "offeredAt": offered_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        call_id = d.pop("callId")

        def _parse_from_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_ = _parse_from_(d.pop("from"))

        def _parse_from_lid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_lid = _parse_from_lid(d.pop("fromLid"))

        is_video = d.pop("isVideo")

        is_group = d.pop("isGroup")

        def _parse_group_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        group_id = _parse_group_id(d.pop("groupId"))

        status = check_call_status(d.pop("status"))

        offered_at = d.pop("offeredAt")

        call = cls(
            call_id=call_id,
            from_=from_,
            from_lid=from_lid,
            is_video=is_video,
            is_group=is_group,
            group_id=group_id,
            status=status,
            offered_at=offered_at,
        )

        return call
