// Overview (from the metrics the processes export), tenants and API keys.

import { del, get, patch, post } from "./api.js";
import { badge, field, flash, form, h, pageLinks, pageQuery, shownOnce, table, when } from "./dom.js";
import { pacingSection } from "./risk.js";

function card(label, value, id) {
  return h("div", { class: "card", id }, h("span", { class: "value" }, value), h("span", {}, label));
}

// sum of a Prometheus counter's samples whose labels match `labels`
function counter(text, name, labels = {}) {
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const match = line.match(/^([a-zA-Z_:]+)(\{[^}]*\})?\s+(\S+)/);
    if (!match || match[1] !== name) continue;
    const tags = match[2] || "";
    if (Object.entries(labels).every(([k, v]) => tags.includes(`${k}="${v}"`))) total += Number(match[3]);
  }
  return total;
}

const failedAttempts = (text) =>
  ["retry", "failed", "dead"].reduce((n, outcome) => n + counter(text, "wagate_webhook_attempts_total", { outcome }), 0);

export async function overview(main, me) {
  if (!me.admin) {
    let s = { status: "stopped", phone: null, since: null };
    try {
      s = await get(`/sessions/${me.company}/status`);
    } catch (e) {
      if (e.status !== 404) throw e;
    }
    main.replaceChildren(
      h("h1", {}, `Tenant ${me.company}`),
      h("div", { class: "cards" }, card("session", badge(s.status), "session-state"), card("phone", s.phone || "—")),
      h("p", {}, h("a", { href: `#/sessions/${me.company}` }, "Open the session")),
    );
    return;
  }
  const { metrics } = await get("/metrics");
  const text = await get("/metrics/prometheus");
  const byState = Object.entries(metrics.sessionsByState || {}).filter(([, n]) => n > 0);
  main.replaceChildren(
    h("h1", {}, "Overview"),
    h(
      "div",
      { class: "cards" },
      card("sessions", metrics.totalSessions, "total-sessions"),
      card("connected", metrics.activeConnections),
      card("messages sent", metrics.messagesSent, "messages-sent"),
      card("messages received", metrics.messagesReceived),
      card("webhook attempts failed", failedAttempts(text), "webhook-failures"),
      card("webhooks dead-lettered", counter(text, "wagate_webhook_dead_letters_total")),
      card("errors", metrics.errors),
    ),
    h("h2", {}, "Sessions by state"),
    table(["State", "Sessions"], byState.map(([state, n]) => h("tr", {}, h("td", {}, badge(state)), h("td", {}, n)))),
  );
}

export async function tenants(main, me, after) {
  if (!me.admin) return flash(main, "Tenants are for operators.");
  const { tenants: rows, next } = await get(`/tenants${pageQuery(after)}`);
  main.replaceChildren(
    h("h1", {}, "Tenants"),
    pageLinks("#/tenants", after, next),
    table(
      ["Company", "Name", "Engine", "Send rate / min", "State", "Created"],
      rows.map((t) =>
        h(
          "tr",
          { dataset: { company: t.companyId } },
          h("td", {}, h("a", { href: `#/tenants/${t.companyId}` }, t.companyId)),
          h("td", {}, t.name || "—"),
          h("td", {}, t.engine || "default"),
          h("td", {}, t.sendRatePerMinute ?? "default"),
          h("td", {}, t.disabled ? badge("disabled") : badge("enabled")),
          h("td", {}, when(t.createdAt)),
        ),
      ),
      { id: "tenants" },
    ),
    h("h2", {}, "New tenant"),
    form(
      [
        field("Company id", "companyId", { required: true, pattern: "[A-Za-z0-9_\\-]{1,64}" }),
        field("Name", "name"),
        field("Send rate per minute (empty: default)", "sendRatePerMinute", { type: "number", min: 1 }),
      ],
      "Create tenant",
      async (values) => {
        const body = { companyId: values.companyId };
        if (values.name) body.name = values.name;
        if (values.sendRatePerMinute) body.sendRatePerMinute = Number(values.sendRatePerMinute);
        await post("/tenants", body);
        location.hash = `#/tenants/${values.companyId}`;
      },
      { id: "new-tenant" },
    ),
  );
}

