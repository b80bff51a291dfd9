from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.pacing_settings import PacingSettings


T = TypeVar("T", bound="PacingResponse")


@_attrs_define
class PacingResponse:
    """
    Attributes:
        success (bool):
        company_id (str):
        pacing (PacingSettings): How a tenant's sends are paced against WhatsApp's ban heuristics, which look for
            numbers that start many chats and send faster than people type.
    """

    success: bool
    company_id: str
    pacing: PacingSettings

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        pacing = self.pacing.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "pacing": pacing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pacing_settings import PacingSettings  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        pacing = PacingSettings.from_dict(d.pop("pacing"))

        pacing_response = cls(
            success=success,
            company_id=company_id,
            pacing=pacing,
        )

        return pacing_response
