// Sessions: the list (live), and one session's page: QR, pairing code, actions, try-it.

import { del, events, get, post } from "./api.js";
import { badge, field, flash, form, h, pageLinks, pageQuery, table, when } from "./dom.js";
import { restrictionFacts } from "./risk.js";
import qrcode from "./vendor/qrcode.mjs";

const MAX_LIVE = 50; // sockets the list keeps open; more sessions refresh on a timer

// The companies of one page (an operator's: PAGE tenants after `after`, in company order,
// each with its session if it has one) and the company the next page starts after.
async function companies(me, after) {
  if (!me.admin) {
    const { sessions } = await get("/sessions");
    const own = sessions.find((s) => s.companyId === me.company) || placeholder(me.company);
    return { rows: new Map([[me.company, own]]), next: null };
  }
  // every session belongs to a tenant, so the first PAGE sessions after `after` hold
  // those of the page's tenants
  const [{ tenants, next }, { sessions }] = await Promise.all([
    get(`/tenants${pageQuery(after)}`),
    get(`/sessions${pageQuery(after)}`),
  ]);
  const byCompany = new Map(sessions.map((s) => [s.companyId, s]));
  const rows = new Map(tenants.map((t) => [t.companyId, byCompany.get(t.companyId) || placeholder(t.companyId)]));
  return { rows, next };
}

const placeholder = (companyId) => ({
  companyId,
  status: "stopped",
  reason: null,
  phone: null,
  engine: null,
  since: null,
});

function sessionRow(s) {
  return h(
    "tr",
    { dataset: { company: s.companyId } },
    h("td", {}, h("a", { href: `#/sessions/${s.companyId}` }, s.companyId)),
    h("td", {}, badge(s.status)),
    h("td", {}, s.reason || "—"),
    h("td", {}, s.phone || "—"),
    h("td", {}, s.engine || "—"),
    h("td", {}, when(s.since)),
  );
}

export async function sessions(main, me, after) {
  const { rows, next } = await companies(me, after);
  const body = h("tbody");
  const live = h("span", { class: "live" }, "connecting…");
  const render = () => body.replaceChildren(...[...rows.values()].map(sessionRow));
  render();
  main.replaceChildren(
    h("h1", {}, "Sessions ", live),
    pageLinks("#/sessions", after, next),
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        { id: "sessions" },
        h(
          "thead",
          {},
          h("tr", {}, ["Company", "State", "Reason", "Phone", "Engine", "Since"].map((t) => h("th", {}, t))),
        ),
        body,
      ),
    ),
  );
  const refresh = async (company) => {
    try {
      rows.set(company, await get(`/sessions/${company}/status`));
    } catch {
      rows.set(company, placeholder(company));
    }
    render();
  };
  const stops = [...rows.keys()].slice(0, MAX_LIVE).map((company) =>
    events(
      company,
      // a gap notice: state changes may be among the events lost, so read it again
      (event) => (event.type === "gap" || (event.data && event.data.state)) && refresh(company),
      (state) => (live.textContent = state),
    ),
  );
  const timer = setInterval(async () => {
    for (const [company, s] of (await companies(me, after)).rows) if (!rows.has(company)) rows.set(company, s);
    render();
  }, 15000);
  return () => {
    stops.forEach((stop) => stop());
    clearInterval(timer);
  };
}

function qrImage(code) {
  const qr = qrcode(0, "M");
  qr.addData(code);
  qr.make();
  return h("img", { id: "qr", src: qr.createDataURL(6, 4), alt: "QR code to scan in WhatsApp", dataset: { code } });
}

