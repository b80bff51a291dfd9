// wagate's TypeScript client: the HTTP API typed from openapi.yaml (openapi-fetch over the
// types openapi-typescript generates into schema.d.ts), webhook verification and the
// resuming event WebSocket.
import createClient, { type Client } from "openapi-fetch";

import type { components, paths } from "./schema.js";

export type { components, paths } from "./schema.js";
export { EventStream, EventStreamRefused, eventsUrl } from "./events.js";
export type { EventStreamOptions, StreamEvent, StreamGap } from "./events.js";
export { sign, verifyWebhook, WebhookVerificationError } from "./webhooks.js";
export type { VerifyOptions, WebhookHeaders } from "./webhooks.js";

export type WagateClient = Client<paths>;

export interface ClientOptions {
  /** the API's base URL, e.g. http://127.0.0.1:3000/api/whatsapp */
  baseUrl: string;
  /** an API key (wg_…) or a JWT */
  credential: string;
  fetch?: typeof fetch;
}

/** Every route of openapi.yaml, typed: `client.POST("/sessions/{companyId}/messages/text", …)`. */
export function createWagateClient(options: ClientOptions): WagateClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ""),
    headers: { Authorization: `Bearer ${options.credential}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
