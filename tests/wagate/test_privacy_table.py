"""The privacy settings' table is whole: a setting added to it (or to the reply) without
the other would answer a field nobody fills, or drop one WhatsApp told."""

from __future__ import annotations

import dataclasses

from wagate.bus.privacy import PRIVACY_SETTINGS
from wagate.bus.replies import PrivacySettings


def test_each_setting_is_an_attribute_of_the_reply_and_each_attribute_a_setting() -> None:
    attributes = [s.attribute for s in PRIVACY_SETTINGS]
    assert attributes == [f.name for f in dataclasses.fields(PrivacySettings)]


def test_no_two_settings_share_a_name_anywhere() -> None:
    for name in ("name", "whatsapp", "answered_as"):
        values = [getattr(s, name) for s in PRIVACY_SETTINGS]
        assert len(set(values)) == len(values), name
