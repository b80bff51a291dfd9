"""GET /sessions and GET /tenants in process, a page at a time: company id order, pages
that together list each one once, a clear 422 for a query out of shape. Sessions also:
a state's sessions, a tenant's own session whatever it asks, and a connector of an
earlier release, which lists every session, still gives the pages asked for."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.session_listing import SessionsQuery, page_of
from tests.inproc import Gateway
from wagate import bus


async def _sessions(gw: Gateway, count: int, connected: int) -> list[str]:
    """`count` sessions, the first `connected` of them connected, the rest showing a QR."""
    tenants = sorted(gw.new_tenant() for _ in range(count))
    for n, tenant in enumerate(tenants):
        if n < connected:
            await gw.connect(tenant)
        else:
            r = await gw.client.post(f"/sessions/{tenant}/initialize", headers=gw.auth(tenant))
            assert r.status_code == 200, r.text
    return tenants


async def _listed(gw: Gateway, query: str = "", token: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token or gw.admin_token()}"}
    r = await gw.client.get(f"/sessions{query}", headers=headers)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert body["total"] == len(body["sessions"])
    return body


async def test_pages_list_every_session_once_in_company_order(gw: Gateway) -> None:
    tenants = await _sessions(gw, 7, connected=4)
    whole = await _listed(gw)
    assert [s["companyId"] for s in whole["sessions"]] == tenants and whole["next"] is None
    seen: list[str] = []
    after = ""
    while True:
        page = await _listed(gw, f"?limit=3{after}")
        seen += [s["companyId"] for s in page["sessions"]]
        if page["next"] is None:
            break
        assert len(page["sessions"]) == 3 and page["next"] == seen[-1]
        after = f"&after={page['next']}"
    assert seen == tenants
    exact = await _listed(gw, "?limit=7")
    assert len(exact["sessions"]) == 7 and exact["next"] is None  # no empty page after


async def test_the_connector_answers_with_the_page_and_one_more_alone(
    gw: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not every session narrowed at the gateway: the bus carries a page's worth."""
    tenants = await _sessions(gw, 6, connected=6)
    replies: list[bus.Reply] = []
    call = gw.bus.call

    async def recorded(command: bus.Command) -> bus.Reply:
        replies.append(await call(command))
        return replies[-1]

    monkeypatch.setattr(gw.bus, "call", recorded)
    await _listed(gw, f"?limit=2&after={tenants[0]}&status=connected")
    (reply,) = replies
    listed = reply.result(bus.SessionList)
    assert [v.tenant_id for v in listed.sessions] == tenants[1:4]


async def test_a_state_lists_its_sessions_alone(gw: Gateway) -> None:
    tenants = await _sessions(gw, 5, connected=2)
    connected = await _listed(gw, "?status=connected")
    assert [s["companyId"] for s in connected["sessions"]] == tenants[:2]
    assert {s["status"] for s in connected["sessions"]} == {"connected"}
    scanning = await _listed(gw, "?status=qr&limit=2")
    assert [s["companyId"] for s in scanning["sessions"]] == tenants[2:4]
    assert scanning["next"] == tenants[3]
    assert (await _listed(gw, "?status=failed"))["sessions"] == []


async def test_a_tenant_lists_its_own_session_whatever_it_asks(gw: Gateway) -> None:
    tenants = await _sessions(gw, 3, connected=3)
    mine = tenants[1]
    token = gw.token(mine)
    assert [s["companyId"] for s in (await _listed(gw, "?limit=5", token))["sessions"]] == [mine]
    assert (await _listed(gw, f"?after={mine}", token))["sessions"] == []
    assert (await _listed(gw, "?status=qr", token))["sessions"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?limit=0", "limit"),
        ("?limit=1001", "limit"),
        ("?limit=ten", "limit"),
        ("?status=online", "status"),
        ("?after=a%20b", "after"),
        (f"?after={'a' * 65}", "after"),
        ("?page=2", "page"),
    ],
)
async def test_a_query_out_of_shape_is_422_naming_it(gw: Gateway, query: str, field: str) -> None:
    r = await gw.client.get(f"/sessions{query}", headers=gw.admin())
    assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), r.text
    assert [d["field"] for d in r.json()["details"]] == [field]
    assert gw.bus.commands == []  # refused before the connector is asked


def _view(tenant: str, state: str) -> bus.SessionView:
    return bus.SessionView(tenant, state, None, None, None, 0, None, "sim")


def test_an_earlier_connectors_whole_list_is_paged_here() -> None:
    """Its list is whole and in no order: the page asked for is cut from it."""
    whole = [_view(t, s) for t, s in [("c", "qr"), ("a", "connected"), ("d", "connected")]]
    whole += [_view("b", "connected")]
    query = SessionsQuery.model_validate({"status": "connected", "after": "a", "limit": "1"})
    page = page_of(whole, query)
    assert ([v.tenant_id for v in page.sessions], page.next) == (["b"], "b")
    last = page_of(whole, SessionsQuery.model_validate({"status": "connected", "after": "b"}))
    assert ([v.tenant_id for v in last.sessions], last.next) == (["d"], None)


async def test_tenant_pages_list_every_tenant_once_in_company_order(gw: Gateway) -> None:
    made = sorted(gw.new_tenant() for _ in range(5))
    for tenant in made:
        r = await gw.client.post("/tenants", headers=gw.admin(), json={"companyId": tenant})
        assert r.status_code == 201, r.text
    whole = (await gw.client.get("/tenants", headers=gw.admin())).json()
    everyone = [t["companyId"] for t in whole["tenants"]]
    assert everyone == sorted(everyone) and whole["next"] is None
    assert whole["total"] == len(everyone) and set(made) <= set(everyone)
    seen: list[str] = []
    after = ""
    while True:
        r = await gw.client.get(f"/tenants?limit=2{after}", headers=gw.admin())
        assert r.status_code == 200, r.text
        page = r.json()
        assert page["total"] == len(page["tenants"]) <= 2
        seen += [t["companyId"] for t in page["tenants"]]
        if page["next"] is None:
            break
        assert page["next"] == seen[-1]
        after = f"&after={page['next']}"
    assert seen == everyone


@pytest.mark.parametrize(
    ("query", "field"),
    [("?limit=0", "limit"), ("?limit=1001", "limit"), ("?after=%00", "after"), ("?q=x", "q")],
)
async def test_a_tenant_list_query_out_of_shape_is_422_naming_it(
    gw: Gateway, query: str, field: str
) -> None:
    r = await gw.client.get(f"/tenants{query}", headers=gw.admin())
    assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), r.text
    assert [d["field"] for d in r.json()["details"]] == [field]
