"""The host's connection and pairing events as the session's lifecycle events. Every
reason and outcome the host names is mapped; one this adapter does not know is kept,
with its code and detail, in the Disconnected event's detail."""

from __future__ import annotations

from datetime import UTC, datetime

from connector.engine import (
    Connected,
    Disconnected,
    DisconnectReason,
    EngineEvent,
    LoggedOut,
    Paired,
    PairingExpired,
)
from connector.engines.host.jids import phone_of
from connector.engines.host.messages import (
    ConnectedEvent,
    DisconnectedEvent,
    LoggedOutEvent,
    PairedEvent,
    PairFailed,
    SessionFailed,
)

R = DisconnectReason
# the host's disconnect reasons that are the connector's own names
_SAME = {
    "connection_lost": R.CONNECTION_LOST,
    "connection_replaced": R.REPLACED,
    "client_outdated": R.CLIENT_OUTDATED,
    "connect_failed": R.CONNECT_FAILED,
    "proxy_unreachable": R.PROXY_UNREACHABLE,
    "proxy_auth_failed": R.PROXY_AUTH_FAILED,
    "proxy_refused": R.PROXY_REFUSED,
}
# WhatsApp's connect-failure codes (whatsmeow's ConnectFailureReason) worth another
# login: its server errors. whatsmeow itself gives up on every other one, so wagate does
_RETRY_CODES = frozenset({500, 503})
_STREAM_RESTART = 515  # WhatsApp's "restart the stream": reconnect at once
# logouts, by whatsmeow's ConnectFailureReason (406 is WhatsApp Web's BANNED)
_LOGOUTS = {401: "logged_out", 403: "main_device_gone", 406: "banned"}


def paired(event: PairedEvent) -> Paired:
    credentials = {"device_jid": event.device_jid}
    if event.lid:
        credentials["lid"] = event.lid
    return Paired(phone=phone_of(event.device_jid) or "", credentials=credentials)


def connected(event: ConnectedEvent) -> Connected:
    return Connected(phone_of(event.device_jid) or "")


def logged_out(event: LoggedOutEvent) -> LoggedOut:
    return LoggedOut(_LOGOUTS.get(event.code, "logged_out"))


def _said(event: DisconnectedEvent) -> str:
    code = f" {event.code}" if event.code is not None else ""
    return f"{event.reason}{code}" + (f": {event.detail}" if event.detail else "")


def disconnected(event: DisconnectedEvent) -> Disconnected:
    reason, code, said = event.reason, event.code, _said(event)
    if reason in _SAME:
        return Disconnected(_SAME[reason], said)
    if reason == "temporary_ban":
        return Disconnected(R.TEMPORARY_BAN, _ban_detail(event), event.until_ms)
    if reason == "connect_rejected":
        if code in _RETRY_CODES:
            return Disconnected(R.CONNECT_FAILED, f"WhatsApp refused the connection: {said}")
        return Disconnected(R.REJECTED, f"WhatsApp refused the connection: {said}")
    if reason == "stream_error":
        if code == _STREAM_RESTART:
            return Disconnected(R.RESTART_REQUIRED, said)
        return Disconnected(R.CONNECTION_LOST, f"WhatsApp ended the stream: {said}")
    if reason == "ack_deadline":
        # a message waited too long for the connector's commit; WhatsApp delivers it again
        return Disconnected(R.CONNECTION_LOST, f"a message was not stored in time: {said}")
    return Disconnected(R.UNREADABLE_EVENT, f"the engine host ended the connection: {said}")


def _ban_detail(event: DisconnectedEvent) -> str:
    lifted = ""
    if event.until_ms:
        at = datetime.fromtimestamp(event.until_ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        lifted = f", lifted at {at}"
    return f"WhatsApp banned this number for now ({_said(event)}){lifted}"


_PAIR_FAILURES = {
    "err-client-outdated": (R.CLIENT_OUTDATED, "WhatsApp refuses this whatsmeow version"),
    "err-unexpected-state": (
        R.REJECTED,
        "WhatsApp ended the connection while the QR was shown (a ban, a logout or a "
        "connect failure; whatsmeow does not say which)",
    ),
    "err-scanned-without-multidevice": (
        R.REJECTED,
        "the QR was scanned by a phone without multi-device",
    ),
    "error": (R.REJECTED, "pairing failed"),
    "pair_phone_refused": (R.REJECTED, "WhatsApp gave no pairing code for this number"),
}


def pair_failed(event: PairFailed) -> EngineEvent:
    """Pairing ended without a device (the host's session is over): a timeout lets the
    session show a new QR on request; a refusal would meet the same refusal again."""
    if event.outcome == "timeout":
        return PairingExpired()
    known = _PAIR_FAILURES.get(event.outcome)
    detail = f" ({event.detail})" if event.detail else ""
    if known is None:
        return Disconnected(
            R.UNREADABLE_EVENT, f"pairing ended with an unknown outcome: {event.outcome}{detail}"
        )
    reason, said = known
    return Disconnected(reason, f"{said}{detail}")


def session_failed(event: SessionFailed) -> EngineEvent:
    """The session ended by an error, not by its connection's end."""
    if event.code == "device_not_found":
        # whatsmeow deleted the device (a logout while wagate was away): only pairing
        # again can help
        return LoggedOut("device_missing")
    return Disconnected(
        R.CONNECT_FAILED, f"the engine host's session failed: {event.code}: {event.detail}"
    )
