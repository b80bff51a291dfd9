// Ban-risk controls: a tenant's pacing (on its tenant page, for operators) and what
// WhatsApp refuses its number (on its session page). docs/pacing.md says what each does.

import { call, get } from "./api.js";
import { field, form, h, when } from "./dom.js";

// The session view's restriction and ban end, as facts of the session page (none when
// WhatsApp refuses nothing).
export function restrictionFacts(s) {
  const facts = [];
  if (s.until) facts.push(h("dt", {}, "Banned until"), h("dd", { id: "banned-until" }, when(s.until)));
  if (s.restriction) {
    const lifts = s.restrictedUntil ? ` until ${when(s.restrictedUntil)}` : "";
    facts.push(h("dt", {}, "Restricted"), h("dd", { id: "restriction" }, `${s.restriction}${lifts}`));
  }
  return facts;
}

const capOrNull = (value) => (value === "" ? null : Number(value));

// The tenant's pacing as a form that replaces it whole (PUT /tenants/{id}/pacing).
export async function pacingSection(company) {
  const { pacing } = await get(`/tenants/${company}/pacing`);
  return h(
    "section",
    { id: "pacing" },
    h("h2", {}, "Pacing"),
    h("p", {}, "Against bans: caps on new chats started, typing shown before a message, a random delay."),
    form(
      [
        field("New chats per hour (empty: no cap)", "perHour", { type: "number", min: 1, max: 1000, value: pacing.newChatsPerHour ?? "" }),
        field("New chats per day (empty: no cap)", "perDay", { type: "number", min: 1, max: 10000, value: pacing.newChatsPerDay ?? "" }),
        field("Show typing before each message", "typing", { type: "checkbox", checked: pacing.typingBeforeSend }),
        field("Random delay before each message, up to (ms)", "jitter", { type: "number", min: 0, max: 30000, value: pacing.jitterMs }),
      ],
      "Save pacing",
      async (values) => {
        await call("PUT", `/tenants/${company}/pacing`, {
          newChatsPerHour: capOrNull(values.perHour),
          newChatsPerDay: capOrNull(values.perDay),
          typingBeforeSend: values.typing === "on",
          jitterMs: Number(values.jitter || 0),
        });
        return "saved";
      },
      { id: "pacing-form" },
    ),
  );
}
