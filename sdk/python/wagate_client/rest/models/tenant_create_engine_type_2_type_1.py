from typing import Literal

TenantCreateEngineType2Type1 = Literal["sim", "whatsmeow"]

TENANT_CREATE_ENGINE_TYPE_2_TYPE_1_VALUES: set[TenantCreateEngineType2Type1] = {
    "sim",
    "whatsmeow",
}


def check_tenant_create_engine_type_2_type_1(value: str) -> TenantCreateEngineType2Type1:
    if value in TENANT_CREATE_ENGINE_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TENANT_CREATE_ENGINE_TYPE_2_TYPE_1_VALUES!r}"
    )
