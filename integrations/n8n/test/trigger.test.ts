// The trigger on the vectors the Python side signs with the connector's own signer
// (sdk/testdata/webhook-vectors.json, `python -m tests.sdk.webhook_vectors`): a request
// that verifies starts the workflow with its event, any other is answered 401.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mock, test } from "node:test";

import { WagateTrigger } from "../nodes/WagateTrigger/WagateTrigger.node.js";
import { webhookContext } from "./harness.js";

interface Vector {
  name: string;
  secret: string;
  headers: Record<string, string>;
  body: string;
  now: number;
  valid: boolean;
}

const vectors = JSON.parse(
  readFileSync(join(__dirname, "../../../../sdk/testdata/webhook-vectors.json"), "utf8"),
) as Vector[];
const valid = vectors.find((v) => v.valid)!;

async function deliver(vector: Vector, secret: string | undefined = vector.secret, parameters = {}) {
  const call = webhookContext({ webhookSecret: secret }, { rawBody: Buffer.from(vector.body), headers: vector.headers }, parameters);
  mock.timers.enable({ apis: ["Date"], now: vector.now * 1000 });
  try {
    return { answer: await new WagateTrigger().webhook.call(call.context), answered: call.answered };
  } finally {
    mock.timers.reset();
  }
}

test("the vectors are there, valid and not", () => {
  assert.ok(vectors.some((v) => v.valid) && vectors.some((v) => !v.valid));
});

for (const vector of vectors) {
  test(`${vector.valid ? "starts the workflow" : "refuses with 401"}: ${vector.name}`, async () => {
    const { answer, answered } = await deliver(vector);
    if (vector.valid) {
      assert.deepEqual(answer.workflowData, [[{ json: JSON.parse(vector.body) }]]);
      assert.equal(answered.status, undefined);
    } else {
      assert.equal(answer.workflowData, undefined);
      assert.equal(answer.noWebhookResponse, true);
      assert.equal(answered.status, 401);
    }
  });
}

test("a credential without a webhook secret verifies nothing", async () => {
  const { answer, answered } = await deliver(valid, "");
  assert.equal(answer.workflowData, undefined);
  assert.equal(answered.status, 401);
});

test("a request n8n kept no raw body of is refused, not verified against a re-serialised one", async () => {
  const call = webhookContext({ webhookSecret: valid.secret }, { headers: valid.headers });
  mock.timers.enable({ apis: ["Date"], now: valid.now * 1000 });
  try {
    const answer = await new WagateTrigger().webhook.call(call.context);
    assert.equal(answer.workflowData, undefined);
    assert.equal(call.answered.status, 401);
  } finally {
    mock.timers.reset();
  }
});

test("an event of a type not selected is acknowledged and starts nothing", async () => {
  const type = JSON.parse(valid.body).type as string;
  const other = await deliver(valid, valid.secret, { events: ["receipt"] });
  assert.equal(other.answer.workflowData, undefined);
  assert.equal(other.answered.status, undefined);
  const same = await deliver(valid, valid.secret, { events: [type] });
  assert.equal(same.answer.workflowData?.[0]?.length, 1);
});

test("the event filter offers every webhook event type of the API", () => {
  const events = new WagateTrigger().description.properties.find((p) => p.name === "events")!;
  const values = (events.options ?? []).map((o) => (o as { value: string }).value);
  for (const type of ["message", "receipt", "connected", "webhook_test"]) {
    assert.ok(values.includes(type), type);
  }
});
