"""The one codec of payloads and results: dataclasses <-> JSON objects, camelCase keys.

A field whose type is a union of dataclasses that declare `TAGS` (a ClassVar tuple of
names) is a tagged union: the object carries its class's tag under "kind", and is decoded
by it. A member with a `kind` field of its own (an attachment: image, voice, ...) carries
that, and takes every tag no other member names: its kind was free text on the wire
before it was a tag, and is checked where it is used."""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


TAG = "kind"  # where a tagged union's object says its class


@dataclasses.dataclass(frozen=True)
class _Field:
    """A dataclass field as the codec writes and reads it, worked out once per class:
    spelling keys and resolving types on every command and reply was most of the codec's
    cost."""

    name: str
    key: str  # its camelCase key on the wire
    required: bool  # no default: a wire object without it is malformed
    none_default: bool  # an optional field left at None stays off the wire


# how a present value becomes its field's (a nested dataclass, a list of them, a tagged
# union); None: as it is
Convert = Callable[[Any], Any] | None

_WRITTEN: dict[type, tuple[_Field, ...]] = {}
_READ: dict[type, tuple[tuple[_Field, Convert], ...]] = {}


def _written(cls: type) -> tuple[_Field, ...]:
    found = _WRITTEN.get(cls)
    if found is None:
        found = _WRITTEN[cls] = tuple(
            _Field(
                f.name,
                _camel(f.name),
                f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
                f.default is None,
            )
            for f in dataclasses.fields(cls)
        )
    return found


def _read(cls: type) -> tuple[tuple[_Field, Convert], ...]:
    """The fields with their conversions; the types are resolved (typing's ForwardRef
    work) only here, for a class that is decoded."""
    found = _READ.get(cls)
    if found is None:
        hints = get_type_hints(cls)
        found = _READ[cls] = tuple((f, _converter(hints[f.name])) for f in _written(cls))
    return found


def _converter(hint: Any) -> Convert:
    if dataclasses.is_dataclass(nested := _optional(hint)):
        return lambda value: None if value is None else decode(nested, value)  # type: ignore[arg-type]
    if get_origin(hint) is list and dataclasses.is_dataclass(item := get_args(hint)[0]):
        return lambda values: [decode(item, v) for v in values]  # type: ignore[arg-type]
    if (tagged := _tagged(hint)) is not None:
        return lambda value: decode(_by_tag(tagged, value), value)
    return None


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        tags: tuple[str, ...] | None = getattr(value, "TAGS", None)
        out: dict[str, Any] = {TAG: tags[0]} if tags else {}  # a `kind` field says its own
        for f in _written(type(value)):
            field_value = getattr(value, f.name)
            # an optional field left at None stays off the wire (absent, as before)
            if not (f.none_default and field_value is None):
                out[f.key] = encode(field_value)
        return out
    if isinstance(value, list):
        return [encode(v) for v in value]
    return value


def decode(cls: type[T], raw: dict[str, Any]) -> T:
    """A dataclass from its encoded form; nested dataclasses (alone or in a list) too.
    A malformed one raises ValueError (field values are trusted: our own encoding)."""
    if not isinstance(raw, dict):
        raise ValueError(f"{cls.__name__} is not an object")
    values: dict[str, Any] = {}
    for f, convert in _read(cls):
        if f.key not in raw:
            if f.required:
                raise ValueError(f"{cls.__name__} without {f.key}")
            continue  # the default: left off as None, or sent by an older version
        value = raw[f.key]
        values[f.name] = value if convert is None else convert(value)
    return cls(**values)


def _optional(hint: Any) -> Any:
    """`X | None` as X (the None stays off the wire, so a value present is an X)."""
    members = get_args(hint) if get_origin(hint) in (Union, types.UnionType) else ()
    if len(members) == 2 and type(None) in members:
        return next(m for m in members if m is not type(None))
    return hint


_TAGGED: dict[Any, dict[str, type] | None] = {}
_OPEN = ""  # the key of the member that takes the tags no other names


def _tagged(hint: Any) -> dict[str, type] | None:
    """A tagged union's classes by tag (None: not one), once per union."""
    if hint not in _TAGGED:
        members = get_args(hint) if get_origin(hint) in (Union, types.UnionType) else ()
        tagged = [m for m in members if getattr(m, "TAGS", None)]
        by_tag: dict[str, type] | None = None
        if tagged and tagged == list(members):
            by_tag = {tag: m for m in tagged for tag in m.TAGS}
            for member in tagged:
                if TAG in {f.name for f in dataclasses.fields(member)}:
                    by_tag[_OPEN] = member
        _TAGGED[hint] = by_tag
    return _TAGGED[hint]


def _by_tag(classes: dict[str, type], raw: Any) -> type:
    tag = raw.get(TAG) if isinstance(raw, dict) else None
    if not isinstance(tag, str) or not tag:
        raise ValueError(f"an object without its {TAG}")
    found = classes.get(tag) or classes.get(_OPEN)
    if found is None:
        raise ValueError(f"an object of unknown {TAG} {tag!r}")
    return found
