// Starts a workflow for each webhook request wagate signed: the Standard Webhooks
// signature is checked with the secret of the endpoint the node registered (or the
// credential's; the SDK's verifier, on the raw body n8n keeps), and a request that fails
// is answered 401 and starts nothing.
import type {
  IDataObject,
  INodeType,
  INodeTypeDescription,
  IWebhookFunctions,
  IWebhookResponseData,
  NodeConnectionType,
} from "n8n-workflow";

import type { WagateCredentials } from "../Wagate/client.js";
import { WEBHOOK_EVENT_TYPES } from "../Wagate/generated.js";
import { signingSecret, webhookMethods } from "./registration.js";

const MAIN = "main" as NodeConnectionType;

export class WagateTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: "wagate Trigger",
    name: "wagateTrigger",
    icon: "file:wagate.svg",
    group: ["trigger"],
    version: 1,
    description: "Starts the workflow on a wagate webhook event whose signature verifies",
    defaults: { name: "wagate Trigger" },
    inputs: [],
    outputs: [MAIN],
    credentials: [{ name: "wagateApi", required: true }],
    webhooks: [{ name: "default", httpMethod: "POST", responseMode: "onReceived", path: "webhook" }],
    properties: [
      {
        displayName: "Events",
        name: "events",
        type: "multiOptions",
        options: WEBHOOK_EVENT_TYPES.map((type) => ({ name: type, value: type })),
        default: [],
        description: "The event types that start the workflow (and that wagate sends the endpoint it registers); none chosen: every type",
      },
    ],
  };

  webhookMethods = webhookMethods;

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const credentials = (await this.getCredentials("wagateApi")) as unknown as WagateCredentials;
    const webhookSecret = signingSecret(this.getWorkflowStaticData("node"), credentials);
    const request = this.getRequestObject();
    // n8n keeps the bytes as received: the signature covers them, not a re-serialised body
    const raw = (request as unknown as { rawBody?: Buffer }).rawBody;
    const { verifyWebhook } = await import("wagate-client");
    let event: IDataObject;
    try {
      if (!webhookSecret || raw === undefined) {
        throw new Error("no webhook secret (registered or in the credential), or no raw body to check");
      }
      event = verifyWebhook<IDataObject>(webhookSecret, raw, request.headers);
    } catch (error) {
      this.getResponseObject().status(401).json({ code: "webhook_signature_invalid", error: (error as Error).message });
      return { noWebhookResponse: true };
    }
    const wanted = this.getNodeParameter("events", []) as string[];
    if (wanted.length > 0 && !wanted.includes(String(event.type))) {
      return { webhookResponse: "ignored: event type not selected" };
    }
    return { workflowData: [[{ json: event }]] };
  }
}
