// The message resource, built from generated.ts (openapi.yaml's send routes): one
// operation per kind, its required fields as parameters and its optional ones in an
// "Additional Fields" collection, and the JSON body each send posts.
import type { INodeProperties, INodePropertyOptions, NodeParameterValueType } from "n8n-workflow";

import { SEND_KINDS } from "./generated.js";

export interface SendField {
  name: string;
  type: string;
  required: boolean;
  description: string;
  enum?: readonly string[];
}

export interface SendKind {
  kind: string;
  route: string;
  summary: string;
  fields: readonly SendField[];
}

/** The n8n operation name of a kind's send: `sendText`, `sendImage`, … */
export function sendOperation(kind: string): string {
  return `send${kind[0]!.toUpperCase()}${kind.slice(1)}`;
}

export function findSendKind(operation: string): SendKind | undefined {
  return SEND_KINDS.find((kind) => sendOperation(kind.kind) === operation);
}

function label(name: string): string {
  const words = name.replace(/([A-Z])/g, " $1");
  return words[0]!.toUpperCase() + words.slice(1);
}

/** Arrays and objects are entered as JSON; numbers, booleans and enums as themselves. */
function parameter(field: SendField): INodeProperties {
  const base = { displayName: label(field.name), name: field.name, description: field.description };
  if (field.enum) {
    const options = field.enum.map((value) => ({ name: value, value }));
    return { ...base, type: "options", options, default: field.enum[0] ?? "" };
  }
  switch (field.type) {
    case "number":
    case "integer":
      return { ...base, type: "number", default: 0 };
    case "boolean":
      return { ...base, type: "boolean", default: false };
    case "array":
    case "object":
      return { ...base, type: "json", default: field.type === "array" ? "[]" : "{}" };
    default:
      return { ...base, type: "string", default: "" };
  }
}

export function sendOperations(): INodePropertyOptions[] {
  return SEND_KINDS.map((kind) => ({ name: label(sendOperation(kind.kind)), value: sendOperation(kind.kind), action: kind.summary }));
}

export function sendProperties(): INodeProperties[] {
  return SEND_KINDS.flatMap((kind) => {
    const show = { resource: ["message"], operation: [sendOperation(kind.kind)] };
    const required = kind.fields.filter((f) => f.required).map((f) => ({ ...parameter(f), required: true, displayOptions: { show } }));
    const optional = kind.fields.filter((f) => !f.required).map(parameter);
    if (optional.length === 0) {
      return required;
    }
    const collection: INodeProperties = {
      displayName: "Additional Fields",
      name: "additionalFields",
      type: "collection",
      placeholder: "Add Field",
      default: {},
      displayOptions: { show },
      options: optional,
    };
    return [...required, collection];
  });
}

/** Reads a parameter of the item being processed (n8n's getNodeParameter, bound). */
export type ParameterReader = (name: string, fallback?: unknown) => NodeParameterValueType | object;

function value(field: SendField, raw: unknown): unknown {
  if ((field.type === "array" || field.type === "object") && typeof raw === "string") {
    return JSON.parse(raw) as unknown;
  }
  return raw;
}

export function sendBody(kind: SendKind, read: ParameterReader): Record<string, unknown> {
  const extra = read("additionalFields", {}) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const field of kind.fields) {
    const raw = field.required ? read(field.name) : extra[field.name];
    if (raw !== undefined && raw !== "") {
      body[field.name] = value(field, raw);
    }
  }
  return body;
}
