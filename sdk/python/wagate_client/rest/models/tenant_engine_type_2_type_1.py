from typing import Literal

TenantEngineType2Type1 = Literal["sim", "whatsmeow"]

TENANT_ENGINE_TYPE_2_TYPE_1_VALUES: set[TenantEngineType2Type1] = {
    "sim",
    "whatsmeow",
}


def check_tenant_engine_type_2_type_1(value: str) -> TenantEngineType2Type1:
    if value in TENANT_ENGINE_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TENANT_ENGINE_TYPE_2_TYPE_1_VALUES!r}"
    )
