// The verifier on the vectors the Python side makes with the connector's own signer
// (svix): sdk/testdata/webhook-vectors.json, written by `python -m tests.sdk.webhook_vectors`.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { verifyWebhook, WebhookVerificationError } from "../src/index.js";

interface Vector {
  name: string;
  secret: string;
  headers: Record<string, string>;
  body: string;
  now: number;
  valid: boolean;
}

const vectors = JSON.parse(
  readFileSync(new URL("../../../testdata/webhook-vectors.json", import.meta.url), "utf8"),
) as Vector[];

test("the vectors are there", () => {
  assert.ok(vectors.length >= 10);
  assert.ok(vectors.some((v) => v.valid) && vectors.some((v) => !v.valid));
});

for (const vector of vectors) {
  test(`${vector.valid ? "accepts" : "refuses"}: ${vector.name}`, () => {
    const verify = () => verifyWebhook(vector.secret, vector.body, vector.headers, { now: vector.now });
    if (vector.valid) {
      assert.deepEqual(verify(), JSON.parse(vector.body));
    } else {
      assert.throws(verify, WebhookVerificationError);
    }
  });
}

test("the body as bytes and the headers as a Headers object", () => {
  const vector = vectors.find((v) => v.valid)!;
  const headers = new Headers(vector.headers);
  const event = verifyWebhook(vector.secret, new TextEncoder().encode(vector.body), headers, { now: vector.now });
  assert.equal(event.id, JSON.parse(vector.body).id);
});
