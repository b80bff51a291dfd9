from typing import Literal

SessionFieldsEngine = Literal["sim", "whatsmeow"]

SESSION_FIELDS_ENGINE_VALUES: set[SessionFieldsEngine] = {
    "sim",
    "whatsmeow",
}


def check_session_fields_engine(value: str) -> SessionFieldsEngine:
    if value in SESSION_FIELDS_ENGINE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SESSION_FIELDS_ENGINE_VALUES!r}")
