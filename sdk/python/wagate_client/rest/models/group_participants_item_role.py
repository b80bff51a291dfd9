from typing import Literal

GroupParticipantsItemRole = Literal["admin", "member", "superadmin"]

GROUP_PARTICIPANTS_ITEM_ROLE_VALUES: set[GroupParticipantsItemRole] = {
    "admin",
    "member",
    "superadmin",
}


def check_group_participants_item_role(value: str) -> GroupParticipantsItemRole:
    if value in GROUP_PARTICIPANTS_ITEM_ROLE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GROUP_PARTICIPANTS_ITEM_ROLE_VALUES!r}"
    )
