from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

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
    """

    success: bool
    sessions: list[SessionFields]
    total: int

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        sessions = []
        for sessions_item_data in self.sessions:
            sessions_item = sessions_item_data.to_dict()
            sessions.append(sessions_item)

        total = self.total

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "sessions": sessions,
                "total": total,
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

        session_list = cls(
            success=success,
            sessions=sessions,
            total=total,
        )

        return session_list
