// The trigger's registration hooks through the harness, against a stand-in fetch: the
// endpoint it makes on activation (its URL, its event types), the secret it keeps and
// verifies with, and what it does when wagate no longer has the endpoint.
import assert from "node:assert/strict";
import { afterEach, mock, test } from "node:test";

import type { IDataObject } from "n8n-workflow";

import { WagateTrigger } from "../nodes/WagateTrigger/WagateTrigger.node.js";
import { hookContext, webhookContext } from "./harness.js";

const credentials = { baseUrl: "http://wagate.test/api/whatsapp", apiKey: "wg_test", companyId: "962302" };
const hookUrl = "https://n8n.example.com/webhook/abc/webhook";
const realFetch = globalThis.fetch;
const hooks = new WagateTrigger().webhookMethods.default;

function answering(routes: Record<string, [number, unknown]>): string[] {
  const seen: string[] = [];
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const key = `${request.method} ${new URL(request.url).pathname}`;
    seen.push(`${key} ${await request.text()}`.trim());
    const [status, body] = routes[key] ?? [500, { code: "unexpected" }];
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  };
  return seen;
}

afterEach(() => {
  globalThis.fetch = realFetch;
});

test("activation registers the node's URL for its events and keeps the id and secret", async () => {
  const seen = answering({ "POST /api/whatsapp/webhooks": [201, { success: true, endpoint: { id: "ep_1" }, secret: "whsec_AAAA" }] });
  const data: IDataObject = {};
  assert.equal(await hooks.create.call(hookContext(credentials, hookUrl, { events: ["message"] }, data)), true);
  assert.deepEqual(seen, [
    `POST /api/whatsapp/webhooks ${JSON.stringify({ url: hookUrl, eventTypes: ["message"], description: "n8n: harness" })}`,
  ]);
  assert.deepEqual(data, { endpointId: "ep_1", webhookSecret: "whsec_AAAA" });
});

test("no events chosen registers for every type", async () => {
  const seen = answering({ "POST /api/whatsapp/webhooks": [201, { endpoint: { id: "ep_2" }, secret: "whsec_BBBB" }] });
  await hooks.create.call(hookContext(credentials, hookUrl, {}, {}));
  assert.match(seen[0]!, /"eventTypes":null/);
});

test("the endpoint exists while wagate has it for this URL; a 404 forgets it", async () => {
  const data: IDataObject = { endpointId: "ep_1", webhookSecret: "whsec_AAAA" };
  answering({ "GET /api/whatsapp/webhooks/ep_1": [200, { endpoint: { id: "ep_1", url: hookUrl } }] });
  assert.equal(await hooks.checkExists.call(hookContext(credentials, hookUrl, {}, data)), true);
  assert.equal(await hooks.checkExists.call(hookContext(credentials, "https://elsewhere/", {}, data)), false);
  answering({ "GET /api/whatsapp/webhooks/ep_1": [404, { code: "webhook_not_found", error: "no such endpoint" }] });
  assert.equal(await hooks.checkExists.call(hookContext(credentials, hookUrl, {}, data)), false);
  assert.deepEqual(data, {});
});

test("deactivation deletes the endpoint, and one already gone is no error", async () => {
  const data: IDataObject = { endpointId: "ep_1", webhookSecret: "whsec_AAAA" };
  const seen = answering({ "DELETE /api/whatsapp/webhooks/ep_1": [404, { code: "webhook_not_found", error: "gone" }] });
  assert.equal(await hooks.delete.call(hookContext(credentials, hookUrl, {}, data)), true);
  assert.deepEqual(seen, ["DELETE /api/whatsapp/webhooks/ep_1"]);
  assert.deepEqual(data, {});
});

test("a request is verified with the registered secret when the credential has none", async () => {
  const { sign } = await import("wagate-client");
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const body = JSON.stringify({ id: "evt_1", type: "message", companyId: "962302", timestamp: 0, data: {} });
  const now = 1_796_601_600;
  const headers = { "webhook-id": "evt_1", "webhook-timestamp": String(now), "webhook-signature": sign(secret, "evt_1", now, body) };
  mock.timers.enable({ apis: ["Date"], now: now * 1000 });
  try {
    const trigger = new WagateTrigger();
    const registered = webhookContext(credentials, { rawBody: Buffer.from(body), headers }, {}, { webhookSecret: secret });
    assert.equal((await trigger.webhook.call(registered.context)).workflowData?.[0]?.length, 1);
    const other = webhookContext(credentials, { rawBody: Buffer.from(body), headers }, {}, { webhookSecret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD" });
    assert.equal((await trigger.webhook.call(other.context)).workflowData, undefined);
    assert.equal(other.answered.status, 401);
  } finally {
    mock.timers.reset();
  }
});
