"""GET /sessions' query: the sessions in one state, a page at a time.

Sessions come in company id order. Without `limit` the list is whole, as it always was;
with it, a page of at most `limit` and `next`, the company id to ask `after` for the next
page (null on the last). The connector answers with the page and one session past it
(wagate/bus ListSessions); a connector of an earlier release answers with every session,
so the list is narrowed here again, which leaves a narrowed one as it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from gateway.session_views import session_json
from gateway.tenant_ids import COMPANY_ID
from wagate import bus
from wagate.session_states import SessionState

MAX_PAGE = 1000


class SessionsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")  # query strings are text: not strict

    status: SessionState | None = None
    after: str | None = Field(default=None, pattern=f"^{COMPANY_ID.pattern}$")
    limit: int | None = Field(default=None, ge=1, le=MAX_PAGE)

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
    listed = sorted(
        (
            view
            for view in found
            if (query.status is None or view.state == query.status.value)
            and (query.after is None or view.tenant_id > query.after)
        ),
        key=lambda view: view.tenant_id,
    )
    if query.limit is None or len(listed) <= query.limit:
        return Page(listed, None)
    shown = listed[: query.limit]
    return Page(shown, shown[-1].tenant_id)


def page_json(page: Page) -> dict[str, Any]:
    sessions = [session_json(view) for view in page.sessions]
    return {"sessions": sessions, "total": len(sessions), "next": page.next}
