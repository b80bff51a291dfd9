"""The account's privacy settings as WhatsApp answers them (by its names, which the sim
network speaks too), for both engines."""

from __future__ import annotations

from collections.abc import Mapping

from wagate.bus.privacy import PRIVACY_SETTINGS
from wagate.bus.replies import PrivacySettings


def settings_of(by_whatsapp_name: Mapping[str, str]) -> PrivacySettings:
    """The settings WhatsApp answered ("" for one it did not say)."""
    return PrivacySettings(
        **{s.attribute: by_whatsapp_name.get(s.whatsapp, "") for s in PRIVACY_SETTINGS}
    )
