// Run by tests/sdk/test_typescript_sdk.py against a running deployment (after `tsc`):
// sends a text with the typed client, verifies a webhook request the gateway signed, and
// reads the event stream from the start until the message the phone sent arrives. Prints
// one JSON line of what it saw.
import { WebSocket } from "ws";

import { createWagateClient, EventStream, verifyWebhook } from "../dist/src/index.js";

const { API_URL, CREDENTIAL, COMPANY, TO, WEBHOOK, EXPECT_TEXT } = process.env;
const api = createWagateClient({ baseUrl: API_URL, credential: CREDENTIAL });
const sent = await api.POST("/sessions/{companyId}/messages/text", {
  params: { path: { companyId: COMPANY } },
  body: { to: TO, text: "from typescript" },
});
const hook = JSON.parse(WEBHOOK);
const verified = verifyWebhook(hook.secret, hook.body, hook.headers, {});
const stream = new EventStream({ baseUrl: API_URL, credential: CREDENTIAL, since: "0-0", WebSocket });
let seen = null;
for await (const item of stream) {
  if (item.kind === "event" && item.type === "message" && item.data.text === EXPECT_TEXT) {
    seen = item;
    stream.close();
  }
}
console.log(JSON.stringify({ sent: sent.data ?? sent.error, verified: verified.id, seen }));
