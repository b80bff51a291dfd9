// The account's own page: calls offered lately (kept current from the event socket) with
// a reject button, whether calls are declined automatically and with what reply, the
// privacy settings, the blocklist, and who a number or a LID is (its other address).

import { call, del, events, get, patch, post } from "./api.js";
import { badge, field, flash, form, h, select, table } from "./dom.js";

// WhatsApp's values for each privacy setting (wagate/bus/commands.py PRIVACY_VALUES)
const PRIVACY = [
  ["lastSeen", "Last seen", ["all", "contacts", "contact_blacklist", "none"]],
  ["online", "Online", ["all", "match_last_seen"]],
  ["picture", "Profile picture", ["all", "contacts", "contact_blacklist", "none"]],
  ["about", "About", ["all", "contacts", "contact_blacklist", "none"]],
  ["groups", "Who may add to groups", ["all", "contacts", "contact_blacklist", "none"]],
  ["readReceipts", "Read receipts", ["all", "none"]],
  ["calls", "Who may call", ["all", "known"]],
];

const when = (ms) => new Date(ms).toLocaleString();

// A part of the page that needs a connected session says why it is missing instead of
// failing the whole page (a session not connected yet cannot ask WhatsApp).
async function orWhy(part) {
  try {
    return await part();
  } catch (e) {
    return h("p", { class: "flash error", role: "status" }, e.message || String(e));
  }
}

function callRow(c, reject) {
  const kind = `${c.isVideo ? "video" : "voice"}${c.isGroup ? ", group" : ""}`;
  return h(
    "tr",
    { dataset: { callId: c.callId } },
    h("td", {}, c.from || c.fromLid || "—"),
    h("td", {}, kind),
    h("td", {}, badge(c.status)),
    h("td", {}, when(c.offeredAt)),
    h("td", {}, c.status === "offer" && reject && h("button", { type: "button", class: "danger reject", onclick: () => reject(c.callId) }, "Reject")),
  );
}

function callsSection(company, me) {
  const box = h("div", { id: "calls" });
  const out = h("div", { class: "out" });
  const reject = me.send
    ? async (callId) => {
        try {
          await post(`/sessions/${company}/calls/${encodeURIComponent(callId)}/reject`);
          await draw();
        } catch (e) {
          flash(out, e.message);
        }
      }
    : null;
  const draw = async () => {
    const { calls } = await get(`/sessions/${company}/calls`);
    const rows = calls.map((c) => callRow(c, reject));
    box.replaceChildren(
      rows.length ? table(["From", "Kind", "Status", "Rang", ""], rows) : h("p", { class: "muted" }, "No calls lately."),
    );
  };
  return { view: h("section", {}, h("h2", {}, "Calls"), box, out), draw };
}

async function callSettingsForm(company) {
  const now = await get(`/sessions/${company}/calls/settings`);
  const checkbox = h("input", { type: "checkbox", name: "autoReject", checked: now.autoReject });
  return form(
    [
      h("label", { class: "check" }, checkbox, "Decline every call as it rings"),
      field("Then send the caller", "replyText", { value: now.replyText || "", maxlength: 4096 }),
    ],
    "Save",
    async (values) => {
      const replyText = values.replyText.trim() || null;
      await call("PUT", `/sessions/${company}/calls/settings`, { autoReject: checkbox.checked, replyText });
      return "Saved.";
    },
    { id: "call-settings" },
  );
}

async function privacyForm(company) {
  const now = await get(`/sessions/${company}/privacy`);
  const fields = PRIVACY.map(([name, label, values]) => {
    const chooser = select(label, name, values.map((v) => [v, v]));
    chooser.querySelector("select").value = now[name];
    return chooser;
  });
  return form(
    fields,
    "Save privacy",
    async (values) => {
      const changed = Object.fromEntries(Object.entries(values).filter(([name, v]) => v !== now[name]));
      if (!Object.keys(changed).length) return "Nothing changed.";
      Object.assign(now, await patch(`/sessions/${company}/privacy`, changed));
      return "Saved at WhatsApp.";
    },
    { id: "privacy" },
  );
}

function blocklistSection(company, me) {
  const box = h("div", { id: "blocklist" });
  const draw = (phones) => {
    const rows = phones.map((phone) =>
      h(
        "tr",
        { dataset: { phone } },
        h("td", {}, phone),
        h("td", {}, me.manage && h("button", { type: "button", class: "link unblock", onclick: () => del(`/sessions/${company}/blocklist/${encodeURIComponent(phone)}`).then((r) => draw(r.phones)) }, "Unblock")),
      ),
    );
    box.replaceChildren(rows.length ? table(["Number", ""], rows) : h("p", { class: "muted" }, "Nobody is blocked."));
  };
  const blocking = form(
    [field("Number", "phone", { required: true, placeholder: "+79001234567" })],
    "Block",
    async (values) => {
      const r = await call("PUT", `/sessions/${company}/blocklist/${encodeURIComponent(values.phone.trim())}`);
      draw(r.phones);
      return `Blocked ${r.phone}.`;
    },
    { id: "block" },
  );
  const load = async () => draw((await get(`/sessions/${company}/blocklist`)).phones);
  return { view: h("section", {}, h("h2", {}, "Blocked numbers"), box, me.manage && blocking), load };
}

// WhatsApp names people by number or by LID (a hidden-number id): each asks for the other
function lidLookup(company) {
  return form(
    [field("Number, or a LID as digits@lid", "address", { required: true, placeholder: "+79001234567 or 123456789012345@lid" })],
    "Look up",
    async (values) => {
      const address = values.address.trim();
      if (address.endsWith("@lid")) {
        const r = await get(`/sessions/${company}/lids/${encodeURIComponent(address)}`);
        return `LID ${r.lid} is number ${r.phone}`;
      }
      const r = await get(`/sessions/${company}/contacts/${encodeURIComponent(address)}/lid`);
      return `Number ${r.phone} has LID ${r.lid}`;
    },
    { id: "lid-lookup" },
  );
}

export async function account(main, me, company = me.company) {
  if (!company) {
    main.replaceChildren(h("h1", {}, "Calls & privacy"), h("p", {}, "Sign in as a tenant to see its calls and privacy."));
    return null;
  }
  const calls = callsSection(company, me);
  const blocked = blocklistSection(company, me);
  const [callsNote, blockedNote] = await Promise.all([orWhy(calls.draw), orWhy(blocked.load)]);
  const live = h("span", { class: "live" }, "connecting…");
  const settings = me.manage ? [h("h2", {}, "Answering calls"), await callSettingsForm(company)] : [];
  const privacy = me.manage ? [h("h2", {}, "Privacy"), await orWhy(() => privacyForm(company))] : [];
  main.replaceChildren(
    h("h1", {}, `Calls & privacy ${company} `, live),
    calls.view,
    callsNote || "",
    ...settings,
    ...privacy,
    blocked.view,
    blockedNote || "",
    h("h2", {}, "Number or LID"),
    lidLookup(company),
  );
  const onEvent = (event) => (event.type === "call" || event.type === "gap") && calls.draw().catch(() => {});
  return events(company, onEvent, (state) => (live.textContent = state));
}
