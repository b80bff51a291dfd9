// Groups of the tenant's session: the list, and one group's administration (settings,
// picture, join requests). What WhatsApp refuses (not an admin, a picture that is not an
// image) shows as the API's message beside the control.

import { del, get, patch, post, upload } from "./api.js";
import { field, flash, form, h, select, table, when } from "./dom.js";

const enc = encodeURIComponent;
const TIMERS = [["off", "Off"], ["24h", "24 hours"], ["7d", "7 days"], ["90d", "90 days"]];
const ADD_MODES = [["admin_add", "Admins"], ["all_member_add", "All members"]];
const SWITCHES = [
  ["announce", "Only admins send messages"],
  ["locked", "Only admins edit the group's info"],
  ["joinApproval", "Joining by link needs an admin's approval"],
];

export async function groups(main, me, groupId) {
  if (me.admin) {
    main.replaceChildren(h("h1", {}, "Groups"), h("p", {}, "Sign in as a tenant to manage its groups."));
    return;
  }
  if (groupId) return groupPage(main, me, decodeURIComponent(groupId));
  const { groups: found } = await get(`/sessions/${me.company}/groups`);
  main.replaceChildren(
    h("h1", {}, `Groups of ${me.company}`),
    table(
      ["Subject", "Members", "Created"],
      found.map((g) =>
        h(
          "tr",
          { dataset: { groupId: g.groupId } },
          h("td", {}, h("a", { href: `#/groups/${enc(g.groupId)}` }, g.subject)),
          h("td", {}, g.size),
          h("td", {}, when(g.createdAt)),
        ),
      ),
      { id: "groups" },
    ),
  );
}

async function groupPage(main, me, groupId) {
  const base = `/sessions/${me.company}/groups/${enc(groupId)}`;
  const { group } = await get(base);
  const requests = h("div", { id: "join-requests" });
  main.replaceChildren(
    h("h1", {}, group.subject),
    h("p", {}, `${group.size} members · picture: `, h("code", { id: "picture-id" }, group.pictureId || "none")),
    h("h2", {}, "Settings"),
    settingsForm(base, group.settings),
    h("h2", {}, "Picture"),
    pictureForm(base),
    h("h2", {}, "Requests to join"),
    requests,
  );
  await showRequests(requests, base);
}

function settingsForm(base, current) {
  const checks = SWITCHES.map(([name, label]) =>
    h("label", { class: "check" }, h("input", { type: "checkbox", name, checked: !!current[name] }), h("span", {}, label)),
  );
  const timer = select("Disappearing messages", "disappearingTimer", TIMERS);
  const mode = select("Who may add members", "memberAddMode", ADD_MODES);
  timer.querySelector("select").value = current.disappearingTimer || "off";
  mode.querySelector("select").value = current.memberAddMode || "admin_add";
  return form(
    [checks, timer, mode],
    "Save settings",
    async (values) => {
      const wanted = { disappearingTimer: values.disappearingTimer, memberAddMode: values.memberAddMode };
      for (const [name] of SWITCHES) wanted[name] = name in values;
      const changed = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => v !== current[k]));
      if (!Object.keys(changed).length) return "Nothing changed.";
      const { group } = await patch(`${base}/settings`, changed);
      Object.assign(current, group.settings);
      return "Saved.";
    },
    { id: "group-settings" },
  );
}

function pictureForm(base) {
  const shown = () => document.getElementById("picture-id");
  const remove = h("button", { type: "button", id: "remove-picture" }, "Remove the picture");
  const picture = form(
    [field("Image (JPEG, PNG or WebP)", "file", { type: "file", accept: "image/*", required: true })],
    "Set the picture",
    async () => {
      const data = new FormData();
      data.append("file", picture.querySelector("input[type=file]").files[0]);
      const answer = await upload(`${base}/picture`, data, "PUT");
      shown().textContent = answer.pictureId;
      return "Picture set.";
    },
    { id: "group-picture" },
  );
  remove.addEventListener("click", async () => {
    try {
      await del(`${base}/picture`);
      shown().textContent = "none";
      flash(picture.querySelector(".out"), "Picture removed.", "ok");
    } catch (e) {
      flash(picture.querySelector(".out"), e.message || String(e));
    }
  });
  return h("div", {}, picture, remove);
}

async function showRequests(target, base) {
  let found;
  try {
    ({ requests: found } = await get(`${base}/requests`));
  } catch (e) {
    return flash(target, e.message || String(e));
  }
  if (!found.length) return target.replaceChildren(h("p", {}, "No one is waiting."));
  const answer = (action, phone) => async () => {
    try {
      await post(`${base}/requests`, { action, participants: [phone] });
      await showRequests(target, base);
    } catch (e) {
      flash(target, e.message || String(e));
    }
  };
  target.replaceChildren(
    table(
      ["Number", "Asked", ""],
      found.map((r) =>
        h(
          "tr",
          { dataset: { phone: r.phone } },
          h("td", {}, r.phone || r.lid),
          h("td", {}, when(r.requestedAt)),
          h(
            "td",
            {},
            h("button", { type: "button", class: "approve", onclick: answer("approve", r.phone) }, "Approve"),
            h("button", { type: "button", class: "reject", onclick: answer("reject", r.phone) }, "Reject"),
          ),
        ),
      ),
    ),
  );
}
