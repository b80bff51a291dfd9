from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="CallRejected")


@_attrs_define
class CallRejected:
    """The call declined, as `Call` describes it (`status` rejected).

    Attributes:
        success (bool):
        company_id (str):
        call_id (str):
        from_ (None | str):
        from_lid (None | str):
        is_video (bool):
        is_group (bool):
        group_id (None | str):
        status (Literal['rejected']):
        offered_at (int):
    """

    success: bool
    company_id: str
    call_id: str
    from_: None | str
    from_lid: None | str
    is_video: bool
    is_group: bool
    group_id: None | str
    status: Literal["rejected"]
    offered_at: int

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        call_id = self.call_id

        from_: None | str
        from_ = self.from_

        from_lid: None | str
        from_lid = self.from_lid

        is_video = self.is_video

        is_group = self.is_group

        group_id: None | str
        group_id = self.group_id

        status = self.status

        offered_at = self.offered_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
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
        success = d.pop("success")

        company_id = d.pop("companyId")

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

        status = cast(Literal["rejected"], d.pop("status"))
        if status != "rejected":
            raise ValueError(f"status must match const 'rejected', got '{status}'")

        offered_at = d.pop("offeredAt")

        call_rejected = cls(
            success=success,
            company_id=company_id,
            call_id=call_id,
            from_=from_,
            from_lid=from_lid,
            is_video=is_video,
            is_group=is_group,
            group_id=group_id,
            status=status,
            offered_at=offered_at,
        )

        return call_rejected
