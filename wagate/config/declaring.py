"""`setting(...)`: a settings field that also says its variable, reader and meaning.

A field declared with it is one setting: its attribute is the field's name, its type the
field's annotation, and everything else is said once, here, in the call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from wagate.config.readers import Reader

T = TypeVar("T")
_DECLARED = "wagate.setting"
_UNSET_FLAG = "wagate.unset_flag"


@dataclass(frozen=True)
class Declared:
    env: str  # the environment variable
    default: Any
    read: Reader
    meaning: str  # as docs/configuration.md says it
    cli: bool  # the `wagate` command reads it too (besides the processes of its group)
    shown: str | None  # the documented default when it is not the literal value
    when_unset: Callable[[], Any] | None  # a default worked out at start (not documented)


def setting(
    env: str,
    default: T,
    read: Reader,
    meaning: str,
    *,
    cli: bool = False,
    shown: str | None = None,
    when_unset: Callable[[], T] | None = None,
) -> T:
    declared = Declared(env, default, read, meaning, cli, shown, when_unset)
    field: T = dataclasses.field(default=default, metadata={_DECLARED: declared})
    return field


def unset_flag(env: str) -> bool:
    """A field that is True when `env` is unset or empty (not a variable of its own)."""
    field: bool = dataclasses.field(default=True, metadata={_UNSET_FLAG: env})
    return field


def declared_of(field: dataclasses.Field[Any]) -> Declared | None:
    found = field.metadata.get(_DECLARED)
    return found if isinstance(found, Declared) else None


def read_declared(env: Mapping[str, str], declared: Declared) -> Any:
    raw = env.get(declared.env)
    if raw is None or raw == "":
        return declared.when_unset() if declared.when_unset else declared.default
    value = declared.read(declared.env, raw)
    return declared.default if value is None else value


def read_one(cls: type[Any], attribute: str, env: Mapping[str, str]) -> Any:
    declared = declared_of(cls.__dataclass_fields__[attribute])
    assert declared is not None, attribute
    return read_declared(env, declared)


def read_fields(cls: type[Any], env: Mapping[str, str]) -> dict[str, Any]:
    """Every field of the settings class `cls`, read from `env`."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        declared = declared_of(field)
        if declared is not None:
            values[field.name] = read_declared(env, declared)
        elif _UNSET_FLAG in field.metadata:
            values[field.name] = not env.get(field.metadata[_UNSET_FLAG])
    return values
