"""GET /sessions' query: the sessions in one state, a page at a time
(gateway/company_pages.py). The connector answers with the page and one session past it
(wagate/bus ListSessions); a connector of an earlier release answers with every session,
so the list is narrowed here again, which leaves a narrowed one as it is."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from gateway.company_pages import CompanyPageQuery, cut
from gateway.session_views import session_json
from wagate import bus
from wagate.session_states import SessionState


class SessionsQuery(CompanyPageQuery):
    status: SessionState | None = None

    def command(self) -> bus.ListSessions:
        return bus.ListSessions(
            state=None if self.status is None else self.status.value,
            after=self.after,
            limit=self.limit,
        )


@dataclass(frozen=True)
class Page:
    sessions: list[bus.SessionView]
    next: str | None  # the company id to list after, when there is more


def page_of(found: list[bus.SessionView], query: SessionsQuery) -> Page:
    asked = query.command()
    tenant = attrgetter("tenant_id")
    listed = sorted((v for v in found if asked.lists(v.tenant_id, v.state)), key=tenant)
    return Page(*cut(listed, query.limit, tenant))


def page_json(page: Page) -> dict[str, Any]:
    sessions = [session_json(view) for view in page.sessions]
    return {"sessions": sessions, "total": len(sessions), "next": page.next}
