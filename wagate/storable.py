"""What WhatsApp sends, made storable before the session looks at it.

Any string field WhatsApp carries (a text, a caption, a file name, a mimetype, a group's
subject, an id) may hold characters PostgreSQL refuses: NUL, which `text` and `jsonb`
cannot hold, and unpaired UTF-16 surrogates (a Python str may hold one, decoded from a
JSON escape), which no UTF-8 text can hold. One stored event failing is a tenant cut
off: the network delivers the message again, and again. So every engine event passes
through `storable` at the session's edge (connector/session.py), whichever engine made
it, and so does what an engine answers a query with: every string in it, nested or not,
today's fields and tomorrow's, comes out with U+FFFD (the replacement character) in place
of each such character. A webhook receiver's answer, stored with its attempt, passes
through it too (connector/webhooks/sender.py).

Engine-private fields (a session's credentials, a media ref) are marked `OPAQUE` and
left as they are: the engine needs them byte for byte, and they are sealed (JSON with
every non-ASCII character escaped) before they are stored.
"""

from __future__ import annotations

import dataclasses
import re
from enum import Enum
from typing import Any, TypeVar

# dataclass field metadata: engine-private, passed through untouched
OPAQUE = {"opaque": True}

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")

T = TypeVar("T")
# what holds no text: returned as it is, before any other check (most fields are these)
_NO_TEXT = frozenset({int, float, bool, bytes, type(None)})


def storable_text(text: str) -> str:
    """`text` with NUL and unpaired surrogates replaced by U+FFFD; a surrogate pair
    (two halves a UTF-16 decoder left apart) becomes the character it encodes."""
    if text.isascii():  # most text, and the cheapest check there is
        return text.replace("\x00", "\ufffd") if "\x00" in text else text
    if _UNSTORABLE.search(text) is None:
        return text
    if _SURROGATE.search(text) is not None:
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text.replace("\x00", "\ufffd")


def storable(value: T) -> T:
    """`value` (an engine event) with `storable_text` applied to every string in it:
    in dataclass fields, lists, tuples and dicts (keys too). Unchanged parts are the
    same objects, so an event with nothing to replace is returned as it was."""
    return _clean(value)  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return storable_text(value)
    if kind in _NO_TEXT or isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, list | tuple):
        items = [_clean(v) for v in value]
        return value if _same(items, value) else type(value)(items)
    if isinstance(value, dict):
        keys, values = [_clean(k) for k in value], [_clean(v) for v in value.values()]
        unchanged = _same(keys, list(value)) and _same(values, list(value.values()))
        return value if unchanged else dict(zip(keys, values, strict=True))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _clean_fields(value)
    return value


def _clean_fields(value: Any) -> Any:
    changes = {}
    for name in _cleaned_fields(type(value)):
        before = getattr(value, name)
        after = _clean(before)
        if after is not before:
            changes[name] = after
    return dataclasses.replace(value, **changes) if changes else value


_FIELDS: dict[type, tuple[str, ...]] = {}


def _cleaned_fields(kind: type) -> tuple[str, ...]:
    """A dataclass's fields that are cleaned: all but OPAQUE ones (looked up once)."""
    names = _FIELDS.get(kind)
    if names is None:
        fields = dataclasses.fields(kind)
        names = _FIELDS[kind] = tuple(
            f.name for f in fields if f.init and not f.metadata.get("opaque")
        )
    return names


def _same(new: list[Any], old: Any) -> bool:
    return all(a is b for a, b in zip(new, old, strict=True))
