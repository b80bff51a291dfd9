// The event WebSocket (/events) as an async iterable that resumes by itself.
//
//   for await (const item of new EventStream({ baseUrl, credential: apiKey })) {
//     if (item.kind === "gap") { /* events after item.since are gone: read state from the API */ }
//     else handle(item); // item.id is the resume point to store
//   }
//
// When the connection drops (network, a gateway restarting: 1012, a slow reader: 1013)
// the stream reconnects with ?since=<id of the last event it handed out> and goes on: the
// gateway gives every event after it, in order and once, or a gap notice first when they
// are no longer held. A refusal (bad or expired credential, wrong scope, disabled tenant:
// close codes 4400-4499) ends the iteration with EventStreamRefused. The credential is
// offered as the subprotocol `bearer.<credential>` (with `wagate`), which browsers, Node's
// own WebSocket and the `ws` package can all send.
//
// Until the first event arrives a stream started without `since` has no position: a
// reconnect then starts with new events again. Pass the last id you stored to be exact.

export interface StreamEvent {
  kind: "event";
  id: string; // the stream id: resume after it with since
  eventId: string; // evt_…: the same as the webhook's webhook-id
  type: string;
  companyId: string;
  timestamp: number; // Unix milliseconds
  data: Record<string, unknown>;
}

export interface StreamGap {
  kind: "gap";
  since: string;
  next: string | null; // the first event that will still come (null: the next to happen)
}

export class EventStreamRefused extends Error {
  override name = "EventStreamRefused";
  constructor(
    readonly closeCode: number,
    readonly code: string | null,
    message: string,
  ) {
    super(`${closeCode} ${code}: ${message}`);
  }
}

import { Connection, type SocketLike } from "./connection.js";

type SocketConstructor = new (url: string, protocols: string[]) => unknown;

export interface EventStreamOptions {
  /** the API's base URL, http(s)://host/api/whatsapp */
  baseUrl: string;
  /** an API key (wg_…, with the read scope) or a JWT */
  credential: string;
  /** resume after this event id (absent: new events only) */
  since?: string;
  /** admins name the company */
  companyId?: string;
  /** a WebSocket class: Node 20 has none of its own (pass `ws`'s) */
  WebSocket?: SocketConstructor;
  backoff?: { firstMs: number; capMs: number };
}

const PROTOCOL = "wagate"; // offered with bearer.<credential>; the gateway answers with it
const REFUSALS = { min: 4400, max: 4499 }; // the gateway's close codes mirroring an HTTP 4xx

export function eventsUrl(baseUrl: string, since?: string, companyId?: string): string {
  const url = new URL(baseUrl.replace(/^http/, "ws").replace(/\/$/, "") + "/events");
  if (since) url.searchParams.set("since", since);
  if (companyId) url.searchParams.set("companyId", companyId);
  return url.toString();
}

export class EventStream implements AsyncIterable<StreamEvent | StreamGap> {
  /** the id of the last event handed out: store it, and pass it as `since` next time */
  lastId: string | undefined;
  /** connections lost and made again */
  reconnects = 0;
  private closing = false;
  private connection: Connection | null = null;
  private delayMs = 0;

  constructor(private readonly options: EventStreamOptions) {
    this.lastId = options.since;
  }

  /** Ends the iteration (no reconnect after this). */
  close(): void {
    this.closing = true;
    this.connection?.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StreamEvent | StreamGap> {
    while (!this.closing) {
      const connection = this.open();
      let refusal: Record<string, unknown> = {};
      for await (const frame of connection) {
        const item = this.item(frame);
        if (item !== null) {
          if (item.kind === "event") this.lastId = item.id; // handed out: resume after it
          yield item;
        } else if (frame.success === false) {
          refusal = frame; // the close that follows says it is final
        }
      }
      this.connection = null;
      const code = connection.closeCode ?? 1006;
      if (code >= REFUSALS.min && code <= REFUSALS.max) {
        throw new EventStreamRefused(code, (refusal.code as string) ?? null, String(refusal.error ?? ""));
      }
      if (this.closing) return;
      this.reconnects += 1;
      await new Promise((resolve) => setTimeout(resolve, this.nextDelay()));
    }
  }

  private open(): Connection {
    const Impl = this.options.WebSocket ?? (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
    if (Impl === undefined) {
      throw new Error("no WebSocket here (Node 20): pass one, e.g. { WebSocket } from the ws package");
    }
    const url = eventsUrl(this.options.baseUrl, this.lastId, this.options.companyId);
    const socket = new Impl(url, [PROTOCOL, `bearer.${this.options.credential}`]) as SocketLike;
    this.connection = new Connection(socket);
    return this.connection;
  }

  private item(frame: Record<string, unknown>): StreamEvent | StreamGap | null {
    if (frame.type === "subscribed") {
      this.delayMs = 0; // connected: the next drop starts the back-off afresh
      return null;
    }
    if (frame.type === "gap") {
      return { kind: "gap", since: frame.since as string, next: (frame.next as string | null) ?? null };
    }
    if (typeof frame.id !== "string") return null;
    return {
      kind: "event",
      id: frame.id,
      eventId: frame.eventId as string,
      type: frame.type as string,
      companyId: frame.companyId as string,
      timestamp: frame.timestamp as number,
      data: frame.data as Record<string, unknown>,
    };
  }

  private nextDelay(): number {
    const { firstMs, capMs } = this.options.backoff ?? { firstMs: 100, capMs: 5000 };
    this.delayMs = Math.min(capMs, this.delayMs * 2 || firstMs);
    return this.delayMs * (0.8 + Math.random() * 0.4); // jitter: clients do not return in step
  }
}
