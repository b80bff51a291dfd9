// Webhook endpoints: create (secret shown once), edit, disable, rotate, test; deliveries
// with their attempts, filtered; replay of one or of all dead ones.

import { del, get, patch, post } from "./api.js";
import { badge, field, flash, form, h, select, shownOnce, table, when } from "./dom.js";

const STATUSES = ["", "pending", "delivered", "failed", "dead"];
const enc = encodeURIComponent;

function companyQuery(me, company) {
  return me.admin ? `?companyId=${enc(company)}` : "";
}

export async function webhooks(main, me, chosen) {
  if (me.admin && !chosen) {
    const { tenants } = await get("/tenants");
    main.replaceChildren(
      h("h1", {}, "Webhooks"),
      h("p", {}, "Choose a tenant:"),
      h("ul", { class: "links" }, tenants.map((t) => h("li", {}, h("a", { href: `#/webhooks/${t.companyId}` }, t.companyId)))),
    );
    return;
  }
  const company = me.admin ? chosen : me.company;
  const { endpoints } = await get(`/webhooks${companyQuery(me, company)}`);
  const created = h("div", { id: "created" });
  main.replaceChildren(
    h("h1", {}, `Webhooks of ${company}`),
    table(
      ["URL", "Enabled", "Events", "Failures", "Created"],
      endpoints.map((e) =>
        h(
          "tr",
          {},
          h("td", {}, h("a", { href: `#/webhooks/${company}/${e.id}` }, e.url)),
          h("td", {}, e.enabled ? "yes" : `no (${e.disabledReason || "by hand"})`),
          h("td", {}, e.eventTypes ? e.eventTypes.join(", ") : "all"),
          h("td", {}, e.consecutiveFailures),
          h("td", {}, when(e.createdAt)),
        ),
      ),
      { id: "endpoints" },
    ),
    h("h2", {}, "New endpoint"),
    form(
      [
        field("URL", "url", { required: true, type: "url", placeholder: "https://example.com/hooks/whatsapp" }),
        field("Event types (comma-separated, empty: all)", "eventTypes"),
        field("Description", "description"),
      ],
      "Create",
      async (values) => {
        const body = { url: values.url, description: values.description };
        const types = values.eventTypes.split(",").map((t) => t.trim()).filter(Boolean);
        if (types.length) body.eventTypes = types;
        if (me.admin) body.companyId = company;
        const answer = await post("/webhooks", body);
        created.replaceChildren(
          shownOnce("Signing secret", answer.secret),
          h("a", { href: `#/webhooks/${company}/${answer.endpoint.id}` }, "Open the endpoint"),
        );
      },
      { id: "new-endpoint" },
    ),
    created,
  );
}

function attemptsTable(attempts) {
  return table(
    ["#", "Outcome", "Status", "Latency", "Answer (first bytes)", "Error", "At"],
    attempts.map((a) =>
      h(
        "tr",
        { dataset: { outcome: a.outcome } },
        h("td", {}, a.attempt),
        h("td", {}, badge(a.outcome)),
        h("td", {}, a.statusCode ?? "—"),
        h("td", {}, a.durationMs != null ? `${a.durationMs} ms` : "—"),
        h("td", {}, h("code", {}, (a.response || "").slice(0, 200))),
        h("td", {}, a.error || "—"),
        h("td", {}, when(a.startedAt)),
      ),
    ),
    { class: "attempts" },
  );
}

