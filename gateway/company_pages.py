"""Lists in company id order, a page at a time: `?after=` a company id and `?limit=` (at
most MAX_PAGE). Without `limit` a list is whole, as these lists always were; with it, a
page and `next`, the company id to ask `after` for the next page (null on the last).
Whoever reads the list is asked for one item past the page, which says there is more."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

from gateway.tenant_ids import COMPANY_ID

T = TypeVar("T")
MAX_PAGE = 1000


class CompanyPageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")  # query strings are text: not strict

    after: str | None = Field(default=None, pattern=f"^{COMPANY_ID.pattern}$")
    limit: int | None = Field(default=None, ge=1, le=MAX_PAGE)

    @property
    def read_limit(self) -> int | None:
        """How many to read: the page and one more."""
        return None if self.limit is None else self.limit + 1


def cut(
    items: list[T], limit: int | None, company: Callable[[T], str]
) -> tuple[list[T], str | None]:
    """The page of `items` (in company id order, from after the cursor) and its `next`."""
    if limit is None or len(items) <= limit:
        return items, None
    page = items[:limit]
    return page, company(page[-1])
