"""The engine host adapter's profile requests: what the host is sent (a picture as a file
in its directory, deleted once answered) and how its answers and refusals read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from connector.engine import EngineError
from connector.engines.host.errors import check
from connector.engines.host.messages import Reply, Request
from connector.engines.host.profile import HostProfile
from wagate.bus import BusinessHours, BusinessProfile


def _read(path: str) -> bytes:
    return Path(path).read_bytes()


def _listed(directory: Path) -> list[Path]:
    return list(directory.iterdir())


class ProfileEngine(HostProfile):
    def __init__(self, files: Path, answer: dict[str, Any]) -> None:
        self.session = "t#1"
        self.files = files
        self.answer = answer
        self.sent: list[dict[str, Any]] = []
        self.picture_seen: bytes | None = None

    def _files(self) -> Path:
        return self.files

    async def _call(self, request: Request, deadline_s: float, fallback: str = "") -> Reply:
        sent = request.model_dump(exclude={"id"})
        self.sent.append(sent)
        if sent.get("path"):
            self.picture_seen = _read(sent["path"])
        reply = Reply.model_validate({"type": "reply", "id": 1, **self.answer})
        if reply.error is not None:
            raise EngineError(reply.error.code, reply.error.message)
        return reply


async def test_profile_changes_are_one_request_each_and_the_picture_a_file(tmp_path: Path) -> None:
    engine = ProfileEngine(tmp_path, {})
    await engine.set_push_name("Bakery Kim")
    await engine.set_about("")
    await engine.set_profile_picture(b"\xff\xd8\xff-a-jpeg")
    await engine.set_profile_picture(None)
    picture_path = engine.sent[2].pop("path")
    assert engine.sent == [
        {"type": "set_push_name", "session": "t#1", "name": "Bakery Kim"},
        {"type": "set_about", "session": "t#1", "about": ""},
        {"type": "set_picture", "session": "t#1"},
        {"type": "set_picture", "session": "t#1", "path": None},
    ]
    assert Path(picture_path).parent == tmp_path and engine.picture_seen == b"\xff\xd8\xff-a-jpeg"
    assert _listed(tmp_path) == []  # the file is gone once answered


async def test_a_business_profile_reads_as_the_bus_says_it(tmp_path: Path) -> None:
    business = {
        "jid": "4915112345678@s.whatsapp.net",
        "address": "Hauptstr. 1",
        "categories": ["Bakery"],
        "hours": [{"day_of_week": "sun", "mode": "appointment_only"}],
    }
    engine = ProfileEngine(tmp_path, {"business": business})
    found = await engine.business_profile("4915112345678")
    assert engine.sent == [
        {"type": "business_profile", "session": "t#1", "jid": "4915112345678@s.whatsapp.net"}
    ]
    assert found == BusinessProfile(
        "4915112345678",
        "Hauptstr. 1",
        "",
        ["Bakery"],
        "",
        [BusinessHours("sun", "appointment_only")],
    )
    engine.answer = {}
    with pytest.raises(EngineError) as no_answer:
        await engine.business_profile("4915112345678")
    assert no_answer.value.code == "group_call_failed"


@pytest.mark.parametrize("code", ["not_a_business", "picture_invalid"])
def test_the_hosts_profile_refusals_keep_their_codes(code: str) -> None:
    refused = Reply.model_validate({"type": "reply", "id": 1, "error": {"code": code}})
    with pytest.raises(EngineError) as raised:
        check(refused, "group_call_failed")
    assert raised.value.code == code
