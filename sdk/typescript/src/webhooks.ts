// Verifying wagate's webhook requests: the Standard Webhooks scheme
// (https://www.standardwebhooks.com) the gateway signs with and the svix verifiers
// accept, on Node's crypto. A request carries webhook-id, webhook-timestamp (Unix
// seconds) and webhook-signature: space-separated `v1,<base64 HMAC-SHA256>` entries (two
// while a rotated secret overlaps). The signed content is `{id}.{timestamp}.{raw body}`
// under the secret's bytes (the base64 after `whsec_`).
import { createHmac, timingSafeEqual } from "node:crypto";

const SECRET_PREFIX = "whsec_";
const TOLERANCE_S = 5 * 60; // older or newer is refused: a captured request cannot be replayed later

export class WebhookVerificationError extends Error {
  override name = "WebhookVerificationError";
}

export type WebhookHeaders =
  | Headers
  | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** the time to check the timestamp against, Unix seconds (default: now) */
  now?: number;
}

/** The `v1,<base64>` signature of one request, as the gateway puts it in the header. */
export function sign(secret: string, webhookId: string, timestamp: number, body: string | Uint8Array): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
  const hmac = createHmac("sha256", key);
  hmac.update(`${webhookId}.${timestamp}.`);
  hmac.update(body);
  return "v1," + hmac.digest("base64");
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") {
    return (headers as Headers).get(name) ?? undefined;
  }
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() === name) {
      return Array.isArray(value) ? value.join(" ") : value;
    }
  }
  return undefined;
}

/**
 * The event of a verified request, parsed; throws WebhookVerificationError when a header
 * is missing, the timestamp is more than 5 minutes off, or no signature matches. Pass
 * the raw body (a string or the bytes), before any JSON parsing. De-duplicate on the
 * event's `id` (the same as webhook-id, and as `eventId` on the WebSocket).
 */
export function verifyWebhook<T = Record<string, unknown>>(
  secret: string,
  body: string | Uint8Array,
  headers: WebhookHeaders,
  options: VerifyOptions = {},
): T {
  const id = header(headers, "webhook-id");
  const stamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !stamp || !signatures) {
    throw new WebhookVerificationError("missing webhook-id, webhook-timestamp or signature");
  }
  if (!/^[0-9]+$/.test(stamp)) {
    throw new WebhookVerificationError("webhook-timestamp is not Unix seconds");
  }
  const now = options.now ?? Date.now() / 1000;
  if (Math.abs(now - Number(stamp)) > TOLERANCE_S) {
    throw new WebhookVerificationError("webhook-timestamp is more than 5 minutes off");
  }
  const expected = Buffer.from(sign(secret, id, Number(stamp), body));
  const matches = signatures.split(" ").some((given) => {
    const candidate = Buffer.from(given);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
  if (!matches) {
    throw new WebhookVerificationError("no signature matches");
  }
  const text = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
  return JSON.parse(text) as T;
}
