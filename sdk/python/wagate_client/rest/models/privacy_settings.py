from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PrivacySettings")


@_attrs_define
class PrivacySettings:
    """WhatsApp's privacy settings (whatsmeow's names in brackets): `lastSeen` (last),
    `online` (online), `picture` (profile), `about` (status), `groups` (groupadd: who
    may add the account to groups), `readReceipts` (readreceipts), `calls` (calladd:
    who may call). Values: `all`, `contacts`, `contact_blacklist` (contacts except
    those excluded on the phone), `none`, `match_last_seen`, `known`; "" where
    WhatsApp did not say.

        Attributes:
            company_id (str):
            last_seen (str):
            online (str):
            picture (str):
            about (str):
            groups (str):
            read_receipts (str):
            calls (str):
    """

    company_id: str
    last_seen: str
    online: str
    picture: str
    about: str
    groups: str
    read_receipts: str
    calls: str

    def to_dict(self) -> dict[str, Any]:
        company_id = self.company_id

        last_seen = self.last_seen

        online = self.online

        picture = self.picture

        about = self.about

        groups = self.groups

        read_receipts = self.read_receipts

        calls = self.calls

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "companyId": company_id,
                "lastSeen": last_seen,
                "online": online,
                "picture": picture,
                "about": about,
                "groups": groups,
                "readReceipts": read_receipts,
                "calls": calls,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        company_id = d.pop("companyId")

        last_seen = d.pop("lastSeen")

        online = d.pop("online")

        picture = d.pop("picture")

        about = d.pop("about")

        groups = d.pop("groups")

        read_receipts = d.pop("readReceipts")

        calls = d.pop("calls")

        privacy_settings = cls(
            company_id=company_id,
            last_seen=last_seen,
            online=online,
            picture=picture,
            about=about,
            groups=groups,
            read_receipts=read_receipts,
            calls=calls,
        )

        return privacy_settings
