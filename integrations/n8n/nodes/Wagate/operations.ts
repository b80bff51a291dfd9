// The chat and group resources: each operation names its route and says how the item's
// parameters become the request; the parameters each one shows come with it.
import type { INodeProperties } from "n8n-workflow";

import type { Call } from "./client.js";
import type { ParameterReader } from "./fields.js";

export interface Operation {
  resource: "chat" | "group";
  value: string;
  name: string;
  action: string;
  parameters: Omit<INodeProperties, "displayOptions">[];
  request: (read: ParameterReader) => Call;
}

const chatId: Omit<INodeProperties, "displayOptions"> = {
  displayName: "Chat ID",
  name: "chatId",
  type: "string",
  required: true,
  default: "",
  description: "A phone number (country code first) or a group id (…@g.us)",
};
const groupId = { ...chatId, displayName: "Group ID", name: "groupId", description: "A group id (…@g.us)" };
const limit: Omit<INodeProperties, "displayOptions"> = {
  displayName: "Limit",
  name: "limit",
  type: "number",
  typeOptions: { minValue: 1, maxValue: 100 },
  default: 50,
  description: "Max number of results to return",
};
const participants: Omit<INodeProperties, "displayOptions"> = {
  displayName: "Participants",
  name: "participants",
  type: "string",
  required: true,
  default: "",
  description: "Phone numbers, comma-separated (country code first)",
};

function numbers(read: ParameterReader, name: string): string[] {
  return String(read(name)).split(",").map((n) => n.trim()).filter((n) => n !== "");
}

function str(read: ParameterReader, name: string): string {
  return String(read(name));
}

export const OPERATIONS: readonly Operation[] = [
  {
    resource: "chat",
    value: "list",
    name: "List",
    action: "List chats",
    parameters: [limit],
    request: (read) => ({ method: "GET", route: "/sessions/{companyId}/chats", query: { limit: Number(read("limit")) } }),
  },
  {
    resource: "chat",
    value: "getMessages",
    name: "Get Messages",
    action: "Get a page of a chat's messages, oldest first",
    parameters: [chatId, limit],
    request: (read) => ({
      method: "GET",
      route: "/sessions/{companyId}/chats/{chatId}/messages",
      path: { chatId: str(read, "chatId") },
      query: { limit: Number(read("limit")) },
    }),
  },
  {
    resource: "chat",
    value: "markRead",
    name: "Mark Read",
    action: "Mark a chat read up to a message",
    parameters: [chatId, { ...chatId, displayName: "Up To Message ID", name: "upTo", description: "The newest message to mark read" }],
    request: (read) => ({
      method: "POST",
      route: "/sessions/{companyId}/chats/{chatId}/read",
      path: { chatId: str(read, "chatId") },
      body: { upTo: str(read, "upTo") },
    }),
  },
  {
    resource: "group",
    value: "create",
    name: "Create",
    action: "Create a group",
    parameters: [{ ...chatId, displayName: "Subject", name: "subject", description: "The group's name" }, participants],
    request: (read) => ({
      method: "POST",
      route: "/sessions/{companyId}/groups",
      body: { subject: str(read, "subject"), participants: numbers(read, "participants") },
    }),
  },
  {
    resource: "group",
    value: "list",
    name: "List",
    action: "List the groups the session is in",
    parameters: [],
    request: () => ({ method: "GET", route: "/sessions/{companyId}/groups" }),
  },
  {
    resource: "group",
    value: "info",
    name: "Get Info",
    action: "Get a group's subject, owner and participants",
    parameters: [groupId],
    request: (read) => ({ method: "GET", route: "/sessions/{companyId}/groups/{groupId}", path: { groupId: str(read, "groupId") } }),
  },
  {
    resource: "group",
    value: "participants",
    name: "Change Participants",
    action: "Add, remove, promote or demote participants",
    parameters: [
      groupId,
      {
        displayName: "Action",
        name: "participantAction",
        type: "options",
        options: ["add", "remove", "promote", "demote"].map((value) => ({ name: value, value })),
        default: "add",
      },
      participants,
    ],
    request: (read) => ({
      method: "POST",
      route: "/sessions/{companyId}/groups/{groupId}/participants",
      path: { groupId: str(read, "groupId") },
      body: { action: str(read, "participantAction"), participants: numbers(read, "participants") },
    }),
  },
];

export function findOperation(resource: string, value: string): Operation | undefined {
  return OPERATIONS.find((op) => op.resource === resource && op.value === value);
}

export function operationProperties(resource: Operation["resource"]): INodeProperties[] {
  const ops = OPERATIONS.filter((op) => op.resource === resource);
  const selector: INodeProperties = {
    displayName: "Operation",
    name: "operation",
    type: "options",
    noDataExpression: true,
    displayOptions: { show: { resource: [resource] } },
    options: ops.map(({ name, value, action }) => ({ name, value, action })),
    default: ops[0]!.value,
  };
  const params = ops.flatMap((op) =>
    op.parameters.map((p) => ({ ...p, displayOptions: { show: { resource: [resource], operation: [op.value] } } })),
  );
  return [selector, ...params];
}
