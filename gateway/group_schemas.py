"""Request bodies and path parameters of the number-check, contact and group routes.

Mirrored in openapi.yaml (the contract test holds the two together), as gateway/schemas.py.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import WithJsonSchema

from gateway.errors import ApiError
from gateway.schemas import GROUP_ID, LID, _phone_digits, refuse_null
from wagate.bus import GroupSettings
from wagate.public_events import DISAPPEARING_TIMERS

MAX_NUMBERS_PER_CHECK = 50
MAX_PARTICIPANTS_PER_CHANGE = 50
MAX_SUBJECT_CHARS = 100  # WhatsApp's limits
MAX_DESCRIPTION_CHARS = 2048
INVITE_PATTERN = r"^(https://chat\.whatsapp\.com/)?[A-Za-z0-9]{10,40}$"

Phones = list[str]
DisappearingTimer = Literal["off", "24h", "7d", "90d"]  # DISAPPEARING_TIMERS' names
MemberAddMode = Literal["admin_add", "all_member_add"]


def _phones(values: list[str]) -> list[str]:
    """Each a phone number (E.164 digits, no +), each once, in the order given."""
    digits = []
    for i, value in enumerate(values):
        try:
            digits.append(_phone_digits(value))
        except ValueError as e:
            raise ValueError(f"item {i}: {e}") from None
    return list(dict.fromkeys(digits))


class NumberCheck(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    phones: Phones = Field(
        min_length=1,
        max_length=MAX_NUMBERS_PER_CHECK,
        description="numbers to check, 7 to 15 digits each, optional leading +",
    )

    _phones = field_validator("phones")(_phones)


class GroupCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    subject: str = Field(min_length=1, max_length=MAX_SUBJECT_CHARS)
    participants: Phones = Field(min_length=1, max_length=MAX_PARTICIPANTS_PER_CHANGE)

    _phones = field_validator("participants")(_phones)


class GroupUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    # absent: unchanged; null is refused; an empty description clears it
    subject: Annotated[
        str | None,
        WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_SUBJECT_CHARS}),
    ] = Field(default=None, min_length=1, max_length=MAX_SUBJECT_CHARS)
    description: Annotated[
        str | None, WithJsonSchema({"type": "string", "maxLength": MAX_DESCRIPTION_CHARS})
    ] = Field(default=None, max_length=MAX_DESCRIPTION_CHARS)

    _not_null = field_validator("subject", "description")(refuse_null)

    @model_validator(mode="after")
    def _something(self) -> GroupUpdate:
        if not self.model_fields_set:
            raise ValueError("give subject, description or both")
        return self


class ParticipantsChange(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    action: Literal["add", "remove", "promote", "demote"]
    participants: Phones = Field(min_length=1, max_length=MAX_PARTICIPANTS_PER_CHANGE)

    _phones = field_validator("participants")(_phones)


# settings fields may be absent (unchanged) but never null: their schemas say the type alone
SetBool = Annotated[bool | None, WithJsonSchema({"type": "boolean"})]
SetTimer = Annotated[
    DisappearingTimer | None,
    WithJsonSchema({"type": "string", "enum": list(get_args(DisappearingTimer))}),
]
SetAddMode = Annotated[
    MemberAddMode | None,
    WithJsonSchema({"type": "string", "enum": list(get_args(MemberAddMode))}),
]


class GroupSettingsChange(BaseModel):
    """Absent: unchanged; null is refused. WhatsApp takes each as its own request."""

    model_config = ConfigDict(extra="forbid", strict=True)

    announce: SetBool = None  # only admins send messages
    locked: SetBool = None  # only admins edit the group's info
    disappearingTimer: SetTimer = None
    memberAddMode: SetAddMode = None  # who may add members
    joinApproval: SetBool = None  # joining by link waits for an admin

    _not_null = field_validator("*")(refuse_null)

    @model_validator(mode="after")
    def _something(self) -> GroupSettingsChange:
        if not self.model_fields_set:
            raise ValueError(f"give at least one of {', '.join(type(self).model_fields)}")
        return self

    def settings(self) -> GroupSettings:
        timer = self.disappearingTimer
        return GroupSettings(
            announce=self.announce,
            locked=self.locked,
            disappearing_s=DISAPPEARING_TIMERS[timer] if timer is not None else None,
            member_add_mode=self.memberAddMode,
            join_approval=self.joinApproval,
        )


class JoinRequestsAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    action: Literal["approve", "reject"]
    participants: Phones = Field(min_length=1, max_length=MAX_PARTICIPANTS_PER_CHANGE)

    _phones = field_validator("participants")(_phones)


class GroupJoin(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    code: str = Field(
        pattern=INVITE_PATTERN,
        description="an invite code, or the whole https://chat.whatsapp.com/… link",
    )

    def invite_code(self) -> str:
        return self.code.rsplit("/", 1)[-1]


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(
        "validation_failed",
        f"{field}: {message}",
        details=[{"field": field, "message": message}],
    )


def group_id_param(value: str) -> str:
    """The path's group id: `…@g.us`, or its digits alone (the server part is implied)."""
    group_id = value if value.endswith("@g.us") else value + "@g.us"
    if len(group_id) > 64 or not GROUP_ID.fullmatch(group_id):
        raise _invalid("groupId", "is not a group id (digits, optionally -digits, then @g.us)")
    return group_id


def lid_param(value: str) -> str:
    """A LID in a path: its digits, with or without `@lid`; returned as digits."""
    digits = value.removesuffix("@lid")
    if not LID.fullmatch(f"{digits}@lid"):
        raise _invalid("lid", "is not a LID (1 to 24 digits, optionally then @lid)")
    return digits


def phone_param(value: str) -> str:
    try:
        return _phone_digits(value)
    except ValueError as e:
        raise _invalid("phone", str(e)) from None
