// The part of n8n's node contexts the wagate nodes use, for running them without n8n:
// getInputData / getNodeParameter / getCredentials / continueOnFail for execute(), the
// request, response, credentials and workflow static data for the trigger's webhook(),
// and its node's webhook URL for the registration hooks. n8n itself
// evaluates expressions and resolves credentials first; here parameters are given as
// plain values, one object per input item.
import type { IDataObject, IExecuteFunctions, IHookFunctions, IWebhookFunctions } from "n8n-workflow";

import type { WagateCredentials } from "../nodes/Wagate/client.js";

export type Parameters = Record<string, unknown>;

export function executeContext(credentials: WagateCredentials, items: Parameters[], continueOnFail = false): IExecuteFunctions {
  const context = {
    getInputData: () => items.map(() => ({ json: {} })),
    getCredentials: async (name: string) => {
      if (name !== "wagateApi") throw new Error(`no credential ${name}`);
      return credentials;
    },
    getNodeParameter: (name: string, index: number, fallback?: unknown) => {
      const value = items[index]?.[name];
      if (value === undefined && fallback === undefined) throw new Error(`parameter ${name} not set`);
      return value ?? fallback;
    },
    continueOnFail: () => continueOnFail,
    getNode: () => ({ name: "wagate", type: "n8n-nodes-wagate.wagate" }),
  };
  return context as unknown as IExecuteFunctions;
}

export interface WebhookCall {
  context: IWebhookFunctions;
  /** what the node answered itself (a refusal), if it did */
  answered: { status?: number; body?: unknown };
}

export function webhookContext(
  credentials: Partial<WagateCredentials>,
  request: { rawBody?: Buffer; headers: Record<string, string> },
  parameters: Parameters = {},
  staticData: IDataObject = {},
): WebhookCall {
  const answered: WebhookCall["answered"] = {};
  const response = {
    status(code: number) {
      answered.status = code;
      return response;
    },
    json(body: unknown) {
      answered.body = body;
      return response;
    },
  };
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const context = {
    getCredentials: async () => credentials,
    getRequestObject: () => ({ ...request, headers, body: request.rawBody ? JSON.parse(request.rawBody.toString()) : {} }),
    getResponseObject: () => response,
    getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
    getWorkflowStaticData: () => staticData,
  };
  return { context: context as unknown as IWebhookFunctions, answered };
}

/** The context of the trigger's registration hooks; `staticData` is kept across calls,
 * as n8n keeps a workflow's. */
export function hookContext(
  credentials: WagateCredentials,
  webhookUrl: string,
  parameters: Parameters = {},
  staticData: IDataObject = {},
): IHookFunctions {
  const context = {
    getCredentials: async () => credentials,
    getNodeWebhookUrl: () => webhookUrl,
    getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
    getWorkflowStaticData: () => staticData,
    getWorkflow: () => ({ id: "wf1", name: "harness" }),
  };
  return context as unknown as IHookFunctions;
}
