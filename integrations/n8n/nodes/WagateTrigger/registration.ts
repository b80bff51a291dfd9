// The trigger registers its own webhook with wagate when the workflow is activated and
// removes it when deactivated (n8n's webhookMethods): the endpoint's id and the signing
// secret wagate answers with are kept in the workflow's static data, so no secret has to
// be copied by hand. A credential's webhook secret still serves an endpoint made by hand.
import type { IDataObject, IHookFunctions } from "n8n-workflow";

import { call, connect, WagateApiError, type Call, type WagateCredentials } from "../Wagate/client.js";

interface Registered extends IDataObject {
  endpointId?: string;
  webhookSecret?: string;
}

async function api(hook: IHookFunctions, request: Call): Promise<Record<string, unknown>> {
  const credentials = (await hook.getCredentials("wagateApi")) as unknown as WagateCredentials;
  const client = await connect(credentials);
  return (await call(client, credentials.companyId, request)) as Record<string, unknown>;
}

function registered(hook: IHookFunctions): Registered {
  return hook.getWorkflowStaticData("node") as Registered;
}

/** Whether wagate still has the endpoint this node made, for this node's URL. */
async function checkExists(this: IHookFunctions): Promise<boolean> {
  const data = registered(this);
  if (!data.endpointId) {
    return false;
  }
  try {
    const answer = await api(this, { method: "GET", route: "/webhooks/{endpointId}", path: { endpointId: data.endpointId } });
    const endpoint = answer.endpoint as { url?: string } | undefined;
    return endpoint?.url === this.getNodeWebhookUrl("default");
  } catch (error) {
    if (error instanceof WagateApiError && error.status === 404) {
      delete data.endpointId;
      delete data.webhookSecret;
      return false;
    }
    throw error;
  }
}

async function create(this: IHookFunctions): Promise<boolean> {
  const events = this.getNodeParameter("events", []) as string[];
  const body = {
    url: this.getNodeWebhookUrl("default"),
    eventTypes: events.length > 0 ? events : null,
    description: `n8n: ${this.getWorkflow().name ?? this.getWorkflow().id ?? "workflow"}`,
  };
  const answer = await api(this, { method: "POST", route: "/webhooks", body });
  const data = registered(this);
  data.endpointId = (answer.endpoint as { id: string }).id;
  data.webhookSecret = answer.secret as string;
  return true;
}

async function remove(this: IHookFunctions): Promise<boolean> {
  const data = registered(this);
  if (data.endpointId) {
    try {
      await api(this, { method: "DELETE", route: "/webhooks/{endpointId}", path: { endpointId: data.endpointId } });
    } catch (error) {
      if (!(error instanceof WagateApiError && error.status === 404)) {
        throw error;
      }
    }
  }
  delete data.endpointId;
  delete data.webhookSecret;
  return true;
}

export const webhookMethods = { default: { checkExists, create, delete: remove } };

/** The secret a request must be signed with: the registered endpoint's, else the credential's. */
export function signingSecret(staticData: IDataObject, credentials: WagateCredentials): string | undefined {
  return (staticData as Registered).webhookSecret || credentials.webhookSecret || undefined;
}
