"""The one codec of payloads and results: dataclasses <-> JSON objects, camelCase keys.

A field whose type is a union of dataclasses that declare `TAGS` (a ClassVar tuple of
names) is a tagged union: the object carries its class's tag under "kind", and is decoded
by it. A member with a `kind` field of its own (an attachment: image, voice, ...) carries
that, and takes every tag no other member names: its kind was free text on the wire
before it was a tag, and is checked where it is used."""

from __future__ import annotations

import dataclasses
import types
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


TAG = "kind"  # where a tagged union's object says its class


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        tags: tuple[str, ...] | None = getattr(value, "TAGS", None)
        return {
            **({TAG: tags[0]} if tags else {}),  # a `kind` field below says its own
            **{
                _camel(f.name): encode(getattr(value, f.name))
                for f in dataclasses.fields(value)
                # an optional field left at None stays off the wire (absent, as before)
                if not (f.default is None and getattr(value, f.name) is None)
            },
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
        if value is not None and dataclasses.is_dataclass(hint := _optional(hint)):
            value = decode(hint, value)  # type: ignore[arg-type]
        elif get_origin(hint) is list and dataclasses.is_dataclass(get_args(hint)[0]):
            value = [decode(get_args(hint)[0], v) for v in value]
        elif (tagged := _tagged(hint)) is not None:
            value = decode(_by_tag(tagged, value), value)
        values[f.name] = value
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
