// The node's one way to the API: the project's TypeScript SDK (wagate-client). The SDK is
// an ES module and n8n loads nodes with require(), so it is imported dynamically.
import type { WagateClient } from "wagate-client" with { "resolution-mode": "import" };

export interface WagateCredentials {
  baseUrl: string;
  apiKey: string;
  companyId: string;
  webhookSecret?: string;
}

export type Method = "GET" | "POST" | "DELETE";

export interface Call {
  method: Method;
  route: string;
  path?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: Record<string, unknown>;
}

/** An error answer of the API: `code` is the stable one from its catalogue. */
export class WagateApiError extends Error {
  override name = "WagateApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

export async function connect(credentials: WagateCredentials): Promise<WagateClient> {
  const { createWagateClient } = await import("wagate-client");
  return createWagateClient({ baseUrl: credentials.baseUrl, credential: credentials.apiKey });
}

export async function call(client: WagateClient, companyId: string, request: Call): Promise<unknown> {
  const init = {
    params: { path: { companyId, ...request.path }, query: request.query },
    body: request.body,
  };
  // the routes come from tables (generated.ts, operations.ts) the compiler cannot narrow
  // to one path of the SDK's typed union; the SDK still builds the URL and the JSON
  const untyped = client as unknown as Record<Method, (route: string, init: object) => Promise<ApiAnswer>>;
  const answer = await untyped[request.method](request.route, init);
  if (answer.error !== undefined) {
    const error = (answer.error ?? {}) as { code?: string; error?: string };
    throw new WagateApiError(answer.response.status, error.code ?? "unknown", error.error ?? "no error body");
  }
  return answer.data;
}

interface ApiAnswer {
  data?: unknown;
  error?: unknown;
  response: Response;
}