export async function sessionPage(main, me, company) {
  const status = h("div", { id: "status" });
  const qrBox = h("div", { id: "qr-box" });
  const log = h("ol", { id: "events", class: "events" });
  const live = h("span", { class: "live" }, "connecting…");
  const out = h("div", { class: "out", id: "action-out" });
  let current = null;

  const show = (s) => {
    current = s;
    status.replaceChildren(
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, "State"), h("dd", {}, badge(s.status)),
        h("dt", {}, "Reason"), h("dd", {}, s.reason || "—"),
        h("dt", {}, "Phone"), h("dd", { id: "phone" }, s.phone || "—"),
        h("dt", {}, "Engine"), h("dd", {}, s.engine || "—"),
        h("dt", {}, "Since"), h("dd", {}, when(s.since)),
        ...restrictionFacts(s),
      ),
    );
    const shown = qrBox.querySelector("#qr");
    if (s.status === "qr" && s.qr) {
      if (shown && shown.dataset.code === s.qr) return; // the same code: keep the image
      qrBox.replaceChildren(
        h("p", {}, "Scan in WhatsApp: Settings → Linked devices → Link a device. The code changes as WhatsApp rotates it."),
        qrImage(s.qr),
      );
    } else qrBox.replaceChildren();
  };
  const load = async () => {
    try {
      show(await get(`/sessions/${company}/status`));
    } catch (e) {
      if (e.status !== 404) throw e;
      show(placeholder(company));
    }
  };
  await load();

  const act = (label, method, path, question) =>
    h(
      "button",
      {
        class: label === "Delete" || label === "Log out" ? "danger" : "",
        dataset: { action: label.toLowerCase() },
        onclick: async () => {
          if (question && !confirm(question)) return;
          try {
            const answer = await method(path);
            if (answer.status) show({ ...current, ...answer });
            flash(out, `${label}: done`, "ok");
            await load();
          } catch (e) {
            flash(out, e.message);
          }
        },
      },
      label,
    );

  const sections = [
    h("h1", {}, `Session ${company} `, live),
    status,
    h("p", {}, h("a", { id: "open-inbox", href: `#/inbox/${company}` }, "Inbox: chats and messages")),
    qrBox,
  ];
  if (me.manage) {
    sections.push(
      h(
        "div",
        { class: "actions" },
        act("Start", post, `/sessions/${company}/initialize`),
        act("Restart", post, `/sessions/${company}/restart`, `Restart the session of ${company}?`),
        act("Log out", post, `/sessions/${company}/logout`, `Log ${company} out? The phone must scan again.`),
        act("Delete", del, `/sessions/${company}`, `Delete the session of ${company} and its credentials?`),
      ),
      out,
      h("h2", {}, "Link with a phone number instead"),
      form(
        [field("Phone number being linked", "phone", { required: true, inputmode: "tel", placeholder: "5511999990000" })],
        "Get pairing code",
        async (values, out) => {
          const answer = await post(`/sessions/${company}/pairing-code`, { phone: values.phone });
          out.replaceChildren(
            h(
              "div",
              { class: "flash ok" },
              h("p", {}, "Pairing code: ", h("strong", { id: "pairing-code" }, answer.pairingCode)),
              h("p", {}, answer.message),
            ),
          );
        },
        { id: "pairing" },
      ),
    );
  }
  if (me.send) {
    sections.push(
      h("h2", {}, "Try it: send a text"),
      form(
        [
          field("To (phone number)", "phone", { required: true, inputmode: "tel", placeholder: "79001234567" }),
          field("Message", "message", { required: true }),
        ],
        "Send",
        async (values) => {
          const answer = await post(`/sessions/${company}/send`, { phone: values.phone, message: values.message });
          return `Sent: ${answer.messageId}`;
        },
        { id: "send" },
      ),
    );
  }
  sections.push(h("h2", {}, "Live events"), log);
  main.replaceChildren(...sections);

  const stop = events(
    company,
    (event) => {
      if (event.type === "gap") {
        // events after the last one shown are no longer held: say so, read the state again
        log.prepend(
          h(
            "li",
            { dataset: { type: "gap" } },
            h("strong", {}, "gap"),
            " some events were missed while away and are no longer held",
          ),
        );
        load();
        return;
      }
      log.prepend(
        h(
          "li",
          { dataset: { type: event.type } },
          h("time", {}, new Date(event.timestamp).toLocaleTimeString()),
          " ",
          h("strong", {}, event.type),
          " ",
          h("code", {}, JSON.stringify(event.data)),
        ),
      );
      while (log.children.length > 100) log.lastChild.remove();
      if (event.type === "qr" && event.data.qr) show({ ...current, status: "qr", qr: event.data.qr });
      else if (event.data && event.data.state) load();
    },
    (state) => (live.textContent = state),
  );
  return stop;
}
