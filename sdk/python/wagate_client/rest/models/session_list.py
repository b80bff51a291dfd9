from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.session_fields import SessionFields


T = TypeVar("T", bound="SessionList")


@_attrs_define
class SessionList:
    """
    Attributes:
        success (bool):
        sessions (list[SessionFields]):
        total (int): The number of items in `sessions`.
        next_ (None | str): With `limit`: the company id to ask `after` for the next page; null on the last
            page and without `limit`.
    """

    success: bool
    sessions: list[SessionFields]
    total: int
    next_: None | str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        sessions = []
        for sessions_item_data in self.sessions:
            sessions_item = sessions_item_data.to_dict()
            sessions.append(sessions_item)

        total = self.total

        next_: None | str
        next_ = self.next_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "sessions": sessions,
                "total": total,
                "next": next_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.session_fields import SessionFields  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        sessions = []
        _sessions = d.pop("sessions")
        for sessions_item_data in _sessions:
            sessions_item = SessionFields.from_dict(sessions_item_data)

            sessions.append(sessions_item)

        total = d.pop("total")

        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))

        session_list = cls(
            success=success,
            sessions=sessions,
            total=total,
            next_=next_,
        )

        return session_list
