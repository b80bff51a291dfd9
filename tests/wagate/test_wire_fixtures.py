"""Bus entries of every release this one still reads (tests/wagate/wire_fixtures/, made by
each release's own code) decode to what they meant; this tree encodes exactly its own
fixtures, so a change of the wire format shows in review as a change of those files."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests import REPO_ROOT
from tests.releases import SCOPE_SINCE, Release, checkout, current, previous, releases
from tests.wagate.wire_fixtures.generate import TENANT, fixtures
from wagate import bus
from wagate.bus import (
    Command,
    CommandRefused,
    CommandScope,
    CommandType,
    Event,
    Reply,
    legacy_sends,
    replies,
)

FIXTURES = Path(__file__).parent / "wire_fixtures"
# the oldest release whose entries this one reads: v0.1.0 named the tenant company_id
READS_SINCE = (0, 1, 0)
READ = [r for r in releases() if r.number >= READS_SINCE]
# command types this tree added after a release: absent from that release's entries (an
# older gateway never sends them); every other type must be in each release's fixtures
NEW_SINCE = {
    CommandType.SUBSCRIBE_PRESENCE: (0, 3, 0),
    CommandType.REQUEST_HISTORY: (0, 3, 0),
    CommandType.CHAT_STATE: (0, 3, 0),
    CommandType.GROUP_SETTINGS: (0, 3, 0),
    CommandType.GROUP_PICTURE: (0, 3, 0),
    CommandType.GROUP_REQUESTS: (0, 3, 0),
    CommandType.ANSWER_GROUP_REQUESTS: (0, 3, 0),
    CommandType.REJECT_CALL: (0, 3, 0),
    CommandType.LIST_CALLS: (0, 3, 0),
    CommandType.GET_PRIVACY: (0, 3, 0),
    CommandType.SET_PRIVACY: (0, 3, 0),
    CommandType.GET_BLOCKLIST: (0, 3, 0),
    CommandType.UPDATE_BLOCKLIST: (0, 3, 0),
    CommandType.LOOKUP_LIDS: (0, 3, 0),
    CommandType.SET_PROFILE: (0, 3, 0),
    CommandType.PROFILE_PICTURE: (0, 3, 0),
    CommandType.BUSINESS_PROFILE: (0, 3, 0),
    CommandType.LIST_CHANNELS: (0, 3, 0),
    CommandType.CHANNEL_INFO: (0, 3, 0),
    CommandType.FOLLOW_CHANNEL: (0, 3, 0),
    CommandType.CHANNEL_POSTS: (0, 3, 0),
}
EVENTS_NEW_SINCE = {
    bus.EventType.HISTORY_SYNC: (0, 3, 0),
    bus.EventType.CALL: (0, 3, 0),
    bus.EventType.STATUS: (0, 3, 0),
}


def _load(release: Release, name: str) -> dict[str, Any]:
    path = FIXTURES / release.version / f"{name}.json"
    assert path.exists(), f"{release.version} has no {name} fixtures: generate.py makes them"
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded


def test_the_releases_read_include_the_previous_one() -> None:
    assert current() in READ and previous() in READ


def test_a_release_missing_from_the_history_fails_saying_so() -> None:
    missing = Release("v9.9.9", (9, 9, 9), "0" * 40)
    with pytest.raises(RuntimeError, match="not in this repository's history"), checkout(missing):
        pass


def test_the_package_is_the_newest_release() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert f"v{project['version']}" == current().version


def test_this_tree_encodes_exactly_its_own_fixtures() -> None:
    made = fixtures()
    for name, entries in made.items():
        assert entries == _load(current(), name), f"{name}: run wire_fixtures/generate.py"


@pytest.mark.parametrize("release", READ, ids=lambda r: r.version)
def test_every_command_of_a_release_decodes_to_its_tenant_or_is_refused(
    release: Release,
) -> None:
    entries = _load(release, "commands")
    # v0.2.0's sends (one command per kind of message) are read as send_message
    read_as = {
        kind: CommandType.SEND_MESSAGE if kind in legacy_sends.COMMANDS else CommandType(kind)
        for kind in {name.split(".")[0] for name in entries}
    }
    known_then = {t for t in CommandType if release.number >= NEW_SINCE.get(t, (0, 0, 0))}
    assert set(read_as.values()) == known_then
    for name, fields in entries.items():
        kind, scope = name.split(".")
        if scope == "operator" and release.number < SCOPE_SINCE:
            # its entry cannot say it is an operator's: refused, never run for everyone
            with pytest.raises(CommandRefused) as refused:
                Command.from_fields(fields)
            assert refused.value.code == "command_scope_invalid", name
            continue
        command = Command.from_fields(fields)
        assert (command.type, command.scope) == (read_as[kind], CommandScope(scope)), name
        assert command.tenant_id == (TENANT if scope == "tenant" else None), name
        # nothing the release sent is lost: the payload reads back as it was sent
        sent = json.loads(fields["payload"])
        assert {k: command.payload_fields().get(k) for k in sent} == sent, name


@pytest.mark.parametrize("release", READ, ids=lambda r: r.version)
def test_every_reply_of_a_release_decodes_to_its_result(release: Release) -> None:
    entries = _load(release, "replies")
    for name, wire in entries.items():
        reply = Reply.from_json(json.dumps(wire))
        if name == "failure":
            assert (reply.ok, reply.code, reply.retry_after_s) == (False, "rate_overlimit", 2.5)
            continue
        result = reply.result(getattr(replies, name))
        assert {k: bus.Reply.success(result).data.get(k) for k in wire["data"]} == wire["data"]


@pytest.mark.parametrize("release", READ, ids=lambda r: r.version)
def test_every_event_of_a_release_decodes_to_its_tenant(release: Release) -> None:
    entries = _load(release, "events")
    known_then = {
        kind.value
        for kind in bus.EventType
        if release.number >= EVENTS_NEW_SINCE.get(kind, (0, 0, 0))
    }
    assert set(entries) == known_then
    for name, fields in entries.items():
        event = Event.from_fields(fields)
        assert (event.type, event.tenant_id, event.id) == (name, TENANT, fields["id"])
        assert event.data == {"sample": name}


@pytest.mark.parametrize(
    "release",
    [r for r in READ if (FIXTURES / r.version / "inbox.json").exists()],
    ids=lambda r: r.version,
)
def test_a_reply_inbox_of_a_release_is_named_and_answered_as_it_was(release: Release) -> None:
    """The command names its gateway's inbox; the entry in it names the command."""
    written = _load(release, "inbox")
    assert bus.inbox_of(written["command"]) == "0123456789abcdef0123456789abcdef"
    command_id, reply = bus.read_inbox_entry(written["entry"])
    assert command_id == Command.from_fields(written["command"]).id
    assert (reply.ok, reply.code) == (False, "session_not_found")
