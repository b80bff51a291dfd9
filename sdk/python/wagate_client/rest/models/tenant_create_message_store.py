from typing import Literal

TenantCreateMessageStore = Literal["full", "metadata", "off"]

TENANT_CREATE_MESSAGE_STORE_VALUES: set[TenantCreateMessageStore] = {
    "full",
    "metadata",
    "off",
}


def check_tenant_create_message_store(value: str) -> TenantCreateMessageStore:
    if value in TENANT_CREATE_MESSAGE_STORE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TENANT_CREATE_MESSAGE_STORE_VALUES!r}"
    )
