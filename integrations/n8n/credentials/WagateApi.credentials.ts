// What every wagate node needs: where the API is, a tenant's API key (a key belongs to
// one company, hence the company id beside it) and, for the trigger, the secret wagate
// signs that company's webhook requests with.
import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from "n8n-workflow";

export class WagateApi implements ICredentialType {
  name = "wagateApi";
  displayName = "wagate API";
  properties: INodeProperties[] = [
    {
      displayName: "Base URL",
      name: "baseUrl",
      type: "string",
      default: "http://127.0.0.1:3000/api/whatsapp",
      required: true,
      description: "The API's base URL, ending in /api/whatsapp",
    },
    {
      displayName: "API Key",
      name: "apiKey",
      type: "string",
      typeOptions: { password: true },
      default: "",
      required: true,
      description: "A tenant API key (wg_…) with the scopes the workflow uses: send, read, manage",
    },
    {
      displayName: "Company ID",
      name: "companyId",
      type: "string",
      default: "",
      required: true,
      description: "The tenant the key belongs to",
    },
    {
      displayName: "Webhook Secret",
      name: "webhookSecret",
      type: "string",
      typeOptions: { password: true },
      default: "",
      description: "The whsec_… secret POST /webhooks answered with; the trigger refuses requests it did not sign",
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: "generic",
    properties: { headers: { Authorization: "=Bearer {{$credentials.apiKey}}" } },
  };

  test: ICredentialTestRequest = {
    request: { baseURL: "={{$credentials.baseUrl}}", url: "=/sessions/{{$credentials.companyId}}/status" },
  };
}
