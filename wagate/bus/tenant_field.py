"""The tenant's field of a stream entry (a command or an event), read across releases.

v0.1.0 named it `company_id`, v0.2.0 `tenant_id` (CHANGELOG.md). v0.3.0 writes both and
reads either, so a gateway and a connector one release apart read each other's entries
during a rolling upgrade, as do entries written before it (a queued command, an event
log row relayed later). A release that no longer writes `company_id` must still read it.
"""

from __future__ import annotations

from collections.abc import Mapping

NAMES = ("tenant_id", "company_id")


def written(tenant_id: str) -> dict[str, str]:
    """The entry's tenant fields: every name, one value ("" for none)."""
    return dict.fromkeys(NAMES, tenant_id)


def read(fields: Mapping[str, str]) -> str:
    """The tenant the entry names ("" for none). Names that disagree raise ValueError:
    an entry that could be read as either of two tenants is read as neither."""
    named = {fields[name] for name in NAMES if fields.get(name)}
    if len(named) > 1:
        raise ValueError(f"the entry names two tenants: {', '.join(sorted(named))}")
    return named.pop() if named else ""
