from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.call_data_status import CallDataStatus, check_call_data_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="CallData")


@_attrs_define
class CallData:
    """A call to the account. `status`: `offer` (it rings; WhatsApp's CallOffer, or
    CallOfferNotice for a group call), `accept` (answered on another of the account's
    devices), `terminate` (the caller hung up), `missed` (nobody answered in time).
    Decline a ringing one with `POST /sessions/{companyId}/calls/{callId}/reject`.

        Attributes:
            call_id (str):
            from_ (None | str):
            is_video (bool):
            is_group (bool):
            status (CallDataStatus):
            timestamp (int):
            from_lid (str | Unset):
            group_id (str | Unset):
    """

    call_id: str
    from_: None | str
    is_video: bool
    is_group: bool
    status: CallDataStatus
    timestamp: int
    from_lid: str | Unset = UNSET
    group_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        call_id = self.call_id

        from_: None | str
        from_ = self.from_

        is_video = self.is_video

        is_group = self.is_group

        status: str = self.status

        timestamp = self.timestamp

        from_lid = self.from_lid

        group_id = self.group_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "callId": call_id,
                "from": from_,
                "isVideo": is_video,
                "isGroup": is_group,
                "status": status,
                "timestamp": timestamp,
            }
        )
        if from_lid is not UNSET:
            field_dict["fromLid"] = from_lid
        if group_id is not UNSET:
            field_dict["groupId"] = group_id

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

        is_video = d.pop("isVideo")

        is_group = d.pop("isGroup")

        status = check_call_data_status(d.pop("status"))

        timestamp = d.pop("timestamp")

        from_lid = d.pop("fromLid", UNSET)

        group_id = d.pop("groupId", UNSET)

        call_data = cls(
            call_id=call_id,
            from_=from_,
            is_video=is_video,
            is_group=is_group,
            status=status,
            timestamp=timestamp,
            from_lid=from_lid,
            group_id=group_id,
        )

        return call_data
