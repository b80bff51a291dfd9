// The console's only way to the gateway: the public API, same origin, the credential
// from sessionStorage (gone when the tab closes; never in a URL or a cookie).

const API = "/api/whatsapp";
const KEY = "wagate.credential";
const COMPANY = "wagate.company";

export const credential = () => sessionStorage.getItem(KEY);

export function signIn(secret, company) {
  sessionStorage.setItem(KEY, secret);
  if (company) sessionStorage.setItem(COMPANY, company);
  else sessionStorage.removeItem(COMPANY);
}

// The code of a sign-in link (/console#code=…, printed by `wagate up`), traded once for
// an admin token. The code leaves the address bar (and the history) before it is used.
export async function redeemSignInLink() {
  const match = location.hash.match(/^#code=([A-Za-z0-9_-]{1,128})$/);
  if (!match) return false;
  history.replaceState(null, "", `${location.pathname}#/`);
  const response = await fetch("/console/sign-in", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code: match[1] }),
    credentials: "omit",
    cache: "no-store",
  });
  const data = await response.json();
  if (!response.ok) throw new ApiError(response.status, data);
  signIn(data.token, "");
  return true;
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(COMPANY);
}

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.body = body;
  }
}

// One request with the credential; a refusal becomes an ApiError with the API's code.
async function request(method, path, init = {}) {
  const headers = { Authorization: `Bearer ${credential()}`, ...init.headers };
  const response = await fetch(API + path, {
    ...init,
    method,
    headers,
    credentials: "omit",
    cache: "no-store",
  });
  if (!response.ok) {
    const type = response.headers.get("content-type") || "";
    throw new ApiError(response.status, type.includes("json") ? await response.json() : null);
  }
  return response;
}

export async function call(method, path, body) {
  const init = {};
  if (body !== undefined) {
    init.headers = { "Content-Type": "application/json" };
    init.body = JSON.stringify(body);
  }
  const response = await request(method, path, init);
  const type = response.headers.get("content-type") || "";
  return type.includes("json") ? response.json() : response.text();
}

// A multipart upload (POST, or PUT where the route sets a thing): the browser sets the
// Content-Type with its boundary.
export async function upload(path, formData, method = "POST") {
  return (await request(method, path, { body: formData })).json();
}

// A file the API serves to the credential (a received attachment), as a Blob.
export async function download(path) {
  return (await request("GET", path)).blob();
}

export const get = (path) => call("GET", path);
export const post = (path, body) => call("POST", path, body);
export const patch = (path, body) => call("PATCH", path, body);
export const del = (path) => call("DELETE", path);

function jwtClaims(token) {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    return JSON.parse(atob(parts[1].replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    return null;
  }
}

async function allowed(request) {
  try {
    await request();
    return true;
  } catch (e) {
    if (e.status === 403) return false;
    return true; // refused for another reason (bad body): the scope is there
  }
}

// Who the credential is and what it may do, learnt from the API itself.
export async function whoAmI() {
  const secret = credential();
  if (!secret) return null;
  const claims = secret.startsWith("wg_") ? null : jwtClaims(secret);
  if (claims && claims.role === "admin") {
    await get("/tenants"); // a revoked or expired token fails here, at sign-in
    return { admin: true, company: null, label: "admin", read: true, send: true, manage: true };
  }
  let company = (claims && claims.companyId) || sessionStorage.getItem(COMPANY);
  const { sessions } = await get("/sessions"); // also proves the credential (read scope)
  if (!company && sessions.length) company = sessions[0].companyId;
  if (!company) throw new ApiError(400, { error: "give the company id this API key is for" });
  const manage = claims ? true : await allowed(() => get(`/tenants/${company}/api-keys`));
  const send = claims ? true : await allowed(() => post(`/sessions/${company}/send`, {}));
  return { admin: false, company, label: company, read: true, send, manage };
}

// The company's event stream. The credential travels in the WebSocket subprotocol
// header (browsers cannot set Authorization on a socket), never in the URL.
export function events(company, onEvent, onState) {
  let socket = null;
  let lastId = null;
  let closed = false;
  let retry = 500;
  const open = () => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const query = new URLSearchParams({ companyId: company });
    if (lastId) query.set("since", lastId);
    socket = new WebSocket(`${scheme}://${location.host}${API}/events?${query}`, [
      "wagate",
      `bearer.${credential()}`,
    ]);
    socket.onmessage = (message) => {
      const event = JSON.parse(message.data);
      if (event.type === "subscribed") {
        retry = 500;
        onState && onState("live");
        return;
      }
      if (event.id) lastId = event.id;
      onEvent(event);
    };
    socket.onclose = (close) => {
      onState && onState("offline");
      if (closed || (close.code >= 4400 && close.code < 4500)) return;
      setTimeout(open, retry);
      retry = Math.min(retry * 2, 10000);
    };
  };
  open();
  return () => {
    closed = true;
    socket && socket.close();
  };
}
