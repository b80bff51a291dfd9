// The reply box's options and a message's forward action (docs/api.md, Messaging):
// numbers to mention (and, in a group, @all), a link preview the connector builds, view
// once for a photo or a video, and a message of the thread forwarded to another chat. Everything here is sent as the API
// takes it; the API checks it (a mention the text does not write is written here first).

import { post } from "./api.js";
import { form, h } from "./dom.js";

const VIEW_ONCE_KINDS = ["image", "video"]; // of what the reply box sends (no voice notes)
const MENTION_ALL = "@all";

function numbers(field) {
  return field.value
    .split(/[\s,]+/)
    .map((n) => n.replace(/^\+/, ""))
    .filter(Boolean);
}

// The options under the reply box. `text(value)` is the text route's body fields for a
// text (the mentions written into it when missing), `viewOnce(kind)` whether an upload
// of that kind goes view once.
export function composeOptions(isGroup) {
  const mentions = h("input", { name: "mentions", class: "mentions", placeholder: "Mention numbers (comma-separated)" });
  const all = h("input", { type: "checkbox", name: "mentionAll" });
  const once = h("input", { type: "checkbox", name: "viewOnce" });
  const preview = h("input", { type: "checkbox", name: "linkPreview" });
  const fields = h(
    "div",
    { class: "compose-options" },
    mentions,
    isGroup && h("label", {}, all, ` ${MENTION_ALL}`),
    h("label", { title: "a card for the first link the text writes" }, preview, " link preview"),
    h("label", { title: "a photo or video the recipient opens once" }, once, " view once"),
  );
  const text = (value) => {
    const body = { text: value };
    const mentioned = numbers(mentions);
    mentioned.forEach((n) => !body.text.includes(`@${n}`) && (body.text += ` @${n}`));
    if (mentioned.length) body.mentions = mentioned;
    if (isGroup && all.checked) {
      if (!body.text.includes(MENTION_ALL)) body.text = `${MENTION_ALL} ${body.text}`;
      body.mentionAll = true;
    }
    if (preview.checked) body.linkPreview = true;
    return body;
  };
  const viewOnce = (kind) => once.checked && VIEW_ONCE_KINDS.includes(kind);
  const reset = () => {
    mentions.value = "";
    all.checked = false;
    once.checked = false;
    preview.checked = false;
  };
  return { fields, text, viewOnce, reset };
}

// A message's "Forward" button: it opens a one-field form naming the chat to send the
// stored message to (a number or a group id).
export function forwardAction(base, messageId) {
  const to = h("input", { name: "to", placeholder: "Forward to (number or group id)", required: true });
  const send = async (values) => {
    await post(`${base}/messages/${encodeURIComponent(messageId)}/forward`, { to: values.to.trim() });
    to.value = "";
    return "forwarded";
  };
  const box = form([to], "Forward", send, { class: "forward", hidden: true });
  const open = h("button", { type: "button", class: "link forward-open", onclick: () => (box.hidden = !box.hidden) }, "↪ Forward");
  return h("div", { class: "forward-action" }, open, box);
}
