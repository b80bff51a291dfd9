// The Wagate action node: send any message kind, read chats, manage groups, each item of
// the input one request through the project's TypeScript SDK.
import type {
  IDataObject,
  IExecuteFunctions,
  INodeExecutionData,
  INodeType,
  INodeTypeDescription,
  NodeConnectionType,
} from "n8n-workflow";

import { call, connect, type Call, type WagateCredentials } from "./client.js";
import { findSendKind, sendBody, sendOperations, sendProperties, type ParameterReader } from "./fields.js";
import { findOperation, operationProperties } from "./operations.js";
import { SEND_KINDS } from "./generated.js";

// n8n-workflow's NodeConnectionTypes.Main, written out so the node needs nothing of
// n8n-workflow at run time (n8n provides it; these tests run without n8n)
const MAIN = "main" as NodeConnectionType;

export class Wagate implements INodeType {
  description: INodeTypeDescription = {
    displayName: "wagate",
    name: "wagate",
    icon: "file:wagate.svg",
    group: ["output"],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: "Send WhatsApp messages, read chats and manage groups through wagate",
    defaults: { name: "wagate" },
    inputs: [MAIN],
    outputs: [MAIN],
    credentials: [{ name: "wagateApi", required: true }],
    properties: [
      {
        displayName: "Resource",
        name: "resource",
        type: "options",
        noDataExpression: true,
        options: [
          { name: "Message", value: "message" },
          { name: "Chat", value: "chat" },
          { name: "Group", value: "group" },
        ],
        default: "message",
      },
      {
        displayName: "Operation",
        name: "operation",
        type: "options",
        noDataExpression: true,
        displayOptions: { show: { resource: ["message"] } },
        options: sendOperations(),
        default: sendOperations()[0]!.value as string,
      },
      ...sendProperties(),
      ...operationProperties("chat"),
      ...operationProperties("group"),
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const credentials = (await this.getCredentials("wagateApi")) as unknown as WagateCredentials;
    const client = await connect(credentials);
    const out: INodeExecutionData[] = [];
    const items = this.getInputData();
    for (let index = 0; index < items.length; index++) {
      const read: ParameterReader = (name, fallback) => this.getNodeParameter(name, index, fallback);
      try {
        const answer = await call(client, credentials.companyId, request(read));
        out.push({ json: answer as IDataObject, pairedItem: { item: index } });
      } catch (error) {
        if (!this.continueOnFail()) {
          throw error;
        }
        out.push({ json: { error: (error as Error).message }, pairedItem: { item: index } });
      }
    }
    return [out];
  }
}

/** The request one item makes, from its resource and operation. */
export function request(read: ParameterReader): Call {
  const resource = String(read("resource"));
  const operation = String(read("operation"));
  if (resource === "message") {
    const kind = findSendKind(operation);
    if (!kind) {
      throw new Error(`no message kind for operation ${operation}; known: ${SEND_KINDS.map((k) => k.kind).join(", ")}`);
    }
    return { method: "POST", route: kind.route, body: sendBody(kind, read) };
  }
  const op = findOperation(resource, operation);
  if (!op) {
    throw new Error(`unknown operation ${resource}.${operation}`);
  }
  return op.request(read);
}
