from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.message_data_type import MessageDataType, check_message_data_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_announcement import MediaAnnouncement
    from ..models.message_data_contacts_item import MessageDataContactsItem
    from ..models.message_data_location import MessageDataLocation
    from ..models.message_data_poll import MessageDataPoll
    from ..models.person import Person


T = TypeVar("T", bound="MessageData")


@_attrs_define
class MessageData:
    """
    Attributes:
        message_id (str):
        from_ (None | str): The sender's number. null only when WhatsApp named the sender by LID alone
            and the engine knows no number for it (then `fromLid` says who it was).
        text (str): The message, or a media message's caption (empty when it has none).
        timestamp (int): When the sender sent it, Unix milliseconds.
        from_lid (str | Unset): The sender's LID (WhatsApp's hidden-number id), when WhatsApp sent one.
        chat (None | str | Unset): The chat the message came in: a group's id (`…@g.us`) for a group message,
            otherwise the sender's number (its LID when no number is known). Send to it
            (`to`) to answer in the same chat.
        author (Person | Unset): Someone WhatsApp names: the number (null only when WhatsApp named them by LID alone
            and no number is known) and the LID where WhatsApp uses one.
        ephemeral (bool | Unset): Sent in a chat with disappearing messages on.
        view_once (bool | Unset): A view-once message.
        mentions (list[Person] | Unset): Whom the text or caption mentions (each written in it as `@` and a number or
            LID).
        mention_all (bool | Unset): The text's `@all` mentions every member of the group.
        type_ (MessageDataType | Unset): A message with more than text carries its kind and the field of that name.
        location (MessageDataLocation | Unset):
        contacts (list[MessageDataContactsItem] | Unset):
        poll (MessageDataPoll | Unset):
        media (MediaAnnouncement | Unset): Present when the message carries an attachment. `id` names it for
            `GET /sessions/{companyId}/media/{id}` (the bytes are copied from WhatsApp into
            the blob store on arrival, on first request, or never: `WAGATE_MEDIA_DOWNLOAD`).
            Webhooks add `downloadUrl`, a signed link that needs no token, valid until
            `downloadUrlExpiresAt`; the WebSocket does not (its reader has a token). Never
            the bytes themselves.
    """

    message_id: str
    from_: None | str
    text: str
    timestamp: int
    from_lid: str | Unset = UNSET
    chat: None | str | Unset = UNSET
    author: Person | Unset = UNSET
    ephemeral: bool | Unset = UNSET
    view_once: bool | Unset = UNSET
    mentions: list[Person] | Unset = UNSET
    mention_all: bool | Unset = UNSET
    type_: MessageDataType | Unset = UNSET
    location: MessageDataLocation | Unset = UNSET
    contacts: list[MessageDataContactsItem] | Unset = UNSET
    poll: MessageDataPoll | Unset = UNSET
    media: MediaAnnouncement | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        message_id = self.message_id

        from_: None | str
        from_ = self.from_

        text = self.text

        timestamp = self.timestamp

        from_lid = self.from_lid

        chat: None | str | Unset
        if isinstance(self.chat, Unset):
            chat = UNSET
        else:
            chat = self.chat

        author: dict[str, Any] | Unset = UNSET
        if not isinstance(self.author, Unset):
            author = self.author.to_dict()

        ephemeral = self.ephemeral

        view_once = self.view_once

        mentions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.mentions, Unset):
            mentions = []
            for mentions_item_data in self.mentions:
                mentions_item = mentions_item_data.to_dict()
                mentions.append(mentions_item)

        mention_all = self.mention_all

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        location: dict[str, Any] | Unset = UNSET
        if not isinstance(self.location, Unset):
            location = self.location.to_dict()

        contacts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.contacts, Unset):
            contacts = []
            for contacts_item_data in self.contacts:
                contacts_item = contacts_item_data.to_dict()
                contacts.append(contacts_item)

        poll: dict[str, Any] | Unset = UNSET
        if not isinstance(self.poll, Unset):
            poll = self.poll.to_dict()

        media: dict[str, Any] | Unset = UNSET
        if not isinstance(self.media, Unset):
            media = self.media.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "messageId": message_id,
                "from": from_,
                "text": text,
                "timestamp": timestamp,
            }
        )
        if from_lid is not UNSET:
            field_dict["fromLid"] = from_lid
        if chat is not UNSET:
            field_dict["chat"] = chat
        if author is not UNSET:
            field_dict["author"] = author
        if ephemeral is not UNSET:
            field_dict["ephemeral"] = ephemeral
        if view_once is not UNSET:
            field_dict["viewOnce"] = view_once
        if mentions is not UNSET:
            field_dict["mentions"] = mentions
        if mention_all is not UNSET:
            field_dict["mentionAll"] = mention_all
        if type_ is not UNSET:
            field_dict["type"] = type_
        if location is not UNSET:
            field_dict["location"] = location
        if contacts is not UNSET:
            field_dict["contacts"] = contacts
        if poll is not UNSET:
            field_dict["poll"] = poll
        if media is not UNSET:
            field_dict["media"] = media

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media_announcement import MediaAnnouncement  # noqa: PLC0415
        from ..models.message_data_contacts_item import MessageDataContactsItem  # noqa: PLC0415
        from ..models.message_data_location import MessageDataLocation  # noqa: PLC0415
        from ..models.message_data_poll import MessageDataPoll  # noqa: PLC0415
        from ..models.person import Person  # noqa: PLC0415

        d = dict(src_dict)
        message_id = d.pop("messageId")

        def _parse_from_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_ = _parse_from_(d.pop("from"))

        text = d.pop("text")

        timestamp = d.pop("timestamp")

        from_lid = d.pop("fromLid", UNSET)

        def _parse_chat(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        chat = _parse_chat(d.pop("chat", UNSET))

        _author = d.pop("author", UNSET)
        author: Person | Unset
        if isinstance(_author, Unset):
            author = UNSET
        else:
            author = Person.from_dict(_author)

        ephemeral = d.pop("ephemeral", UNSET)

        view_once = d.pop("viewOnce", UNSET)

        _mentions = d.pop("mentions", UNSET)
        mentions: list[Person] | Unset = UNSET
        if _mentions is not UNSET:
            mentions = []
            for mentions_item_data in _mentions:
                mentions_item = Person.from_dict(mentions_item_data)

                mentions.append(mentions_item)

        mention_all = d.pop("mentionAll", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: MessageDataType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_message_data_type(_type_)

        _location = d.pop("location", UNSET)
        location: MessageDataLocation | Unset
        if isinstance(_location, Unset):
            location = UNSET
        else:
            location = MessageDataLocation.from_dict(_location)

        _contacts = d.pop("contacts", UNSET)
        contacts: list[MessageDataContactsItem] | Unset = UNSET
        if _contacts is not UNSET:
            contacts = []
            for contacts_item_data in _contacts:
                contacts_item = MessageDataContactsItem.from_dict(contacts_item_data)

                contacts.append(contacts_item)

        _poll = d.pop("poll", UNSET)
        poll: MessageDataPoll | Unset
        if isinstance(_poll, Unset):
            poll = UNSET
        else:
            poll = MessageDataPoll.from_dict(_poll)

        _media = d.pop("media", UNSET)
        media: MediaAnnouncement | Unset
        if isinstance(_media, Unset):
            media = UNSET
        else:
            media = MediaAnnouncement.from_dict(_media)

        message_data = cls(
            message_id=message_id,
            from_=from_,
            text=text,
            timestamp=timestamp,
            from_lid=from_lid,
            chat=chat,
            author=author,
            ephemeral=ephemeral,
            view_once=view_once,
            mentions=mentions,
            mention_all=mention_all,
            type_=type_,
            location=location,
            contacts=contacts,
            poll=poll,
            media=media,
        )

        return message_data
