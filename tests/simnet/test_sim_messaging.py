"""The sim network's model of issue 17's messages, in-process (a Network, no sockets): the
receiving phone applies reactions, edits, revokes and votes as WhatsApp's apps do, and
ignores what they ignore."""

from __future__ import annotations

import base64
import secrets
from typing import get_args

import pytest
from cryptography.exceptions import InvalidTag

from simnet import messaging as m
from simnet.network import Network
from simnet.poll_crypto import decrypt_vote, encrypt_vote, option_hash
from wagate.bus.codec import encode
from wagate.content import (
    EDIT_WINDOW_S,
    ContactCard,
    Contacts,
    Keep,
    Location,
    Pin,
    Poll,
    SentAsIs,
)


class Clock:
    def __init__(self) -> None:
        self.ms = 1_767_225_600_000

    def __call__(self) -> int:
        return self.ms


def _network() -> tuple[Network, Clock, str, str]:
    clock = Clock()
    network = Network(clock_ms=clock)
    network.add_phone("79000000001")
    network.add_phone("79000000002")
    return network, clock, "79000000001", "79000000002"


def test_an_edit_applies_only_from_its_sender_and_within_the_window() -> None:
    network, clock, alice, bob = _network()
    first = network.send_from_phone(alice, bob, "helo")
    second = network.send_from_phone(alice, bob, "wrold")
    network.phone_act(alice, bob, m.EDIT, {"target": {"id": first.id}, "text": "hello"})
    # bob cannot edit alice's message, and alice cannot once the window has passed
    network.phone_act(bob, alice, m.EDIT, {"target": {"id": second.id}, "text": "mine"})
    clock.ms += EDIT_WINDOW_S * 1000 + 1
    network.phone_act(alice, bob, m.EDIT, {"target": {"id": second.id}, "text": "world"})
    assert network.messaging.applied(bob, first.id) == {"editedText": "hello"}
    late = network.messaging.applied(bob, second.id)
    assert "editedText" not in late and late["ignored"] == [
        f"edit {network.phones[bob].inbox[-1].id}: after the edit window"
    ]
    assert network.messaging.applied(alice, second.id)["ignored"][0].endswith(
        "not from the message's sender"
    )


def test_a_revoke_applies_only_from_its_sender_and_reactions_replace_each_other() -> None:
    network, _, alice, bob = _network()
    msg = network.send_from_phone(alice, bob, "oops")
    network.phone_act(bob, alice, m.REVOKE, {"target": {"id": msg.id}})
    assert network.messaging.applied(alice, msg.id)["ignored"][0].endswith(
        "not from the message's sender"
    )
    network.phone_act(bob, alice, m.REACTION, {"target": {"id": msg.id}, "emoji": "😮"})
    network.phone_act(bob, alice, m.REACTION, {"target": {"id": msg.id}, "emoji": "😂"})
    assert network.messaging.applied(alice, msg.id)["reactions"] == {bob: "😂"}
    network.phone_act(alice, bob, m.REVOKE, {"target": {"id": msg.id}})
    assert network.messaging.applied(bob, msg.id) == {"revoked": True}
    network.phone_act(alice, bob, m.REACTION, {"target": {"id": "NOPE"}, "emoji": "x"})
    assert network.messaging.applied(bob, "NOPE")["ignored"] == [
        f"reaction {network.phones[bob].inbox[-1].id}: no such message"
    ]


def test_a_vote_is_read_only_with_the_polls_secret() -> None:
    network, _, alice, bob = _network()
    secret = m.new_poll_secret()
    content = {"question": "Q", "options": ["a", "b", "c"], "selectable": 2, "secret": secret}
    poll = network.phone_act(alice, bob, m.POLL, content)
    network.phone_act(bob, alice, m.POLL_VOTE, network.messaging.vote_content(bob, poll.id, ["c"]))
    assert network.messaging.applied(alice, poll.id) == {"votes": {bob: ["c"]}}
    # a vote sealed with another secret does not open: ignored, as WhatsApp's apps do
    payload, iv = encrypt_vote(secrets.token_bytes(32), poll.id, alice, bob, ["a"])
    forged = {
        "target": {"id": poll.id, "from": alice},
        "enc_payload": base64.b64encode(payload).decode(),
        "enc_iv": base64.b64encode(iv).decode(),
    }
    network.phone_act(bob, alice, m.POLL_VOTE, forged)
    applied = network.messaging.applied(alice, poll.id)
    assert applied["votes"] == {bob: ["c"]} and applied["ignored"][0].endswith("does not decrypt")


def test_vote_encryption_binds_the_poll_creator_and_voter() -> None:
    secret = secrets.token_bytes(32)
    payload, iv = encrypt_vote(secret, "3EB0POLL", "79000000001", "79000000002", ["x", "y"])
    hashes = decrypt_vote(secret, "3EB0POLL", "79000000001", "79000000002", payload, iv)
    assert hashes == [option_hash("x"), option_hash("y")]
    for poll, creator, voter in (
        ("3EB0OTHER", "79000000001", "79000000002"),
        ("3EB0POLL", "79000000003", "79000000002"),
        ("3EB0POLL", "79000000001", "79000000003"),
    ):
        with pytest.raises(InvalidTag):
            decrypt_vote(secret, poll, creator, voter, payload, iv)


def test_every_kind_a_device_sends_has_the_phones_model() -> None:
    """The sim engine sends any kind but text in the bus's encoding; the network must
    model each (a kind added to wagate/content.py without one would be bad_frame)."""
    tags = {kind.TAGS[0] for kind in get_args(SentAsIs)} - {"text"}
    assert tags <= set(m.FROM_DEVICE), tags - set(m.FROM_DEVICE)


def test_a_device_message_in_the_bus_encoding_becomes_the_phones_model() -> None:
    target = {"id": "3EB0T", "from": "79000000001"}
    place = m.from_device("location", encode(Location(1.5, 2.5, "Home")), None, "")
    assert place == {"latitude": 1.5, "longitude": 2.5, "name": "Home"}
    cards = m.from_device("contacts", encode(Contacts([ContactCard("Ann", "V")])), None, "")
    assert cards == {"contacts": [{"name": "Ann", "vcard": "V"}]}
    poll = m.from_device("poll", encode(Poll("Q?", ["a", "b"], 1)), None, "c2VjcmV0")
    assert poll == {"question": "Q?", "options": ["a", "b"], "selectable": 1, "secret": "c2VjcmV0"}
    pin = m.from_device("pin", encode(Pin("3EB0T", 86400)), target, "")
    assert pin == {"target": target, "seconds": 86400}
    keep = m.from_device("keep", encode(Keep("3EB0T", keep=False)), target, "")
    assert keep == {"target": target, "keep": False}

    malformed = [
        ("pin", encode(Pin("3EB0T", 86400)), None),  # no target
        ("keep", encode(Pin("3EB0T", 86400)), target),  # a content of another kind
        ("location", {"kind": "location", "latitude": 1}, None),  # a field missing
        ("hologram", {"kind": "hologram"}, None),
        ("poll", "not an object", None),
    ]
    for kind, content, named in malformed:
        with pytest.raises(ValueError):
            m.from_device(kind, content, named, "")
