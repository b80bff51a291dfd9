from typing import Literal

TenantEngineType1 = Literal["sim", "whatsmeow"]

TENANT_ENGINE_TYPE_1_VALUES: set[TenantEngineType1] = {
    "sim",
    "whatsmeow",
}


def check_tenant_engine_type_1(value: str) -> TenantEngineType1:
    if value in TENANT_ENGINE_TYPE_1_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TENANT_ENGINE_TYPE_1_VALUES!r}")
