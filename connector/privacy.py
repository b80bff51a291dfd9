"""WhatsApp's names of the privacy settings (whatsmeow's PrivacySettingType, which the sim
network speaks too) for the API's, in one place for both engines."""

from __future__ import annotations

from collections.abc import Mapping

from wagate.bus.replies import PrivacySettings

# the API's name (wagate.bus.commands.PRIVACY_VALUES) -> WhatsApp's
WHATSAPP_NAMES: dict[str, str] = {
    "lastSeen": "last",
    "online": "online",
    "picture": "profile",
    "about": "status",
    "groups": "groupadd",
    "readReceipts": "readreceipts",
    "calls": "calladd",
}


def settings_of(by_whatsapp_name: Mapping[str, str]) -> PrivacySettings:
    """The settings WhatsApp answered ("" for one it did not say)."""

    def value(api_name: str) -> str:
        return by_whatsapp_name.get(WHATSAPP_NAMES[api_name], "")

    return PrivacySettings(
        last_seen=value("lastSeen"),
        online=value("online"),
        picture=value("picture"),
        about=value("about"),
        groups=value("groups"),
        read_receipts=value("readReceipts"),
        calls=value("calls"),
    )
