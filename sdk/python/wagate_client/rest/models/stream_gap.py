from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="StreamGap")


@_attrs_define
class StreamGap:
    """Sent on `/events` after `Subscribed`, before any event, when a resume's `since`
    is older than everything still held (the stream's last 10 000 events and the
    event log's `WAGATE_EVENT_LOG_RETENTION`), or the database was restored to an
    earlier point or replaced: events after `since` may be lost. It has no `id`:
    keep resuming from the last `Event.id` received. Read what you need (a session's
    status) from the API again.

        Example:
            {'type': 'gap', 'companyId': '962302', 'since': '1795564522414-0', 'next': '1795564599000-0'}

        Attributes:
            type_ (Literal['gap']):
            company_id (str):
            since (str): The `since` the socket was asked to resume after.
            next_ (None | str): The id of the first event that follows on this socket; null when none is held
                yet (the next event to happen follows).
    """

    type_: Literal["gap"]
    company_id: str
    since: str
    next_: None | str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        company_id = self.company_id

        since = self.since

        next_: None | str
        next_ = self.next_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "companyId": company_id,
                "since": since,
                "next": next_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["gap"], d.pop("type"))
        if type_ != "gap":
            raise ValueError(f"type must match const 'gap', got '{type_}'")

        company_id = d.pop("companyId")

        since = d.pop("since")

        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))

        stream_gap = cls(
            type_=type_,
            company_id=company_id,
            since=since,
            next_=next_,
        )

        return stream_gap
