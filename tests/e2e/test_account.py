"""The account's own settings end to end on the sim network: a blocked contact's messages
and calls do not reach the tenant and the tenant's send to it is refused until it is
unblocked; privacy settings are read and changed at the network. Bad bodies run in
process (tests/gateway/test_inproc_account.py)."""

from __future__ import annotations

import httpx

from devstack.stack import Stack


async def test_a_blocked_contact_reaches_the_tenant_no_more(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        friend = await stack.new_phone(client)
        r = await stack.call(client, "PUT", tenant, f"blocklist/+{friend}")
        assert r.status_code == 200, r.text
        assert r.json() == {
            "companyId": tenant,
            "phone": friend,
            "blocked": True,
            "phones": [friend],
        }
        r = await stack.call(client, "GET", tenant, "blocklist")
        assert r.json() == {"companyId": tenant, "phones": [friend]}
        blocked = await client.get(f"{stack.sim}/phones/{number}/blocklist")
        assert blocked.json() == {"blocked": [friend]}  # kept at WhatsApp, for every device

        sent = await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "unseen"}
        )
        assert sent.status_code == 201, sent.text
        call = await client.post(f"{stack.sim}/phones/{friend}/calls", json={"to": number})
        assert call.json()["to"] == []  # rings nowhere
        r = await stack.call(
            client, "POST", tenant, "messages/text", json={"to": friend, "text": "hi"}
        )
        assert (r.status_code, r.json()["code"]) == (422, "contact_blocked"), r.text

        r = await stack.call(client, "DELETE", tenant, f"blocklist/{friend}")
        assert r.json()["phones"] == [], r.text
        later = await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "seen"}
        )
        # the first message to arrive is the one sent after the unblock: the other never came
        message = await events.until("message")
        assert message["data"]["messageId"] == later.json()["id"]
        r = await stack.call(
            client, "POST", tenant, "messages/text", json={"to": friend, "text": "hi"}
        )
        assert r.status_code == 200, r.text


async def test_privacy_settings_are_the_accounts_at_whatsapp(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    r = await stack.call(client, "GET", tenant, "privacy")
    assert r.status_code == 200, r.text
    assert set(r.json().values()) == {tenant, "all"}
    r = await stack.call(
        client, "PATCH", tenant, "privacy", json={"lastSeen": "contacts", "readReceipts": "none"}
    )
    assert r.status_code == 200, r.text
    assert (r.json()["lastSeen"], r.json()["readReceipts"], r.json()["online"]) == (
        "contacts",
        "none",
        "all",
    )
    at_whatsapp = (await client.get(f"{stack.sim}/phones/{number}/privacy")).json()["privacy"]
    assert (at_whatsapp["last"], at_whatsapp["readreceipts"]) == ("contacts", "none")
    r = await stack.call(client, "GET", tenant, "privacy")
    assert r.json()["lastSeen"] == "contacts"
