from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ContactResponse")


@_attrs_define
class ContactResponse:
    """
    Attributes:
        success (bool):
        company_id (str):
        phone (str):
        lid (None | str):
        about (None | str): The about text; null when unset or hidden.
        picture_url (None | str): A temporary URL of the profile picture; null when none or hidden.
        business_name (None | str): A business account's verified name.
    """

    success: bool
    company_id: str
    phone: str
    lid: None | str
    about: None | str
    picture_url: None | str
    business_name: None | str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        phone = self.phone

        lid: None | str
        lid = self.lid

        about: None | str
        about = self.about

        picture_url: None | str
        picture_url = self.picture_url

        business_name: None | str
        business_name = self.business_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "phone": phone,
                "lid": lid,
                "about": about,
                "pictureUrl": picture_url,
                "businessName": business_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        phone = d.pop("phone")

        def _parse_lid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        lid = _parse_lid(d.pop("lid"))

        def _parse_about(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        about = _parse_about(d.pop("about"))

        def _parse_picture_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        picture_url = _parse_picture_url(d.pop("pictureUrl"))

        def _parse_business_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        business_name = _parse_business_name(d.pop("businessName"))

        contact_response = cls(
            success=success,
            company_id=company_id,
            phone=phone,
            lid=lid,
            about=about,
            picture_url=picture_url,
            business_name=business_name,
        )

        return contact_response
