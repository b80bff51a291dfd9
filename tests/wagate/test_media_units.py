"""Media's pure parts, in milliseconds: what each kind takes (sniffed, not trusted), the
signed links, and the webhook body that gets a fresh link per attempt."""

from __future__ import annotations

import json
import struct

import pytest

from connector.webhooks.media_links import MediaLinks
from connector.webhooks.sender import Outgoing
from devstack import media_files
from wagate import media_links
from wagate.config import Settings
from wagate.media_types import OGG_OPUS, MediaRefused, check

SETTINGS = Settings()


def _refused(kind: str, declared: str | None, data: bytes) -> MediaRefused:
    with pytest.raises(MediaRefused) as caught:
        check(SETTINGS, kind, declared, data[:4096], len(data))
    return caught.value


def test_the_bytes_decide_the_type() -> None:
    pdf, png = media_files.pdf(), media_files.png(2000)
    e = _refused("image", "image/png", pdf)
    assert e.code == "media_type_mismatch" and "application/pdf" in e.message
    assert _refused("image", None, pdf).code == "media_type_not_allowed"
    assert _refused("sticker", None, png).code == "media_type_not_allowed"
    assert _refused("image", "image/png", b"").code == "media_type_mismatch"
    assert _refused("document", "not a type", pdf).code == "media_type_not_allowed"
    # declared or not, aliases and generic types
    assert check(SETTINGS, "image", None, png, len(png)).mimetype == "image/png"
    jpeg = media_files.jpeg()
    assert check(SETTINGS, "image", "image/jpg", jpeg, len(jpeg)).mimetype == "image/jpeg"
    got = check(SETTINGS, "document", "application/octet-stream", pdf, len(pdf))
    assert got.mimetype == "application/pdf"
    csv = b"a,b\n1,2\n"  # nothing to sniff: a document keeps what it was declared
    assert check(SETTINGS, "document", "text/csv", csv, len(csv)).mimetype == "text/csv"


def test_voice_notes_are_opus_or_converted() -> None:
    opus, wav, mp3 = media_files.ogg_opus(), media_files.wav(), media_files.mp3()
    assert check(SETTINGS, "voice", None, opus, len(opus)).mimetype == OGG_OPUS
    for audio in (wav, mp3):
        got = check(SETTINGS, "voice", None, audio, len(audio))
        assert got.needs_conversion and got.mimetype == OGG_OPUS
    assert _refused("voice", None, media_files.pdf()).code == "media_type_not_allowed"


def test_static_and_animated_sticker_caps() -> None:
    static = media_files.webp()
    big = static[:4096]
    e = _refused("sticker", None, big + b"\0" * (SETTINGS.media_max_sticker_bytes + 1))
    assert e.code == "media_too_large"
    # RIFF....WEBPVP8X with the animation flag: held to the animated cap instead
    animated = b"RIFF" + struct.pack("<I", 0) + b"WEBPVP8X" + struct.pack("<I", 10) + b"\x02"
    animated += b"\0" * 64
    size = SETTINGS.media_max_sticker_bytes + 1
    assert check(SETTINGS, "sticker", None, animated, size).mimetype == "image/webp"


def test_signed_links_hold_tenant_id_and_expiry() -> None:
    secret, now = "s" * 40, 1_800_000_000.0
    sig = media_links.signature(secret, "co-1", "med_1", int(now) + 60)
    assert media_links.verify(secret, "co-1", "med_1", int(now) + 60, sig, now) is None
    for tenant, media_id, expires in (
        ("co-2", "med_1", int(now) + 60),
        ("co-1", "med_2", int(now) + 60),
        ("co-1", "med_1", int(now) + 61),
    ):
        assert media_links.verify(secret, tenant, media_id, expires, sig, now) == (
            "media_url_invalid"
        )
    assert media_links.verify("t" * 40, "co-1", "med_1", int(now) + 60, sig, now) == (
        "media_url_invalid"
    )
    assert media_links.verify(secret, "co-1", "med_1", int(now) + 60, sig, now + 61) == (
        "media_url_expired"
    )


def test_each_webhook_attempt_gets_a_fresh_link_and_nothing_else_changes() -> None:
    links = MediaLinks("https://wagate.example/", "s" * 40, ttl_s=3600)
    data = {"messageId": "M1", "text": "", "media": {"id": "med_1", "type": "image"}}
    body = {"id": "evt_1", "type": "message", "companyId": "co-1", "timestamp": 1, "data": data}
    out = Outgoing("evt_1", "https://r.example/h", json.dumps(body), ("whsec_x",), {})
    sent = json.loads(links.add("co-1", "message", out).body)
    media = sent["data"].pop("media")
    assert sent["data"] == {"messageId": "M1", "text": ""}
    assert media["downloadUrl"].startswith("https://wagate.example/api/whatsapp/media/med_1?")
    assert media["downloadUrlExpiresAt"].endswith("Z")
    # events without an attachment row go out exactly as stored
    plain = Outgoing("evt_2", "https://r.example/h", '{"type":"message","data":{}}', (), {})
    assert links.add("co-1", "message", plain) is plain
    assert links.add("co-1", "receipt", out) is out


def test_a_status_with_a_photo_gets_its_link_too() -> None:
    links = MediaLinks("https://wagate.example/", "s" * 40, ttl_s=3600)
    data = {"messageId": "S1", "from": "7901", "text": "new", "media": {"id": "med_2"}}
    body = {"id": "evt_3", "type": "status", "companyId": "co-1", "timestamp": 1, "data": data}
    out = Outgoing("evt_3", "https://r.example/h", json.dumps(body), ("whsec_x",), {})
    media = json.loads(links.add("co-1", "status", out).body)["data"]["media"]
    assert media["downloadUrl"].startswith("https://wagate.example/api/whatsapp/media/med_2?")
