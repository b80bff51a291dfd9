from typing import Literal

TenantUpdateEngineType2Type1 = Literal["sim", "whatsmeow"]

TENANT_UPDATE_ENGINE_TYPE_2_TYPE_1_VALUES: set[TenantUpdateEngineType2Type1] = {
    "sim",
    "whatsmeow",
}


def check_tenant_update_engine_type_2_type_1(value: str) -> TenantUpdateEngineType2Type1:
    if value in TENANT_UPDATE_ENGINE_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TENANT_UPDATE_ENGINE_TYPE_2_TYPE_1_VALUES!r}"
    )
