from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.history_sync_data_status import HistorySyncDataStatus, check_history_sync_data_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="HistorySyncData")


@_attrs_define
class HistorySyncData:
    """A history sync's course. After linking (and on request) the phone sends old
    messages in chunks; they go into the message store (when it is not `off`), never
    out as `message` events: they are old, and a bot must not answer them. `status`:
    `started` (before the first is stored), `progress` (after each chunk), `done` (the
    last chunk stored). Counts are of this sync so far: `messages` received, `stored`
    new in the store (one stored before, e.g. a message that also came live, adds
    none).

        Attributes:
            status (HistorySyncDataStatus):
            sync_type (str): WhatsApp's kind of sync: `initial_bootstrap` (recent chats, at linking),
                `recent`, `full`, `on_demand` (asked for through the API), or another WhatsApp
                adds.
            progress (int): Percent of the sync the phone has sent, as it reports it.
            messages (int):
            stored (int):
            chunk (int | Unset): The chunk just stored (`progress`, `done`).
    """

    status: HistorySyncDataStatus
    sync_type: str
    progress: int
    messages: int
    stored: int
    chunk: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        sync_type = self.sync_type

        progress = self.progress

        messages = self.messages

        stored = self.stored

        chunk = self.chunk

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "syncType": sync_type,
                "progress": progress,
                "messages": messages,
                "stored": stored,
            }
        )
        if chunk is not UNSET:
            field_dict["chunk"] = chunk

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = check_history_sync_data_status(d.pop("status"))

        sync_type = d.pop("syncType")

        progress = d.pop("progress")

        messages = d.pop("messages")

        stored = d.pop("stored")

        chunk = d.pop("chunk", UNSET)

        history_sync_data = cls(
            status=status,
            sync_type=sync_type,
            progress=progress,
            messages=messages,
            stored=stored,
            chunk=chunk,
        )

        return history_sync_data
