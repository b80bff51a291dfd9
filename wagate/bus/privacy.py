"""WhatsApp's privacy settings, in one table: each one's name in the API, its attribute
of `replies.PrivacySettings`, its name at WhatsApp (whatsmeow's PrivacySettingType, which
the sim network speaks too), its field in whatsmeow's types.PrivacySettings (the engine
host's answer), and the values it takes."""

from __future__ import annotations

from dataclasses import dataclass

_WHO = ("all", "contacts", "contact_blacklist", "none")
_ALL_OR_NONE = ("all", "none")


@dataclass(frozen=True)
class PrivacySetting:
    name: str  # the API's
    attribute: str  # of replies.PrivacySettings
    whatsapp: str  # whatsmeow's PrivacySettingType
    answered_as: str  # whatsmeow's types.PrivacySettings field, as the host's JSON names it
    values: tuple[str, ...]


# "about" is WhatsApp's status, "picture" its profile picture, "groups" who may add the
# account to groups, "calls" who may call it
PRIVACY_SETTINGS: tuple[PrivacySetting, ...] = (
    PrivacySetting("lastSeen", "last_seen", "last", "last_seen", _WHO),
    PrivacySetting("online", "online", "online", "online", ("all", "match_last_seen")),
    PrivacySetting("picture", "picture", "profile", "profile", _WHO),
    PrivacySetting("about", "about", "status", "status", _WHO),
    PrivacySetting("groups", "groups", "groupadd", "group_add", _WHO),
    PrivacySetting("readReceipts", "read_receipts", "readreceipts", "read_receipts", _ALL_OR_NONE),
    PrivacySetting("calls", "calls", "calladd", "call_add", ("all", "known")),
)

# the values each setting takes, by the API's name
PRIVACY_VALUES: dict[str, tuple[str, ...]] = {s.name: s.values for s in PRIVACY_SETTINGS}
# the API's name -> WhatsApp's
WHATSAPP_NAMES: dict[str, str] = {s.name: s.whatsapp for s in PRIVACY_SETTINGS}
