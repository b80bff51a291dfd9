"""LID tools in process: the number of a LID and the LID of a number, looked up through
the session's engine once and then known; sends take a LID as the recipient, go to its
number, and answer with both; every bad address is a 4xx with a stable code."""

from __future__ import annotations

from connector.engine import IncomingMessage
from tests.inproc import Gateway

ANNA, ANNA_LID = "79005550001", "100000000000001"
BORIS = "79005550002"  # on no list of LIDs


async def test_a_lid_and_a_number_are_looked_up_both_ways(gw: Gateway, tenant: str) -> None:
    await gw.connect(tenant)
    gw.core.kind.lids[ANNA] = ANNA_LID
    for path in (f"contacts/{ANNA}/lid", f"lids/{ANNA_LID}", f"lids/{ANNA_LID}@lid"):
        r = await gw.call(gw.client, "GET", tenant, path)
        assert r.status_code == 200, r.text
        assert (r.json()["phone"], r.json()["lid"]) == (ANNA, ANNA_LID)
    assert gw.core.kind.lid_lookups == [[ANNA]]  # then known: the engine was asked once
    for path, code in [
        (f"contacts/{BORIS}/lid", "lid_not_found"),
        ("lids/100000000000999", "lid_not_found"),
        ("lids/abc", "validation_failed"),
        ("lids/1234567890123456789012345", "validation_failed"),
        ("lids/123@s.whatsapp.net", "validation_failed"),
        ("contacts/12/lid", "validation_failed"),
    ]:
        r = await gw.call(gw.client, "GET", tenant, path)
        assert (r.status_code, r.json()["code"]) == (
            404 if code == "lid_not_found" else 422,
            code,
        ), (path, r.text)


async def test_a_send_to_a_lid_goes_to_its_number_and_answers_both(
    gw: Gateway, tenant: str
) -> None:
    await gw.connect(tenant)
    gw.core.kind.lids[ANNA] = ANNA_LID
    r = await gw.call(
        gw.client, "POST", tenant, "send", json={"phone": f"{ANNA_LID}@lid", "message": "hi"}
    )
    assert r.status_code == 200, r.text
    assert (r.json()["to"], r.json()["chat"], r.json()["lid"]) == (
        f"{ANNA_LID}@lid",
        ANNA,
        ANNA_LID,
    )
    r = await gw.call(
        gw.client, "POST", tenant, "messages/text", json={"to": ANNA, "text": "again"}
    )
    assert r.status_code == 200, r.text
    assert (r.json()["chat"], r.json()["lid"]) == (ANNA, ANNA_LID)
    r = await gw.call(gw.client, "POST", tenant, "send", json={"phone": BORIS, "message": "hey"})
    assert r.status_code == 200 and r.json()["chat"] == BORIS and "lid" not in r.json(), r.text
    assert [chat for chat, *_ in gw.engine_of(tenant).sent] == [ANNA, ANNA, BORIS]


async def test_a_send_to_an_unknown_or_malformed_lid_is_refused_and_nothing_goes(
    gw: Gateway, tenant: str
) -> None:
    await gw.connect(tenant)
    r = await gw.call(
        gw.client, "POST", tenant, "send", json={"phone": "100000000000999@lid", "message": "x"}
    )
    assert (r.status_code, r.json()["code"]) == (404, "lid_not_found"), r.text
    for bad in ("@lid", "12a@lid", "1234567890123456789012345@lid", "123@LID"):
        r = await gw.call(gw.client, "POST", tenant, "messages/text", json={"to": bad, "text": "x"})
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), (bad, r.text)
    assert gw.engine_of(tenant).sent == []


async def test_a_message_naming_its_sender_both_ways_teaches_the_pair(
    gw: Gateway, tenant: str
) -> None:
    await gw.connect(tenant)
    await gw.engine_of(tenant).emit(
        IncomingMessage("in-1", ANNA, "hi", 1_767_225_600_000, sender_lid=ANNA_LID)
    )
    r = await gw.call(gw.client, "GET", tenant, f"lids/{ANNA_LID}")
    assert (r.status_code, r.json()["phone"]) == (200, ANNA), r.text
    assert gw.core.kind.lid_lookups == []  # known without asking the engine
