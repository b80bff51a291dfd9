from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.stored_chat_kind import StoredChatKind, check_stored_chat_kind

if TYPE_CHECKING:
    from ..models.stored_chat_last_message import StoredChatLastMessage


T = TypeVar("T", bound="StoredChat")


@_attrs_define
class StoredChat:
    """
    Attributes:
        chat_id (str):
        kind (StoredChatKind):
        name (None | str): A 1:1 chat: its person's name in the account's address book, else the push
            name their latest message carried; a group: its subject, where a group update
            named it. Null while none is known.
        last_activity_at (datetime.datetime): UTC ISO 8601 date-time with milliseconds, ending in `Z`.
        last_message (StoredChatLastMessage):
        unread_count (int): Incoming messages not marked read through `POST /chats/{chatId}/read`.
        archived (bool): As the account shows it (app state), through the API or the phone.
        pinned (bool):
        muted_until (None | str): Null when not muted; the time the mute ends (UTC); or "forever".
        unread (bool): Marked unread by hand (apart from `unreadCount`); a read mark clears it.
    """

    chat_id: str
    kind: StoredChatKind
    name: None | str
    last_activity_at: datetime.datetime
    last_message: StoredChatLastMessage
    unread_count: int
    archived: bool
    pinned: bool
    muted_until: None | str
    unread: bool

    def to_dict(self) -> dict[str, Any]:
        chat_id = self.chat_id

        kind: str = self.kind

        name: None | str
        name = self.name

        last_activity_at = self.last_activity_at.isoformat()

        last_message = self.last_message.to_dict()

        unread_count = self.unread_count

        archived = self.archived

        pinned = self.pinned

        muted_until: None | str
        muted_until = self.muted_until

        unread = self.unread

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "chatId": chat_id,
                "kind": kind,
                "name": name,
                "lastActivityAt": last_activity_at,
                "lastMessage": last_message,
                "unreadCount": unread_count,
                "archived": archived,
                "pinned": pinned,
                "mutedUntil": muted_until,
                "unread": unread,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stored_chat_last_message import StoredChatLastMessage  # noqa: PLC0415

        d = dict(src_dict)
        chat_id = d.pop("chatId")

        kind = check_stored_chat_kind(d.pop("kind"))

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        last_activity_at = datetime.datetime.fromisoformat(d.pop("lastActivityAt"))

        last_message = StoredChatLastMessage.from_dict(d.pop("lastMessage"))

        unread_count = d.pop("unreadCount")

        archived = d.pop("archived")

        pinned = d.pop("pinned")

        def _parse_muted_until(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        muted_until = _parse_muted_until(d.pop("mutedUntil"))

        unread = d.pop("unread")

        stored_chat = cls(
            chat_id=chat_id,
            kind=kind,
            name=name,
            last_activity_at=last_activity_at,
            last_message=last_message,
            unread_count=unread_count,
            archived=archived,
            pinned=pinned,
            muted_until=muted_until,
            unread=unread,
        )

        return stored_chat
