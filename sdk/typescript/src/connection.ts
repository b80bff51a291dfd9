// One WebSocket connection's frames as an async iterable that ends when the socket closes.

type Frame = Record<string, unknown>;

/** What a connection needs of a WebSocket: the WHATWG interface (browsers, Node 22+, `ws`). */
export interface SocketLike {
  addEventListener(type: string, listener: (event: never) => void): void;
  close(code?: number): void;
}

export class Connection {
  closeCode: number | null = null;
  private failure: Error | null = null; // a frame that is not JSON: thrown to the reader
  private readonly frames: Frame[] = [];
  private wake: (() => void) | null = null;
  private ended = false;

  constructor(private readonly socket: SocketLike) {
    socket.addEventListener("message", (event: { data: unknown }) => {
      const text = typeof event.data === "string" ? event.data : Buffer.from(event.data as ArrayBuffer).toString("utf8");
      try {
        this.frames.push(JSON.parse(text) as Frame);
      } catch {
        // thrown here, it would escape the socket's listener (uncaught in Node)
        this.failure ??= new Error(`the gateway sent a frame that is not JSON: ${text.slice(0, 80)}`);
        this.socket.close(1002); // protocol error
      }
      this.notify();
    });
    socket.addEventListener("close", (event: { code: number }) => {
      this.closeCode = event.code;
      this.ended = true;
      this.notify();
    });
    socket.addEventListener("error", () => {
      // a close event follows; the reconnect is decided there
    });
  }

  close(): void {
    this.socket.close(1000);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Frame> {
    while (true) {
      const frame = this.frames.shift();
      if (frame !== undefined) {
        yield frame;
      } else if (this.failure !== null) {
        throw this.failure;
      } else if (this.ended) {
        return;
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
