from typing import Literal

TenantEngineType3Type1 = Literal["sim", "whatsmeow"]

TENANT_ENGINE_TYPE_3_TYPE_1_VALUES: set[TenantEngineType3Type1] = {
    "sim",
    "whatsmeow",
}


def check_tenant_engine_type_3_type_1(value: str) -> TenantEngineType3Type1:
    if value in TENANT_ENGINE_TYPE_3_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TENANT_ENGINE_TYPE_3_TYPE_1_VALUES!r}"
    )
