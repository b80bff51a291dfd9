// The account's own face on WhatsApp: its profile (push name, about, picture), a status
// update to its contacts, and the channels it follows (read their posts, follow,
// unfollow, post to those it runs). Every action is one API call; nothing is kept here.

import { call, del, get, post, upload } from "./api.js";
import { field, flash, form, h, table, when } from "./dom.js";

const STATUS = "status@broadcast";

function profileForms(base) {
  const names = form(
    [
      field("Push name", "pushName", { maxlength: 25, placeholder: "unchanged" }),
      field("About", "about", { maxlength: 139, placeholder: "unchanged" }),
    ],
    "Save profile",
    async (values) => {
      const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));
      if (!Object.keys(body).length) throw new Error("give a push name, an about text or both");
      await call("PUT", `${base}/profile`, body);
      return "Profile saved.";
    },
    { id: "profile" },
  );
  const picture = form(
    [field("Picture (JPEG)", "file", { type: "file", accept: "image/jpeg", required: true })],
    "Set picture",
    async (_values, out) => {
      const body = new FormData(out.closest("form"));
      const set = await upload(`${base}/profile/picture`, body, "PUT");
      return `Picture set (${set.width}×${set.height}).`;
    },
    { id: "picture" },
  );
  const remove = h("button", { type: "button", id: "picture-remove" }, "Remove picture");
  remove.addEventListener("click", async () => {
    await del(`${base}/profile/picture`);
    flash(picture.querySelector(".out"), "Picture removed.", "ok");
  });
  return [h("h2", {}, "Profile"), names, picture, h("div", { class: "actions" }, remove)];
}

function statusForm(base) {
  return [
    h("h2", {}, "Status update"),
    h("p", {}, "Goes to the account's contacts, as a story."),
    form(
      [field("Text", "text", { required: true, maxlength: 4096 })],
      "Post status",
      async (values) => {
        const sent = await post(`${base}/messages/text`, { to: STATUS, text: values.text });
        return `Status posted (${sent.messageId}).`;
      },
      { id: "status" },
    ),
  ];
}

function postsTable(posts) {
  const rows = posts.map((p) =>
    h("tr", {}, h("td", {}, when(p.timestamp)), h("td", {}, p.type), h("td", {}, p.text), h("td", {}, String(p.views))),
  );
  return table(["When", "Type", "Text", "Views"], rows, { class: "posts" });
}

function channelRow(base, channel, show) {
  const id = encodeURIComponent(channel.channelId);
  const open = h("button", { type: "button", class: "link" }, channel.name || channel.channelId);
  open.addEventListener("click", () => show(channel));
  const leave = h("button", { type: "button" }, "Unfollow");
  leave.addEventListener("click", async () => {
    await del(`${base}/channels/${id}/follow`);
    await show(null, `Unfollowed ${channel.channelId}.`);
  });
  return h(
    "tr",
    { dataset: { channelId: channel.channelId } },
    h("td", {}, open),
    h("td", {}, channel.role),
    h("td", {}, String(channel.followers)),
    h("td", {}, leave),
  );
}

function channelDetail(base, channel) {
  const id = encodeURIComponent(channel.channelId);
  const box = h("div", { id: "channel", dataset: { channelId: channel.channelId } }, h("h3", {}, channel.name));
  get(`${base}/channels/${id}/posts?count=20`)
    .then(({ posts }) => box.append(postsTable(posts)))
    .catch((e) => box.append(h("p", { class: "flash error" }, e.message)));
  if (channel.role === "owner" || channel.role === "admin") {
    box.append(
      form(
        [field("Post", "text", { required: true, maxlength: 4096 })],
        "Post to channel",
        async (values) => {
          await post(`${base}/messages/text`, { to: channel.channelId, text: values.text });
          return "Posted.";
        },
        { id: "channel-post" },
      ),
    );
  }
  return box;
}

async function channelsSection(base) {
  const section = h("section", { id: "channels" });
  // the list read again, then (when one was chosen) its posts; `note` says what changed
  const show = async (channel, note = "") => {
    const { channels } = await get(`${base}/channels`);
    const rows = channels.map((c) => channelRow(base, c, show));
    section.replaceChildren(
      h("h2", {}, "Channels"),
      note && h("p", { class: "flash ok", role: "status", id: "channels-note" }, note),
      table(["Channel", "Role", "Followers", ""], rows, { class: "channel-list" }),
      form(
        [field("Channel id", "channelId", { required: true, placeholder: "120363…@newsletter" })],
        "Follow",
        async (values) => {
          const id = values.channelId.trim();
          await post(`${base}/channels/${encodeURIComponent(id)}/follow`);
          await show(null, `Following ${id}.`);
        },
        { id: "channel-follow" },
      ),
      channel ? channelDetail(base, channel) : "",
    );
  };
  await show(null);
  return section;
}

export async function profile(main, me) {
  if (!me.company) return flash(main, "The profile page is a tenant's: sign in as one.");
  const base = `/sessions/${encodeURIComponent(me.company)}`;
  const parts = [h("h1", {}, "Profile & channels")];
  if (me.send) parts.push(...profileForms(base), ...statusForm(base));
  parts.push(await channelsSection(base));
  main.replaceChildren(...parts);
}
