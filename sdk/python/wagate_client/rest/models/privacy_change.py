from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.privacy_change_about_type_1 import (
    PrivacyChangeAboutType1,
    check_privacy_change_about_type_1,
)
from ..models.privacy_change_about_type_2_type_1 import (
    PrivacyChangeAboutType2Type1,
    check_privacy_change_about_type_2_type_1,
)
from ..models.privacy_change_about_type_3_type_1 import (
    PrivacyChangeAboutType3Type1,
    check_privacy_change_about_type_3_type_1,
)
from ..models.privacy_change_calls_type_1 import (
    PrivacyChangeCallsType1,
    check_privacy_change_calls_type_1,
)
from ..models.privacy_change_calls_type_2_type_1 import (
    PrivacyChangeCallsType2Type1,
    check_privacy_change_calls_type_2_type_1,
)
from ..models.privacy_change_calls_type_3_type_1 import (
    PrivacyChangeCallsType3Type1,
    check_privacy_change_calls_type_3_type_1,
)
from ..models.privacy_change_groups_type_1 import (
    PrivacyChangeGroupsType1,
    check_privacy_change_groups_type_1,
)
from ..models.privacy_change_groups_type_2_type_1 import (
    PrivacyChangeGroupsType2Type1,
    check_privacy_change_groups_type_2_type_1,
)
from ..models.privacy_change_groups_type_3_type_1 import (
    PrivacyChangeGroupsType3Type1,
    check_privacy_change_groups_type_3_type_1,
)
from ..models.privacy_change_last_seen_type_1 import (
    PrivacyChangeLastSeenType1,
    check_privacy_change_last_seen_type_1,
)
from ..models.privacy_change_last_seen_type_2_type_1 import (
    PrivacyChangeLastSeenType2Type1,
    check_privacy_change_last_seen_type_2_type_1,
)
from ..models.privacy_change_last_seen_type_3_type_1 import (
    PrivacyChangeLastSeenType3Type1,
    check_privacy_change_last_seen_type_3_type_1,
)
from ..models.privacy_change_online_type_1 import (
    PrivacyChangeOnlineType1,
    check_privacy_change_online_type_1,
)
from ..models.privacy_change_online_type_2_type_1 import (
    PrivacyChangeOnlineType2Type1,
    check_privacy_change_online_type_2_type_1,
)
from ..models.privacy_change_online_type_3_type_1 import (
    PrivacyChangeOnlineType3Type1,
    check_privacy_change_online_type_3_type_1,
)
from ..models.privacy_change_picture_type_1 import (
    PrivacyChangePictureType1,
    check_privacy_change_picture_type_1,
)
from ..models.privacy_change_picture_type_2_type_1 import (
    PrivacyChangePictureType2Type1,
    check_privacy_change_picture_type_2_type_1,
)
from ..models.privacy_change_picture_type_3_type_1 import (
    PrivacyChangePictureType3Type1,
    check_privacy_change_picture_type_3_type_1,
)
from ..models.privacy_change_read_receipts_type_1 import (
    PrivacyChangeReadReceiptsType1,
    check_privacy_change_read_receipts_type_1,
)
from ..models.privacy_change_read_receipts_type_2_type_1 import (
    PrivacyChangeReadReceiptsType2Type1,
    check_privacy_change_read_receipts_type_2_type_1,
)
from ..models.privacy_change_read_receipts_type_3_type_1 import (
    PrivacyChangeReadReceiptsType3Type1,
    check_privacy_change_read_receipts_type_3_type_1,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="PrivacyChange")


