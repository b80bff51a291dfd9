// The resuming event stream against a stand-in for the gateway's /events (a `ws` server
// that keeps a list of events, resumes after `since`, and can cut every connection).
import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";

import { WebSocket, WebSocketServer } from "ws";

import { EventStream, EventStreamRefused, type StreamEvent, type StreamGap } from "../src/index.js";

class FakeGateway {
  readonly server = new WebSocketServer({ port: 0, handleProtocols: () => "wagate" });
  readonly sinces: (string | null)[] = [];
  private readonly events: Record<string, unknown>[] = [];

  constructor() {
    this.server.on("connection", (socket, request) => this.subscribe(socket, request));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/whatsapp`;
  }

  add(text: string): void {
    const event = this.frame(this.events.length + 1, text);
    this.events.push(event);
    for (const client of this.server.clients) client.send(JSON.stringify(event));
  }

  cutEveryConnection(): void {
    for (const client of this.server.clients) client.terminate();
  }

  private frame(n: number, text: string): Record<string, unknown> {
    return { id: `${1000 + n}-0`, eventId: `evt_${n}`, type: "message", companyId: "co", timestamp: n, data: { text } };
  }

  private subscribe(socket: WebSocket, request: IncomingMessage): void {
    const url = new URL(request.url ?? "/", "http://x");
    const credential = (request.headers["sec-websocket-protocol"] ?? "").split(/,\s*/)[1];
    if (credential === "bearer.wg_garbled") {
      socket.send("not json");
      return;
    }
    if (credential !== "bearer.wg_good") {
      socket.send(JSON.stringify({ success: false, code: "insufficient_scope", error: "no read scope" }));
      socket.close(4403);
      return;
    }
    const since = url.searchParams.get("since");
    this.sinces.push(since);
    socket.send(JSON.stringify({ type: "subscribed", companyId: "co" }));
    if (since === "1-0") socket.send(JSON.stringify({ type: "gap", companyId: "co", since, next: "1001-0" }));
    const position = since === null ? this.events.length : this.events.findIndex((e) => e.id === since) + 1;
    for (const event of this.events.slice(position)) socket.send(JSON.stringify(event));
  }
}

async function take(iterator: AsyncIterator<StreamEvent | StreamGap>, count: number): Promise<(StreamEvent | StreamGap)[]> {
  const got: (StreamEvent | StreamGap)[] = [];
  while (got.length < count) {
    const next = await iterator.next();
    assert.ok(!next.done);
    got.push(next.value);
  }
  return got;
}

function texts(items: (StreamEvent | StreamGap)[]): unknown[] {
  return items.map((item) => (item.kind === "event" ? item.data.text : `gap after ${item.since}`));
}

const gateway = new FakeGateway();
after(() => gateway.server.close());

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    assert.ok(Date.now() < deadline, "timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test("a cut connection resumes after the last event handed out, nothing lost or repeated", { timeout: 10_000 }, async () => {
  const stream = new EventStream({
    baseUrl: gateway.baseUrl, credential: "wg_good", WebSocket, backoff: { firstMs: 10, capMs: 50 },
  });
  const events = stream[Symbol.asyncIterator]();
  const first = events.next();
  await until(() => gateway.sinces.length === 1);
  gateway.add("one");
  assert.deepEqual(texts([(await first).value as StreamEvent]), ["one"]);
  gateway.cutEveryConnection();
  gateway.add("two"); // while nobody is connected
  gateway.add("three");
  assert.deepEqual(texts(await take(events, 2)), ["two", "three"]);
  gateway.add("four");
  assert.deepEqual(texts(await take(events, 1)), ["four"]);
  assert.equal(stream.reconnects, 1);
  assert.deepEqual(gateway.sinces.slice(-2), [null, "1001-0"]);
  stream.close();
  assert.equal((await events.next()).done, true);
});

test("a resume past what is held hands out the gap, then the events", { timeout: 10_000 }, async () => {
  const stream = new EventStream({ baseUrl: gateway.baseUrl, credential: "wg_good", WebSocket, since: "1-0" });
  const items = await take(stream[Symbol.asyncIterator](), 2);
  stream.close();
  assert.deepEqual(items[0], { kind: "gap", since: "1-0", next: "1001-0" });
  assert.equal((items[1] as StreamEvent).id, "1001-0");
});

test("a refusal ends the iteration instead of retrying", { timeout: 10_000 }, async () => {
  const stream = new EventStream({ baseUrl: gateway.baseUrl, credential: "wg_bad", WebSocket });
  await assert.rejects(
    async () => {
      for await (const _ of stream) assert.fail("nothing is handed out");
    },
    (e: unknown) => e instanceof EventStreamRefused && e.closeCode === 4403 && e.code === "insufficient_scope",
  );
  assert.equal(stream.reconnects, 0);
});

test("a frame that is not JSON ends the iteration with an error, not an uncaught exception", { timeout: 10_000 }, async () => {
  const stream = new EventStream({ baseUrl: gateway.baseUrl, credential: "wg_garbled", WebSocket });
  await assert.rejects(async () => {
    for await (const _ of stream) assert.fail("nothing is handed out");
  }, /not JSON: not json/);
});
