from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.group_update_data_action import GroupUpdateDataAction, check_group_update_data_action
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.group_settings import GroupSettings
    from ..models.person import Person


T = TypeVar("T", bound="GroupUpdateData")


@_attrs_define
class GroupUpdateData:
    """A change in a group the session is in. `action`: `add`, `remove` (also someone
    leaving: `by` is then the one who left), `promote`, `demote` (with the
    `participants` changed), `subject` or `description` (with the new one), `settings`
    (with those changed), `picture` (with the new `pictureId`, "" when removed) or
    `join_request` (someone asked to join by link: told to admins, `participants` and
    `by` name them). `by` is who did it (null when WhatsApp did not say).

        Attributes:
            group_id (str):
            action (GroupUpdateDataAction):
            by (None | Person):
            timestamp (int): When WhatsApp reported the change, Unix milliseconds.
            participants (list[Person] | Unset):
            subject (str | Unset):
            description (str | Unset):
            settings (GroupSettings | Unset): A group's settings (in a `group_update`, only the one changed). `announce`:
                only
                admins send messages. `locked`: only admins edit the subject, description and
                picture. `disappearingTimer`: `off`, `24h`, `7d` or `90d` (another timer set by an
                older client reads as `<seconds>s`). `memberAddMode`: who may add members.
                `joinApproval`: joining by link waits for an admin. A setting WhatsApp did not say
                is left out.
            picture_id (str | Unset):
    """

    group_id: str
    action: GroupUpdateDataAction
    by: None | Person
    timestamp: int
    participants: list[Person] | Unset = UNSET
    subject: str | Unset = UNSET
    description: str | Unset = UNSET
    settings: GroupSettings | Unset = UNSET
    picture_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.person import Person  # noqa: PLC0415

        group_id = self.group_id

        action: str = self.action

        by: dict[str, Any] | None
        if isinstance(self.by, Person):
            by = self.by.to_dict()
        else:
            by = self.by

        timestamp = self.timestamp

        participants: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.participants, Unset):
            participants = []
            for participants_item_data in self.participants:
                participants_item = participants_item_data.to_dict()
                participants.append(participants_item)

        subject = self.subject

        description = self.description

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        picture_id = self.picture_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "groupId": group_id,
                "action": action,
                "by": by,
                "timestamp": timestamp,
            }
        )
        if participants is not UNSET:
            field_dict["participants"] = participants
        if subject is not UNSET:
            field_dict["subject"] = subject
        if description is not UNSET:
            field_dict["description"] = description
        if settings is not UNSET:
            field_dict["settings"] = settings
        if picture_id is not UNSET:
            field_dict["pictureId"] = picture_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group_settings import GroupSettings  # noqa: PLC0415
        from ..models.person import Person  # noqa: PLC0415

        d = dict(src_dict)
        group_id = d.pop("groupId")

        action = check_group_update_data_action(d.pop("action"))

        def _parse_by(data: object) -> None | Person:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                by_type_0 = Person.from_dict(data)

                return by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Person, data)

        by = _parse_by(d.pop("by"))

        timestamp = d.pop("timestamp")

        _participants = d.pop("participants", UNSET)
        participants: list[Person] | Unset = UNSET
        if _participants is not UNSET:
            participants = []
            for participants_item_data in _participants:
                participants_item = Person.from_dict(participants_item_data)

                participants.append(participants_item)

        subject = d.pop("subject", UNSET)

        description = d.pop("description", UNSET)

        _settings = d.pop("settings", UNSET)
        settings: GroupSettings | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = GroupSettings.from_dict(_settings)

        picture_id = d.pop("pictureId", UNSET)

        group_update_data = cls(
            group_id=group_id,
            action=action,
            by=by,
            timestamp=timestamp,
            participants=participants,
            subject=subject,
            description=description,
            settings=settings,
            picture_id=picture_id,
        )

        return group_update_data
