from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.link_preview_fields import LinkPreviewFields


T = TypeVar("T", bound="TextMessage")


@_attrs_define
class TextMessage:
    """
    Attributes:
        to (Literal['status@broadcast'] | str): A chat (`ChatId`); `status@broadcast`: the message is a status update (a
            story),
            which WhatsApp sends to the account's contacts (the numbers its address book
            names); or a channel's id (`…@newsletter`): a post to a channel the account owns or
            administers (`403 not_channel_admin` otherwise, `404 channel_not_found` for no such
            channel). Only text, images and videos may be a status or a post, and neither
            quotes anything.
        text (str): The text, 1 to 4096 characters.
        quoted_message_id (str | Unset): Makes the message a reply quoting this one: the `messageId` of a message the
            session received (a `message` event) or sent. Absent: not a reply.
        mentions (list[str] | Unset): Numbers the text mentions (7 to 15 digits, optional leading +), each written in
            the text as `@` and its digits (`@79001234567`): WhatsApp shows it as the
            person's name and notifies them. A number that is not valid, or that the text
            does not write, is `422 validation_failed`.
        mention_all (bool | Unset): In a group only: the text's `@all` mentions every member (WhatsApp's own
            mention of everyone). The text must write `@all`, and `to` must be a group;
            else `422 validation_failed`.
        link_preview (bool | LinkPreviewFields | Unset): A preview card under the text for a URL it writes. `true`: the
            connector
            fetches the first http(s) URL the text writes (through the media URLs' SSRF
            guard, timeout and byte caps), reads its Open Graph title, description and
            image, and sends the image as a small JPEG thumbnail, all within 5 s; what
            cannot be read by then is left out (at worst the bare URL). Or the caller's
            own card (no thumbnail).
            A text with no URL, or a card whose `url` the text does not write, is
            `422 validation_failed`; a URL the SSRF guard refuses (here, or at the
            connector for any address it resolves to) is `422 url_not_allowed`.
    """

    to: Literal["status@broadcast"] | str
    text: str
    quoted_message_id: str | Unset = UNSET
    mentions: list[str] | Unset = UNSET
    mention_all: bool | Unset = UNSET
    link_preview: bool | LinkPreviewFields | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.link_preview_fields import LinkPreviewFields  # noqa: PLC0415

        to: Literal["status@broadcast"] | str
        to = self.to

        text = self.text

        quoted_message_id = self.quoted_message_id

        mentions: list[str] | Unset = UNSET
        if not isinstance(self.mentions, Unset):
            mentions = self.mentions

        mention_all = self.mention_all

        link_preview: bool | dict[str, Any] | Unset
        if isinstance(self.link_preview, Unset):
            link_preview = UNSET
        elif isinstance(self.link_preview, LinkPreviewFields):
            link_preview = self.link_preview.to_dict()
        else:
            link_preview = self.link_preview

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
                "text": text,
            }
        )
        if quoted_message_id is not UNSET:
            field_dict["quotedMessageId"] = quoted_message_id
        if mentions is not UNSET:
            field_dict["mentions"] = mentions
        if mention_all is not UNSET:
            field_dict["mentionAll"] = mention_all
        if link_preview is not UNSET:
            field_dict["linkPreview"] = link_preview

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.link_preview_fields import LinkPreviewFields  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_to(data: object) -> Literal["status@broadcast"] | str:
            componentsschemas_chat_or_status_type_1 = cast(Literal["status@broadcast"], data)
            if componentsschemas_chat_or_status_type_1 != "status@broadcast":
                raise ValueError(
                    f"/components/schemas/ChatOrStatus_type_1 must match const 'status@broadcast', got '{componentsschemas_chat_or_status_type_1}'"
                )
            return componentsschemas_chat_or_status_type_1
            return cast(Literal["status@broadcast"] | str, data)

        to = _parse_to(d.pop("to"))

        text = d.pop("text")

        quoted_message_id = d.pop("quotedMessageId", UNSET)

        mentions = cast(list[str], d.pop("mentions", UNSET))

        mention_all = d.pop("mentionAll", UNSET)

        def _parse_link_preview(data: object) -> bool | LinkPreviewFields | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                link_preview_type_1 = LinkPreviewFields.from_dict(data)

                return link_preview_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | LinkPreviewFields | Unset, data)

        link_preview = _parse_link_preview(d.pop("linkPreview", UNSET))

        text_message = cls(
            to=to,
            text=text,
            quoted_message_id=quoted_message_id,
            mentions=mentions,
            mention_all=mention_all,
            link_preview=link_preview,
        )

        return text_message
