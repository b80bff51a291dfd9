from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.stored_message_direction import StoredMessageDirection, check_stored_message_direction
from ..models.stored_message_kind import StoredMessageKind, check_stored_message_kind
from ..models.stored_message_status import StoredMessageStatus, check_stored_message_status

if TYPE_CHECKING:
    from ..models.stored_message_content_type_0 import StoredMessageContentType0
    from ..models.stored_message_edits_item import StoredMessageEditsItem
    from ..models.stored_message_media_type_0 import StoredMessageMediaType0
    from ..models.stored_message_poll_type_0 import StoredMessagePollType0
    from ..models.stored_message_reactions_item import StoredMessageReactionsItem
    from ..models.stored_message_status_history_item import StoredMessageStatusHistoryItem


T = TypeVar("T", bound="StoredMessage")


@_attrs_define
class StoredMessage:
    """
    Attributes:
        message_id (str):
        chat_id (str):
        direction (StoredMessageDirection):
        from_ (None | str): The author's number (or LID); null for the tenant's own messages.
        kind (StoredMessageKind):
        text (None | str): The text or caption; null in a `metadata` store, or once revoked.
        content (None | StoredMessageContentType0): A location, contact cards or a poll (`full` store only).
        media (None | StoredMessageMediaType0): The attachment's descriptor: `mediaId` (incoming: `GET /media/{mediaId}`
            while
            media retention keeps it), `kind`, `mimetype`, `sizeBytes`, and more.
        quoted_message_id (None | str):
        timestamp (datetime.datetime): UTC ISO 8601 date-time with milliseconds, ending in `Z`.
        edited_at (datetime.datetime | None): A `UtcTimestamp`, or null.
        edits (list[StoredMessageEditsItem]): The earlier texts, oldest first (`text` absent in a `metadata` store).
        revoked (bool):
        revoked_at (datetime.datetime | None): A `UtcTimestamp`, or null.
        reactions (list[StoredMessageReactionsItem]):
        poll (None | StoredMessagePollType0): A poll's votes (voter -> options) and tally (option -> votes).
        status (StoredMessageStatus):
        status_history (list[StoredMessageStatusHistoryItem]):
    """

    message_id: str
    chat_id: str
    direction: StoredMessageDirection
    from_: None | str
    kind: StoredMessageKind
    text: None | str
    content: None | StoredMessageContentType0
    media: None | StoredMessageMediaType0
    quoted_message_id: None | str
    timestamp: datetime.datetime
    edited_at: datetime.datetime | None
    edits: list[StoredMessageEditsItem]
    revoked: bool
    revoked_at: datetime.datetime | None
    reactions: list[StoredMessageReactionsItem]
    poll: None | StoredMessagePollType0
    status: StoredMessageStatus
    status_history: list[StoredMessageStatusHistoryItem]

    def to_dict(self) -> dict[str, Any]:
        from ..models.stored_message_content_type_0 import StoredMessageContentType0  # noqa: PLC0415
        from ..models.stored_message_media_type_0 import StoredMessageMediaType0  # noqa: PLC0415
        from ..models.stored_message_poll_type_0 import StoredMessagePollType0  # noqa: PLC0415

        message_id = self.message_id

        chat_id = self.chat_id

        direction: str = self.direction

        from_: None | str
        from_ = self.from_

        kind: str = self.kind

        text: None | str
        text = self.text

        content: dict[str, Any] | None
        if isinstance(self.content, StoredMessageContentType0):
            content = self.content.to_dict()
        else:
            content = self.content

        media: dict[str, Any] | None
        if isinstance(self.media, StoredMessageMediaType0):
            media = self.media.to_dict()
        else:
            media = self.media

        quoted_message_id: None | str
        quoted_message_id = self.quoted_message_id

        timestamp = self.timestamp.isoformat()

        edited_at: None | str
        if isinstance(self.edited_at, datetime.datetime):
            edited_at = self.edited_at.isoformat()
        else:
            edited_at = self.edited_at

        edits = []
        for edits_item_data in self.edits:
            edits_item = edits_item_data.to_dict()
            edits.append(edits_item)

        revoked = self.revoked

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        reactions = []
        for reactions_item_data in self.reactions:
            reactions_item = reactions_item_data.to_dict()
            reactions.append(reactions_item)

        poll: dict[str, Any] | None
        if isinstance(self.poll, StoredMessagePollType0):
            poll = self.poll.to_dict()
        else:
            poll = self.poll

        status: str = self.status

        status_history = []
        for status_history_item_data in self.status_history:
            status_history_item = status_history_item_data.to_dict()
            status_history.append(status_history_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "messageId": message_id,
                "chatId": chat_id,
                "direction": direction,
                "from": from_,
                "kind": kind,
                "text": text,
                "content": content,
                "media": media,
                "quotedMessageId": quoted_message_id,
                "timestamp": timestamp,
                "editedAt": edited_at,
                "edits": edits,
                "revoked": revoked,
                "revokedAt": revoked_at,
                "reactions": reactions,
                "poll": poll,
                "status": status,
                "statusHistory": status_history,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stored_message_content_type_0 import StoredMessageContentType0  # noqa: PLC0415
        from ..models.stored_message_edits_item import StoredMessageEditsItem  # noqa: PLC0415
        from ..models.stored_message_media_type_0 import StoredMessageMediaType0  # noqa: PLC0415
        from ..models.stored_message_poll_type_0 import StoredMessagePollType0  # noqa: PLC0415
        from ..models.stored_message_reactions_item import StoredMessageReactionsItem  # noqa: PLC0415
        from ..models.stored_message_status_history_item import StoredMessageStatusHistoryItem  # noqa: PLC0415

        d = dict(src_dict)
        message_id = d.pop("messageId")

        chat_id = d.pop("chatId")

        direction = check_stored_message_direction(d.pop("direction"))

        def _parse_from_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_ = _parse_from_(d.pop("from"))

        kind = check_stored_message_kind(d.pop("kind"))

        def _parse_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        text = _parse_text(d.pop("text"))

        def _parse_content(data: object) -> None | StoredMessageContentType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                content_type_0 = StoredMessageContentType0.from_dict(data)

                return content_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StoredMessageContentType0, data)

        content = _parse_content(d.pop("content"))

        def _parse_media(data: object) -> None | StoredMessageMediaType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                media_type_0 = StoredMessageMediaType0.from_dict(data)

                return media_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StoredMessageMediaType0, data)

        media = _parse_media(d.pop("media"))

        def _parse_quoted_message_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        quoted_message_id = _parse_quoted_message_id(d.pop("quotedMessageId"))

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        def _parse_edited_at(data: object) -> datetime.datetime | None:
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

        edited_at = _parse_edited_at(d.pop("editedAt"))

        edits = []
        _edits = d.pop("edits")
        for edits_item_data in _edits:
            edits_item = StoredMessageEditsItem.from_dict(edits_item_data)

            edits.append(edits_item)

        revoked = d.pop("revoked")

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
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

        revoked_at = _parse_revoked_at(d.pop("revokedAt"))

        reactions = []
        _reactions = d.pop("reactions")
        for reactions_item_data in _reactions:
            reactions_item = StoredMessageReactionsItem.from_dict(reactions_item_data)

            reactions.append(reactions_item)

        def _parse_poll(data: object) -> None | StoredMessagePollType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                poll_type_0 = StoredMessagePollType0.from_dict(data)

                return poll_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StoredMessagePollType0, data)

        poll = _parse_poll(d.pop("poll"))

        status = check_stored_message_status(d.pop("status"))

        status_history = []
        _status_history = d.pop("statusHistory")
        for status_history_item_data in _status_history:
            status_history_item = StoredMessageStatusHistoryItem.from_dict(status_history_item_data)

            status_history.append(status_history_item)

        stored_message = cls(
            message_id=message_id,
            chat_id=chat_id,
            direction=direction,
            from_=from_,
            kind=kind,
            text=text,
            content=content,
            media=media,
            quoted_message_id=quoted_message_id,
            timestamp=timestamp,
            edited_at=edited_at,
            edits=edits,
            revoked=revoked,
            revoked_at=revoked_at,
            reactions=reactions,
            poll=poll,
            status=status,
            status_history=status_history,
        )

        return stored_message
