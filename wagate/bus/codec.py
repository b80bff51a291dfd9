"""The one codec of payloads and results: dataclasses <-> JSON objects, camelCase keys."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

T = TypeVar("T")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            _camel(f.name): encode(getattr(value, f.name))
            for f in dataclasses.fields(value)
            # an optional field left at None stays off the wire (absent, as before)
            if not (f.default is None and getattr(value, f.name) is None)
        }
    if isinstance(value, list):
        return [encode(v) for v in value]
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """A dataclass's resolved field types, once per class: resolving them (typing's
    ForwardRef work) was the codec's main cost on every command and reply decoded."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = get_type_hints(cls)
    return hints


def decode(cls: type[T], raw: dict[str, Any]) -> T:
    """A dataclass from its encoded form; nested dataclasses (alone or in a list) too.
    A malformed one raises ValueError (field values are trusted: our own encoding)."""
    if not isinstance(raw, dict):
        raise ValueError(f"{cls.__name__} is not an object")
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        key = _camel(f.name)
        if key not in raw:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ValueError(f"{cls.__name__} without {key}")
            continue  # the default: left off as None, or sent by an older version
        hint, value = hints[f.name], raw[key]
        if dataclasses.is_dataclass(hint):
            value = decode(hint, value)  # type: ignore[arg-type]
        elif get_origin(hint) is list and dataclasses.is_dataclass(get_args(hint)[0]):
            value = [decode(get_args(hint)[0], v) for v in value]
        values[f.name] = value
    return cls(**values)
