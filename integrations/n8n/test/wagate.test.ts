// The action node through the harness, against a stand-in fetch: which request each
// operation makes (through the SDK), what it outputs, and how an API error surfaces.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, test } from "node:test";

import { WagateApiError } from "../nodes/Wagate/client.js";
import { sendOperation } from "../nodes/Wagate/fields.js";
import { SEND_KINDS } from "../nodes/Wagate/generated.js";
import { OPERATIONS } from "../nodes/Wagate/operations.js";
import { Wagate } from "../nodes/Wagate/Wagate.node.js";
import { executeContext, type Parameters } from "./harness.js";

const credentials = { baseUrl: "http://wagate.test/api/whatsapp/", apiKey: "wg_test", companyId: "962302" };
const realFetch = globalThis.fetch;

interface Seen {
  method: string;
  url: string;
  body: unknown;
  authorization: string | null;
}

function answering(status: number, answer: unknown): Seen[] {
  const seen: Seen[] = [];
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const text = await request.text();
    seen.push({
      method: request.method,
      url: request.url,
      body: text ? JSON.parse(text) : undefined,
      authorization: request.headers.get("authorization"),
    });
    return new Response(JSON.stringify(answer), { status, headers: { "Content-Type": "application/json" } });
  };
  return seen;
}

afterEach(() => {
  globalThis.fetch = realFetch;
});

async function run(items: Parameters[], continueOnFail = false) {
  return new Wagate().execute.call(executeContext(credentials, items, continueOnFail));
}

test("every send route of the API is an operation, with its required fields shown for it alone", () => {
  const properties = new Wagate().description.properties;
  const operations = properties.find((p) => p.name === "operation" && p.displayOptions?.show?.resource?.[0] === "message")!;
  const values = (operations.options ?? []).map((o) => (o as { value: string }).value);
  assert.deepEqual(values, SEND_KINDS.map((k) => sendOperation(k.kind)));
  assert.ok(SEND_KINDS.length >= 11 && values.includes("sendPoll") && values.includes("sendReaction"));
  for (const kind of SEND_KINDS) {
    for (const field of kind.fields.filter((f) => f.required)) {
      const shown = properties.filter((p) => p.name === field.name && p.displayOptions?.show?.operation?.includes(sendOperation(kind.kind)));
      assert.equal(shown.length, 1, `${kind.kind}.${field.name}`);
    }
  }
});

test("a text send posts the kind's route with the key, and outputs the answer", async () => {
  const seen = answering(200, { success: true, messageId: "3EB0A1" });
  const [out] = await run([{ resource: "message", operation: "sendText", to: "79001234567", text: "hi", additionalFields: {} }]);
  assert.deepEqual(seen, [
    {
      method: "POST",
      url: "http://wagate.test/api/whatsapp/sessions/962302/messages/text",
      body: { to: "79001234567", text: "hi" },
      authorization: "Bearer wg_test",
    },
  ]);
  assert.deepEqual(out, [{ json: { success: true, messageId: "3EB0A1" }, pairedItem: { item: 0 } }]);
});

test("a poll's options are JSON, optional fields go only when given, numbers stay numbers", async () => {
  const seen = answering(200, { success: true, messageId: "P1" });
  await run([
    {
      resource: "message",
      operation: "sendPoll",
      to: "79001234567",
      question: "Lunch?",
      options: '["pizza", "sushi"]',
      additionalFields: { selectableCount: 2, quotedMessageId: "" },
    },
    { resource: "message", operation: "sendLocation", to: "79001234567", latitude: 55.75, longitude: 37.61, additionalFields: { name: "Office" } },
  ]);
  assert.deepEqual(seen.map((s) => s.body), [
    { to: "79001234567", question: "Lunch?", options: ["pizza", "sushi"], selectableCount: 2 },
    { to: "79001234567", latitude: 55.75, longitude: 37.61, name: "Office" },
  ]);
});

const chatsAndGroups: { params: Parameters; method: string; path: string; body?: unknown }[] = [
  { params: { resource: "chat", operation: "list", limit: 20 }, method: "GET", path: "/chats?limit=20" },
  {
    params: { resource: "chat", operation: "getMessages", chatId: "79001234567", limit: 5 },
    method: "GET",
    path: "/chats/79001234567/messages?limit=5",
  },
  { params: { resource: "chat", operation: "markRead", chatId: "79001234567", upTo: "M9" }, method: "POST", path: "/chats/79001234567/read", body: { upTo: "M9" } },
  {
    params: { resource: "group", operation: "create", subject: "Team", participants: "79001234567, +79007654321" },
    method: "POST",
    path: "/groups",
    body: { subject: "Team", participants: ["79001234567", "+79007654321"] },
  },
  { params: { resource: "group", operation: "list" }, method: "GET", path: "/groups" },
  { params: { resource: "group", operation: "info", groupId: "120363025246125888@g.us" }, method: "GET", path: "/groups/120363025246125888%40g.us" },
  {
    params: { resource: "group", operation: "participants", groupId: "1203@g.us", participantAction: "promote", participants: "79001234567" },
    method: "POST",
    path: "/groups/1203%40g.us/participants",
    body: { action: "promote", participants: ["79001234567"] },
  },
];

test("every chat and group operation is covered here", () => {
  const covered = chatsAndGroups.map((c) => `${c.params.resource}.${c.params.operation}`);
  assert.deepEqual(covered.sort(), OPERATIONS.map((op) => `${op.resource}.${op.value}`).sort());
});

for (const { params, method, path, body } of chatsAndGroups) {
  test(`${params.resource} ${params.operation}: ${method} ${path}`, async () => {
    const seen = answering(200, { success: true });
    await run([params]);
    assert.equal(seen[0]?.method, method);
    assert.equal(seen[0]?.url, `http://wagate.test/api/whatsapp/sessions/962302${path}`);
    assert.deepEqual(seen[0]?.body, body);
  });
}

test("an error answer stops the node with its status and code", async () => {
  answering(409, { success: false, code: "session_not_connected", error: "the session is not connected" });
  await assert.rejects(run([{ resource: "message", operation: "sendText", to: "79001234567", text: "hi" }]), (error: unknown) => {
    assert.ok(error instanceof WagateApiError);
    assert.equal(error.status, 409);
    assert.equal(error.code, "session_not_connected");
    return true;
  });
});

test("with Continue On Fail a failed item outputs its error instead of stopping the node", async () => {
  answering(429, { success: false, code: "rate_limited", error: "too many sends" });
  const [out] = await run([{ resource: "message", operation: "sendText", to: "79001234567", text: "hi" }], true);
  assert.deepEqual(out, [{ json: { error: "429 rate_limited: too many sends" }, pairedItem: { item: 0 } }]);
});

test("package.json's n8n section names the compiled credential and nodes", () => {
  const root = join(__dirname, "..", "..");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  assert.equal(pkg.n8n.n8nNodesApiVersion, 1);
  assert.ok(pkg.keywords.includes("n8n-community-node-package"));
  const names = [...pkg.n8n.credentials, ...pkg.n8n.nodes].map((file: string) => {
    const exported = Object.values(require(join(root, file)) as Record<string, new () => { name?: string; description?: { name: string } }>);
    const instance = new exported[0]!();
    return instance.description?.name ?? instance.name;
  });
  assert.deepEqual(names, ["wagateApi", "wagate", "wagateTrigger"]);
});