export async function tenantPage(main, me, company) {
  const sections = [h("h1", {}, `Tenant ${company}`)];
  if (me.admin) {
    let { tenant } = await get(`/tenants/${company}`);
    const facts = h("div");
    const out = h("div", { class: "out" });
    const show = () =>
      facts.replaceChildren(
        h(
          "dl",
          { class: "facts" },
          h("dt", {}, "Name"), h("dd", {}, tenant.name || "—"),
          h("dt", {}, "State"), h("dd", {}, tenant.disabled ? badge("disabled") : badge("enabled")),
          h("dt", {}, "Send rate"), h("dd", {}, tenant.sendRatePerMinute ?? "default"),
          h("dt", {}, "Engine"), h("dd", {}, tenant.engine || "default"),
        ),
      );
    show();
    sections.push(
      facts,
      h(
        "div",
        { class: "actions" },
        h("a", { class: "button", href: `#/sessions/${company}`, id: "open-session" }, "Open session"),
        h("a", { class: "button", href: `#/webhooks/${company}` }, "Webhooks"),
        h("a", { class: "button", href: `#/tenants/${company}/proxy`, id: "open-proxy" }, "Proxy"),
        h(
          "button",
          {
            dataset: { action: "toggle-tenant" },
            onclick: async () => {
              const disabling = !tenant.disabled;
              if (disabling && !confirm(`Disable ${company}? Its session stops.`)) return;
              try {
                ({ tenant } = await patch(`/tenants/${company}`, { disabled: disabling }));
                show();
              } catch (e) {
                flash(out, e.message);
              }
            },
          },
          tenant.disabled ? "Enable" : "Disable",
        ),
      ),
      out,
      form(
        [field("Send rate per minute (empty: default)", "rate", { type: "number", min: 1, value: tenant.sendRatePerMinute ?? "" })],
        "Change send rate",
        async (values) => {
          ({ tenant } = await patch(`/tenants/${company}`, {
            sendRatePerMinute: values.rate ? Number(values.rate) : null,
          }));
          show();
          return "saved";
        },
        { id: "send-rate" },
      ),
      await pacingSection(company),
    );
  }
  const { apiKeys } = await get(`/tenants/${company}/api-keys`);
  const created = h("div", { id: "new-key" }); // a new key, shown once
  sections.push(
    h("h2", {}, "API keys"),
    table(
      ["Name", "Prefix", "Scopes", "Last used", "Revoked", ""],
      apiKeys.map((k) =>
        h(
          "tr",
          {},
          h("td", {}, k.name),
          h("td", {}, h("code", {}, k.prefix)),
          h("td", {}, k.scopes.join(", ")),
          h("td", {}, when(k.lastUsedAt)),
          h("td", {}, when(k.revokedAt)),
          h(
            "td",
            {},
            k.revokedAt
              ? null
              : h(
                  "button",
                  {
                    class: "danger",
                    onclick: async () => {
                      if (!confirm(`Revoke the key ${k.name}?`)) return;
                      await del(`/tenants/${company}/api-keys/${k.id}`);
                      await tenantPage(main, me, company);
                    },
                  },
                  "Revoke",
                ),
          ),
        ),
      ),
      { id: "api-keys" },
    ),
    form(
      [
        field("Name", "name", { required: true }),
        h(
          "fieldset",
          {},
          h("legend", {}, "Scopes"),
          ["read", "send", "manage"].map((s) =>
            h("label", { class: "check" }, h("input", { type: "checkbox", name: `scope-${s}`, checked: s !== "manage" }), s),
          ),
        ),
      ],
      "Create key",
      async (values) => {
        const scopes = ["read", "send", "manage"].filter((s) => values[`scope-${s}`]);
        const answer = await post(`/tenants/${company}/api-keys`, { name: values.name, scopes });
        await tenantPage(main, me, company); // the list with the new key, then the key itself
        main.querySelector("#new-key").replaceChildren(shownOnce("API key", answer.key));
      },
      { id: "new-api-key" },
    ),
    created,
  );
  main.replaceChildren(...sections);
}


