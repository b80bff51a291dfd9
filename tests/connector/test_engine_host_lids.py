"""The whatsmeow engine's LID lookup as the connector reads it: addresses become the
host's JIDs, and its pairs of phone JID and LID become numbers and LID digits (a pair
missing either half is left out)."""

from __future__ import annotations

from connector.engines.host.messages import LidLookup, Reply, Request
from connector.engines.host.queries import HostQueries
from wagate.bus import LidPair


class _Host(HostQueries):
    session = "s1"

    def __init__(self, reply: Reply) -> None:
        self.asked: list[Request] = []
        self._reply = reply

    async def _call(self, request: Request, deadline_s: float, fallback: str = "") -> Reply:
        self.asked.append(request)
        return self._reply


async def test_pairs_come_back_as_numbers_and_lid_digits() -> None:
    reply = Reply.model_validate(
        {
            "type": "reply",
            "id": 1,
            "pairs": [
                {"phone_jid": "79005550001@s.whatsapp.net", "lid": "100000000000001@lid"},
                {"phone_jid": "79005550002:3@s.whatsapp.net", "lid": "100000000000002:3@lid"},
                {"phone_jid": "", "lid": "100000000000003@lid"},
            ],
        }
    )
    host = _Host(reply)
    pairs = await host.lid_pairs(["79005550001", "100000000000002@lid", "100000000000003@lid"])
    assert pairs == [
        LidPair("79005550001", "100000000000001"),
        LidPair("79005550002", "100000000000002"),
    ]
    (asked,) = host.asked
    assert isinstance(asked, LidLookup)
    assert asked.jids == [
        "79005550001@s.whatsapp.net",
        "100000000000002@lid",
        "100000000000003@lid",
    ]
