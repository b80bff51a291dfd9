from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.metrics_summary_sessions_by_state import MetricsSummarySessionsByState


T = TypeVar("T", bound="MetricsSummary")


@_attrs_define
class MetricsSummary:
    """
    Attributes:
        total_sessions (int): Sessions known to the connector (the sum of `sessionsByState`).
        sessions_by_state (MetricsSummarySessionsByState): Session count per status; statuses without sessions are left
            out.
        active_connections (int): Sessions in status `connected` now.
        messages_sent (int): Messages accepted by WhatsApp since the connector started.
        messages_received (int): Incoming messages published since the connector started.
        errors (int): Errors of every kind since the connector started.
        reconnect_attempts (int): Reconnect attempts of the current runs of drops, summed over sessions.
    """

    total_sessions: int
    sessions_by_state: MetricsSummarySessionsByState
    active_connections: int
    messages_sent: int
    messages_received: int
    errors: int
    reconnect_attempts: int

    def to_dict(self) -> dict[str, Any]:
        total_sessions = self.total_sessions

        sessions_by_state = self.sessions_by_state.to_dict()

        active_connections = self.active_connections

        messages_sent = self.messages_sent

        messages_received = self.messages_received

        errors = self.errors

        reconnect_attempts = self.reconnect_attempts

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "totalSessions": total_sessions,
                "sessionsByState": sessions_by_state,
                "activeConnections": active_connections,
                "messagesSent": messages_sent,
                "messagesReceived": messages_received,
                "errors": errors,
                "reconnectAttempts": reconnect_attempts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.metrics_summary_sessions_by_state import MetricsSummarySessionsByState  # noqa: PLC0415

        d = dict(src_dict)
        total_sessions = d.pop("totalSessions")

        sessions_by_state = MetricsSummarySessionsByState.from_dict(d.pop("sessionsByState"))

        active_connections = d.pop("activeConnections")

        messages_sent = d.pop("messagesSent")

        messages_received = d.pop("messagesReceived")

        errors = d.pop("errors")

        reconnect_attempts = d.pop("reconnectAttempts")

        metrics_summary = cls(
            total_sessions=total_sessions,
            sessions_by_state=sessions_by_state,
            active_connections=active_connections,
            messages_sent=messages_sent,
            messages_received=messages_received,
            errors=errors,
            reconnect_attempts=reconnect_attempts,
        )

        return metrics_summary
