from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.group_participants_item import GroupParticipantsItem
    from ..models.group_settings import GroupSettings
    from ..models.person import Person


T = TypeVar("T", bound="Group")


@_attrs_define
class Group:
    """
    Attributes:
        group_id (str):
        subject (str):
        description (str):
        owner (None | Person): The group's creator, when WhatsApp says.
        created_at (datetime.datetime | None): A `UtcTimestamp`, or null.
        size (int):
        participants (list[GroupParticipantsItem]):
        settings (GroupSettings): A group's settings (in a `group_update`, only the one changed). `announce`: only
            admins send messages. `locked`: only admins edit the subject, description and
            picture. `disappearingTimer`: `off`, `24h`, `7d` or `90d` (another timer set by an
            older client reads as `<seconds>s`). `memberAddMode`: who may add members.
            `joinApproval`: joining by link waits for an admin. A setting WhatsApp did not say
            is left out.
        picture_id (None | str): The group picture's id, when it has one.
    """

    group_id: str
    subject: str
    description: str
    owner: None | Person
    created_at: datetime.datetime | None
    size: int
    participants: list[GroupParticipantsItem]
    settings: GroupSettings
    picture_id: None | str

    def to_dict(self) -> dict[str, Any]:
        from ..models.person import Person  # noqa: PLC0415

        group_id = self.group_id

        subject = self.subject

        description = self.description

        owner: dict[str, Any] | None
        if isinstance(self.owner, Person):
            owner = self.owner.to_dict()
        else:
            owner = self.owner

        created_at: None | str
        if isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        size = self.size

        participants = []
        for participants_item_data in self.participants:
            participants_item = participants_item_data.to_dict()
            participants.append(participants_item)

        settings = self.settings.to_dict()

        picture_id: None | str
        picture_id = self.picture_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "groupId": group_id,
                "subject": subject,
                "description": description,
                "owner": owner,
                "createdAt": created_at,
                "size": size,
                "participants": participants,
                "settings": settings,
                "pictureId": picture_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group_participants_item import GroupParticipantsItem  # noqa: PLC0415
        from ..models.group_settings import GroupSettings  # noqa: PLC0415
        from ..models.person import Person  # noqa: PLC0415

        d = dict(src_dict)
        group_id = d.pop("groupId")

        subject = d.pop("subject")

        description = d.pop("description")

        def _parse_owner(data: object) -> None | Person:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                owner_type_0 = Person.from_dict(data)

                return owner_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Person, data)

        owner = _parse_owner(d.pop("owner"))

        def _parse_created_at(data: object) -> datetime.datetime | None:
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

        created_at = _parse_created_at(d.pop("createdAt"))

        size = d.pop("size")

        participants = []
        _participants = d.pop("participants")
        for participants_item_data in _participants:
            participants_item = GroupParticipantsItem.from_dict(participants_item_data)

            participants.append(participants_item)

        settings = GroupSettings.from_dict(d.pop("settings"))

        def _parse_picture_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        picture_id = _parse_picture_id(d.pop("pictureId"))

        group = cls(
            group_id=group_id,
            subject=subject,
            description=description,
            owner=owner,
            created_at=created_at,
            size=size,
            participants=participants,
            settings=settings,
            picture_id=picture_id,
        )

        return group
