"""The public JSON of event bodies: keys, nulls, omissions and key order exactly as the
dicts they replaced rendered them (receivers may hash or compare webhook bodies)."""

from __future__ import annotations

import json

from wagate import public_events
from wagate.bus import EventType
from wagate.public_events import (
    Body,
    Content,
    ErrorBody,
    LocationInfo,
    MediaInfo,
    MessageBody,
    PersonRef,
    ReactionBody,
    Reconnecting,
    Sender,
    StateChange,
    event,
)


def _json(body: Body) -> str:
    made = event("t", body)
    return f"{made.type.value} {json.dumps(made.data, ensure_ascii=False)}"


def test_a_group_message_names_its_author_and_omits_what_it_lacks() -> None:
    body = MessageBody(
        message_id="m2",
        sender=None,
        text="hi",
        timestamp=1000,
        from_lid="lid1",
        chat="g@g.us",
        author=PersonRef(phone=None, lid="lid1"),
        media=MediaInfo(
            type="image",
            mimetype="image/png",
            caption="cap",
            filename="f.png",
            size_bytes=10,
            sha256="ab",
            duration_seconds=3,
            width=4,
            height=5,
        ),
        ephemeral=True,
        view_once=True,
    )
    assert _json(body) == (
        'message {"messageId": "m2", "from": null, "text": "hi", "timestamp": 1000, '
        '"fromLid": "lid1", "chat": "g@g.us", "author": {"phone": null, "lid": "lid1"}, '
        '"media": {"type": "image", "mimetype": "image/png", "caption": "cap", '
        '"filename": "f.png", "sizeBytes": 10, "sha256": "ab", "durationSeconds": 3, '
        '"width": 4, "height": 5}, "ephemeral": true, "viewOnce": true}'
    )


def test_a_location_joins_the_message_and_a_1to1_message_has_no_author() -> None:
    body = MessageBody(
        message_id="m4",
        sender="7901",
        text="",
        timestamp=1000,
        chat="7901",
        content=Content(type="location", location=LocationInfo(latitude=1.5, longitude=2.5)),
    )
    assert _json(body) == (
        'message {"messageId": "m4", "from": "7901", "text": "", "timestamp": 1000, '
        '"chat": "7901", "type": "location", "location": {"latitude": 1.5, "longitude": 2.5}}'
    )


def test_a_reaction_names_who_reacted_after_its_own_fields() -> None:
    body = ReactionBody(
        message_id="m1",
        emoji="",
        removed=True,
        timestamp=5,
        person=Sender(sender=None, from_lid="lidx", chat="g@g.us"),
    )
    assert _json(body) == (
        'reaction {"messageId": "m1", "emoji": "", "removed": true, "timestamp": 5, '
        '"from": null, "fromLid": "lidx", "chat": "g@g.us"}'
    )


def test_a_transition_leads_with_its_change_and_keeps_a_null_reason() -> None:
    change = StateChange(state="reconnecting", previous="reconnecting", reason=None)
    body = Reconnecting(change=change, attempt=1, delay_seconds=1.0, detail="dead socket")
    assert _json(body) == (
        'reconnecting {"state": "reconnecting", "previous": "reconnecting", "reason": null, '
        '"attempt": 1, "delaySeconds": 1.0, "detail": "dead socket"}'
    )


def test_an_overlimit_error_keeps_its_retry_before_its_message() -> None:
    body = ErrorBody(code="rate_overlimit", retry_after_seconds=5.0, message="slow down")
    assert _json(body) == (
        'error {"code": "rate_overlimit", "retryAfterSeconds": 5.0, "message": "slow down"}'
    )


def test_every_event_kind_has_exactly_one_body() -> None:
    kinds = [
        cls.__dict__["KIND"]
        for cls in vars(public_events).values()
        if isinstance(cls, type) and "KIND" in cls.__dict__
    ]
    assert sorted(kinds) == sorted(EventType)