@_attrs_define
class PrivacyChange:
    """One or more settings, each to a value WhatsApp takes for it.

    Attributes:
        last_seen (None | PrivacyChangeLastSeenType1 | PrivacyChangeLastSeenType2Type1 | PrivacyChangeLastSeenType3Type1
            | Unset):
        online (None | PrivacyChangeOnlineType1 | PrivacyChangeOnlineType2Type1 | PrivacyChangeOnlineType3Type1 |
            Unset):
        picture (None | PrivacyChangePictureType1 | PrivacyChangePictureType2Type1 | PrivacyChangePictureType3Type1 |
            Unset):
        about (None | PrivacyChangeAboutType1 | PrivacyChangeAboutType2Type1 | PrivacyChangeAboutType3Type1 | Unset):
        groups (None | PrivacyChangeGroupsType1 | PrivacyChangeGroupsType2Type1 | PrivacyChangeGroupsType3Type1 |
            Unset):
        read_receipts (None | PrivacyChangeReadReceiptsType1 | PrivacyChangeReadReceiptsType2Type1 |
            PrivacyChangeReadReceiptsType3Type1 | Unset):
        calls (None | PrivacyChangeCallsType1 | PrivacyChangeCallsType2Type1 | PrivacyChangeCallsType3Type1 | Unset):
    """

    last_seen: (
        None
        | PrivacyChangeLastSeenType1
        | PrivacyChangeLastSeenType2Type1
        | PrivacyChangeLastSeenType3Type1
        | Unset
    ) = UNSET
    online: (
        None
        | PrivacyChangeOnlineType1
        | PrivacyChangeOnlineType2Type1
        | PrivacyChangeOnlineType3Type1
        | Unset
    ) = UNSET
    picture: (
        None
        | PrivacyChangePictureType1
        | PrivacyChangePictureType2Type1
        | PrivacyChangePictureType3Type1
        | Unset
    ) = UNSET
    about: (
        None
        | PrivacyChangeAboutType1
        | PrivacyChangeAboutType2Type1
        | PrivacyChangeAboutType3Type1
        | Unset
    ) = UNSET
    groups: (
        None
        | PrivacyChangeGroupsType1
        | PrivacyChangeGroupsType2Type1
        | PrivacyChangeGroupsType3Type1
        | Unset
    ) = UNSET
    read_receipts: (
        None
        | PrivacyChangeReadReceiptsType1
        | PrivacyChangeReadReceiptsType2Type1
        | PrivacyChangeReadReceiptsType3Type1
        | Unset
    ) = UNSET
    calls: (
        None
        | PrivacyChangeCallsType1
        | PrivacyChangeCallsType2Type1
        | PrivacyChangeCallsType3Type1
        | Unset
    ) = UNSET

    def to_dict(self) -> dict[str, Any]:
        last_seen: None | str | Unset
        if isinstance(self.last_seen, Unset):
            last_seen = UNSET
        elif isinstance(self.last_seen, str):
            last_seen = self.last_seen
        elif isinstance(self.last_seen, str):
            last_seen = self.last_seen
        elif isinstance(self.last_seen, str):
            last_seen = self.last_seen
        else:
            last_seen = self.last_seen

        online: None | str | Unset
        if isinstance(self.online, Unset):
            online = UNSET
        elif isinstance(self.online, str):
            online = self.online
        elif isinstance(self.online, str):
            online = self.online
        elif isinstance(self.online, str):
            online = self.online
        else:
            online = self.online

        picture: None | str | Unset
        if isinstance(self.picture, Unset):
            picture = UNSET
        elif isinstance(self.picture, str):
            picture = self.picture
        elif isinstance(self.picture, str):
            picture = self.picture
        elif isinstance(self.picture, str):
            picture = self.picture
        else:
            picture = self.picture

        about: None | str | Unset
        if isinstance(self.about, Unset):
            about = UNSET
        elif isinstance(self.about, str):
            about = self.about
        elif isinstance(self.about, str):
            about = self.about
        elif isinstance(self.about, str):
            about = self.about
        else:
            about = self.about

        groups: None | str | Unset
        if isinstance(self.groups, Unset):
            groups = UNSET
        elif isinstance(self.groups, str):
            groups = self.groups
        elif isinstance(self.groups, str):
            groups = self.groups
        elif isinstance(self.groups, str):
            groups = self.groups
        else:
            groups = self.groups

        read_receipts: None | str | Unset
        if isinstance(self.read_receipts, Unset):
            read_receipts = UNSET
        elif isinstance(self.read_receipts, str):
            read_receipts = self.read_receipts
        elif isinstance(self.read_receipts, str):
            read_receipts = self.read_receipts
        elif isinstance(self.read_receipts, str):
            read_receipts = self.read_receipts
        else:
            read_receipts = self.read_receipts

        calls: None | str | Unset
        if isinstance(self.calls, Unset):
            calls = UNSET
        elif isinstance(self.calls, str):
            calls = self.calls
        elif isinstance(self.calls, str):
            calls = self.calls
        elif isinstance(self.calls, str):
            calls = self.calls
        else:
            calls = self.calls

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if last_seen is not UNSET:
            field_dict["lastSeen"] = last_seen
        if online is not UNSET:
            field_dict["online"] = online
        if picture is not UNSET:
            field_dict["picture"] = picture
        if about is not UNSET:
            field_dict["about"] = about
        if groups is not UNSET:
            field_dict["groups"] = groups
        if read_receipts is not UNSET:
            field_dict["readReceipts"] = read_receipts
        if calls is not UNSET:
            field_dict["calls"] = calls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_last_seen(
            data: object,
        ) -> (
            None
            | PrivacyChangeLastSeenType1
            | PrivacyChangeLastSeenType2Type1
            | PrivacyChangeLastSeenType3Type1
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_seen_type_1 = check_privacy_change_last_seen_type_1(data)

                return last_seen_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_seen_type_2_type_1 = check_privacy_change_last_seen_type_2_type_1(data)

                return last_seen_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_seen_type_3_type_1 = check_privacy_change_last_seen_type_3_type_1(data)

                return last_seen_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | PrivacyChangeLastSeenType1
                | PrivacyChangeLastSeenType2Type1
                | PrivacyChangeLastSeenType3Type1
                | Unset,
                data,
            )

        last_seen = _parse_last_seen(d.pop("lastSeen", UNSET))

        def _parse_online(
            data: object,
        ) -> (
            None
            | PrivacyChangeOnlineType1
            | PrivacyChangeOnlineType2Type1
            | PrivacyChangeOnlineType3Type1
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                online_type_1 = check_privacy_change_online_type_1(data)

                return online_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                online_type_2_type_1 = check_privacy_change_online_type_2_type_1(data)

                return online_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                online_type_3_type_1 = check_privacy_change_online_type_3_type_1(data)

                return online_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | PrivacyChangeOnlineType1
                | PrivacyChangeOnlineType2Type1
                | PrivacyChangeOnlineType3Type1
                | Unset,
                data,
            )

        online = _parse_online(d.pop("online", UNSET))

        def _parse_picture(
            data: object,
        ) -> (
            None
            | PrivacyChangePictureType1
            | PrivacyChangePictureType2Type1
            | PrivacyChangePictureType3Type1
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                picture_type_1 = check_privacy_change_picture_type_1(data)

                return picture_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                picture_type_2_type_1 = check_privacy_change_picture_type_2_type_1(data)

                return picture_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                picture_type_3_type_1 = check_privacy_change_picture_type_3_type_1(data)

                return picture_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | PrivacyChangePictureType1
                | PrivacyChangePictureType2Type1
                | PrivacyChangePictureType3Type1
                | Unset,
                data,
            )

        picture = _parse_picture(d.pop("picture", UNSET))

        def _parse_about(
            data: object,
        ) -> (
            None
            | PrivacyChangeAboutType1
            | PrivacyChangeAboutType2Type1
            | PrivacyChangeAboutType3Type1
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                about_type_1 = check_privacy_change_about_type_1(data)

                return about_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                about_type_2_type_1 = check_privacy_change_about_type_2_type_1(data)

                return about_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                about_type_3_type_1 = check_privacy_change_about_type_3_type_1(data)

                return about_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | PrivacyChangeAboutType1
                | PrivacyChangeAboutType2Type1
                | PrivacyChangeAboutType3Type1
                | Unset,
                data,
            )

        about = _parse_about(d.pop("about", UNSET))

        def _parse_groups(
            data: object,
        ) -> (
            None
            | PrivacyChangeGroupsType1
            | PrivacyChangeGroupsType2Type1
            | PrivacyChangeGroupsType3Type1
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                groups_type_1 = check_privacy_change_groups_type_1(data)

                return groups_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                groups_type_2_type_1 = check_privacy_change_groups_type_2_type_1(data)

                return groups_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                groups_type_3_type_1 = check_privacy_change_groups_type_3_type_1(data)

                return groups_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | PrivacyChangeGroupsType1
                | PrivacyChangeGroupsType2Type1
                | PrivacyChangeGroupsType3Type1
                | Unset,
                data,
            )

        groups = _parse_groups(d.pop("groups", UNSET))

        def _parse_read_receipts(
            data: object,
        ) -> (
            None
            | PrivacyChangeReadReceiptsType1
            | PrivacyChangeReadReceiptsType2Type1
            | PrivacyChangeReadReceiptsType3Type1
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                read_receipts_type_1 = check_privacy_change_read_receipts_type_1(data)

                return read_receipts_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                read_receipts_type_2_type_1 = check_privacy_change_read_receipts_type_2_type_1(data)

                return read_receipts_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                read_receipts_type_3_type_1 = check_privacy_change_read_receipts_type_3_type_1(data)

                return read_receipts_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | PrivacyChangeReadReceiptsType1
                | PrivacyChangeReadReceiptsType2Type1
                | PrivacyChangeReadReceiptsType3Type1
                | Unset,
                data,
            )

        read_receipts = _parse_read_receipts(d.pop("readReceipts", UNSET))

        def _parse_calls(
            data: object,
        ) -> (
            None
            | PrivacyChangeCallsType1
            | PrivacyChangeCallsType2Type1
            | PrivacyChangeCallsType3Type1
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                calls_type_1 = check_privacy_change_calls_type_1(data)

                return calls_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                calls_type_2_type_1 = check_privacy_change_calls_type_2_type_1(data)

                return calls_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                calls_type_3_type_1 = check_privacy_change_calls_type_3_type_1(data)

                return calls_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | PrivacyChangeCallsType1
                | PrivacyChangeCallsType2Type1
                | PrivacyChangeCallsType3Type1
                | Unset,
                data,
            )

        calls = _parse_calls(d.pop("calls", UNSET))

        privacy_change = cls(
            last_seen=last_seen,
            online=online,
            picture=picture,
            about=about,
            groups=groups,
            read_receipts=read_receipts,
            calls=calls,
        )

        return privacy_change
