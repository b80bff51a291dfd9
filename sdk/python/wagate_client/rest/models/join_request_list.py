from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.join_request_list_requests_item import JoinRequestListRequestsItem


T = TypeVar("T", bound="JoinRequestList")


@_attrs_define
class JoinRequestList:
    """
    Attributes:
        success (bool):
        company_id (str):
        group_id (str):
        requests (list[JoinRequestListRequestsItem]):
        total (int):
    """

    success: bool
    company_id: str
    group_id: str
    requests: list[JoinRequestListRequestsItem]
    total: int

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        group_id = self.group_id

        requests = []
        for requests_item_data in self.requests:
            requests_item = requests_item_data.to_dict()
            requests.append(requests_item)

        total = self.total

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "groupId": group_id,
                "requests": requests,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.join_request_list_requests_item import JoinRequestListRequestsItem  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        group_id = d.pop("groupId")

        requests = []
        _requests = d.pop("requests")
        for requests_item_data in _requests:
            requests_item = JoinRequestListRequestsItem.from_dict(requests_item_data)

            requests.append(requests_item)

        total = d.pop("total")

        join_request_list = cls(
            success=success,
            company_id=company_id,
            group_id=group_id,
            requests=requests,
            total=total,
        )

        return join_request_list