export async function endpointPage(main, me, company, endpointId) {
  const base = `/webhooks/${enc(endpointId)}`;
  const q = companyQuery(me, company);
  let { endpoint } = await get(base + q);
  const out = h("div", { class: "out", id: "endpoint-out" });
  const facts = h("div");
  const deliveries = h("div", { id: "deliveries" });
  const filters = { status: "", eventType: "" };

  const showFacts = () =>
    facts.replaceChildren(
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, "URL"), h("dd", {}, endpoint.url),
        h("dt", {}, "Enabled"), h("dd", { id: "enabled" }, endpoint.enabled ? "yes" : `no (${endpoint.disabledReason || "by hand"})`),
        h("dt", {}, "Events"), h("dd", {}, endpoint.eventTypes ? endpoint.eventTypes.join(", ") : "all"),
        h("dt", {}, "Failures in a row"), h("dd", {}, endpoint.consecutiveFailures),
        h("dt", {}, "Description"), h("dd", {}, endpoint.description || "—"),
      ),
    );

  const doing = async (label, fn) => {
    try {
      const shown = await fn();
      if (shown instanceof Node) out.replaceChildren(shown);
      else flash(out, `${label}: ${shown || "done"}`, "ok");
    } catch (e) {
      flash(out, e.message);
    }
  };
  const button = (label, fn, attrs = {}) => h("button", { ...attrs, onclick: () => doing(label, fn) }, label);

  // a refresh (the person's, or a filter) redraws the table: the attempts someone opened
  // stay open, and a slower, older load never draws over a newer one
  const opened = new Set();
  let loads = 0;
  const loadDeliveries = async () => {
    const mine = ++loads;
    const query = new URLSearchParams();
    if (me.admin) query.set("companyId", company);
    if (filters.status) query.set("status", filters.status);
    if (filters.eventType) query.set("eventType", filters.eventType);
    const { deliveries: rows } = await get(`${base}/deliveries?${query}`);
    if (mine !== loads) return;
    deliveries.replaceChildren(
      table(
        ["Event", "Status", "Attempts", "Last answer", "Created", ""],
        rows.map((d) => {
          const detail = h("tr", { class: "detail", hidden: true }, h("td", { colspan: 6 }));
          const showAttempts = async () => {
            opened.add(d.id);
            const { delivery } = await get(`${base}/deliveries/${d.id}${q}`);
            detail.firstChild.replaceChildren(attemptsTable(delivery.attempts));
            detail.hidden = false;
          };
          if (opened.has(d.id)) showAttempts();
          const row = h(
            "tr",
            { dataset: { delivery: d.id, status: d.status } },
            h("td", {}, d.eventType),
            h("td", {}, badge(d.status)),
            h("td", {}, d.attemptCount),
            h("td", {}, d.lastStatusCode ?? d.lastError ?? "—"),
            h("td", {}, when(d.createdAt)),
            h(
              "td",
              {},
              h("button", {
                class: "link",
                dataset: { action: "attempts" },
                onclick: showAttempts,
              }, "attempts"),
              d.status === "pending"
                ? null
                : button("Replay", async () => {
                    await post(`${base}/deliveries/${d.id}/replay${q}`);
                    await loadDeliveries();
                  }, { dataset: { action: "replay" } }),
            ),
          );
          return [row, detail];
        }),
        { id: "delivery-table" },
      ),
    );
  };

  const actions = h(
    "div",
    { class: "actions" },
    button(endpoint.enabled ? "Disable" : "Enable", async () => {
      ({ endpoint } = await patch(base + q, { enabled: !endpoint.enabled }));
      showFacts();
      return endpoint.enabled ? "enabled" : "disabled";
    }, { dataset: { action: "toggle" } }),
    button("Rotate secret", async () => {
      if (!confirm("Rotate the signing secret? The old one keeps working for a day.")) return "kept";
      const answer = await post(`${base}/rotate-secret${q}`);
      return shownOnce("New signing secret", answer.secret);
    }, { dataset: { action: "rotate" } }),
    button("Send test event", async () => {
      const answer = await post(`${base}/test${q}`);
      await loadDeliveries();
      return `queued delivery ${answer.deliveryId}`;
    }, { dataset: { action: "test" } }),
    button("Replay all dead", async () => {
      const answer = await post(`${base}/replay${q}`, { since: 0, statuses: ["dead"] });
      await loadDeliveries();
      return `${answer.replayed} replayed`;
    }, { dataset: { action: "replay-dead" } }),
    button("Refresh", loadDeliveries, { dataset: { action: "refresh" } }),
    button("Delete", async () => {
      if (!confirm("Delete this endpoint and its deliveries?")) return "kept";
      await del(base + q);
      location.hash = `#/webhooks/${company}`;
      return "deleted";
    }, { class: "danger", dataset: { action: "delete" } }),
  );

  const filterForm = h(
    "form",
    { class: "filters", id: "filters" },
    select("Status", "status", STATUSES.map((s) => [s, s || "any"])),
    field("Event type", "eventType", { placeholder: "any" }),
    h("button", { type: "submit" }, "Filter"),
  );
  filterForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    Object.assign(filters, Object.fromEntries(new FormData(filterForm).entries()));
    await loadDeliveries();
  });

  showFacts();
  main.replaceChildren(
    h("p", {}, h("a", { href: `#/webhooks/${company}` }, `← webhooks of ${company}`)),
    h("h1", {}, "Webhook endpoint"),
    facts,
    actions,
    out,
    h("h2", {}, "Edit"),
    form(
      [
        field("URL", "url", { value: endpoint.url, type: "url", required: true }),
        field("Event types (comma-separated, empty: all)", "eventTypes", { value: (endpoint.eventTypes || []).join(", ") }),
        field("Description", "description", { value: endpoint.description || "" }),
      ],
      "Save",
      async (values) => {
        const types = values.eventTypes.split(",").map((t) => t.trim()).filter(Boolean);
        ({ endpoint } = await patch(base + q, {
          url: values.url,
          description: values.description,
          eventTypes: types.length ? types : null,
        }));
        showFacts();
        return "saved";
      },
      { id: "edit-endpoint" },
    ),
    h("h2", {}, "Deliveries"),
    filterForm,
    deliveries,
  );
  await loadDeliveries();
}
