// One chat's thread: the newest page first, older pages as the person scrolls up, new
// messages as events say there are, a message redrawn when it is edited, revoked, reacted
// to or voted on, and a reply box that sends text and attachments.

import { get, post, upload } from "./api.js";
import { composeOptions, forwardAction } from "./compose_options.js";
import { flash, form, h } from "./dom.js";
import { messageView } from "./message.js";

const PAGE = 20;
const NEAR_TOP_PX = 60;

// the send route of a file, by its type: JPEG and PNG are images, the rest by family
function sendKind(file) {
  if (/^image\/(jpeg|png)$/.test(file.type)) return "image";
  if (/^video\//.test(file.type)) return "video";
  if (/^audio\//.test(file.type)) return "audio";
  return "document";
}

// Draws a message at the top or the bottom of the list, or in place of its older self.
function placer(list, shown, draw) {
  return (m, where) => {
    const node = draw(m);
    const old = list.querySelector(`[data-message-id="${CSS.escape(m.messageId)}"]`);
    shown.set(m.messageId, m);
    if (old) old.replaceWith(node);
    else if (where === "top") list.prepend(node);
    else list.append(node);
  };
}

const newest = (ms) => (ms.length ? ms.reduce((a, b) => (b.timestamp > a.timestamp ? b : a)) : null);

// Marks every incoming message shown read (with the send scope), then tells the chat list
// the newest message shown.
function reader(base, me, shown, onSeen) {
  return async () => {
    const unread = [...shown.values()].filter((m) => m.direction === "in" && m.status !== "read");
    if (me.send && unread.length) {
      await post(`${base}/read`, { upTo: newest(unread).messageId });
      unread.forEach((m) => (m.status = "read"));
    }
    onSeen(newest([...shown.values()]));
  };
}

export function thread(company, chat, me, onSeen) {
  const base = `/sessions/${company}/chats/${encodeURIComponent(chat.chatId)}`;
  const list = h("ol", { id: "thread", class: "thread" });
  const urls = [];
  const shown = new Map(); // messageId -> the stored message drawn
  let before = null;
  let after = null;
  let queue = Promise.resolve(); // one fetch at a time: pages never interleave
  const serial = (work) => (queue = queue.then(work).catch((e) => flash(status, e.message)));
  const status = h("div", { class: "thread-status" });

  // a redrawn message keeps its forward form as it was (open, half typed)
  const draw = (m) => {
    const el = messageView(company, m, chat.kind === "group", urls);
    if (!me.send || !me.read || m.revoked) return el; // a forward needs both, as the API asks
    const kept = list.querySelector(`[data-message-id="${CSS.escape(m.messageId)}"] > .forward-action`);
    el.append(kept || forwardAction(base, m.messageId));
    return el;
  };
  const put = placer(list, shown, draw);
  const markRead = reader(base, me, shown, onSeen);

  const first = async () => {
    const page = await get(`${base}/messages?limit=${PAGE}`);
    page.messages.forEach((m) => put(m, "bottom"));
    ({ before, after } = page);
    list.scrollTop = list.scrollHeight;
    // a page too short to scroll could never ask for the next: fill the view first
    while (before && list.scrollHeight <= list.clientHeight) await older();
    await markRead();
  };

  const older = async () => {
    if (!before) return;
    const page = await get(`${base}/messages?limit=${PAGE}&before=${encodeURIComponent(before)}`);
    const height = list.scrollHeight;
    [...page.messages].reverse().forEach((m) => put(m, "top"));
    before = page.before;
    list.scrollTop += list.scrollHeight - height; // the messages read stay where they were
  };

  const newer = async () => {
    for (;;) {
      const query = after ? `&after=${encodeURIComponent(after)}` : "";
      const page = await get(`${base}/messages?limit=${PAGE}${query}`);
      const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_TOP_PX;
      page.messages.forEach((m) => put(m, "bottom"));
      if (atBottom) list.scrollTop = list.scrollHeight;
      after = page.after || after;
      if (page.messages.length < PAGE) break;
    }
    await markRead();
  };

  const redraw = async (messageId) => {
    if (!shown.has(messageId)) return;
    put((await get(`/sessions/${company}/messages/${encodeURIComponent(messageId)}`)).message);
  };

  list.addEventListener("scroll", () => list.scrollTop < NEAR_TOP_PX && before && serial(older));
  const view = h("section", { class: "chat", dataset: { chatId: chat.chatId } }, list, status);
  if (me.send) view.append(replyBox(base, chat, () => serial(newer)));
  serial(first);
  return {
    view,
    newer: () => serial(newer),
    redraw: (messageId) => serial(() => redraw(messageId)),
    stop: () => {
      urls.closed = true;
      urls.splice(0).forEach((url) => URL.revokeObjectURL(url));
    },
  };
}

// The reply box: text alone goes to the text route (with its mentions); a file to its
// kind's route as a multipart upload, with the text as its caption (and view once).
function replyBox(base, chat, sent) {
  const chatId = chat.chatId;
  const options = composeOptions(chat.kind === "group");
  const sessionBase = base.slice(0, base.indexOf("/chats/"));
  const text = h("textarea", { name: "text", rows: 2, placeholder: "Write a reply", maxlength: 4096 });
  const file = h("input", { type: "file", name: "file" });
  const send = async (_values, out) => {
    const chosen = file.files[0];
    if (chosen) {
      const body = new FormData();
      const kind = sendKind(chosen);
      body.append("to", chatId);
      body.append("caption", text.value);
      if (kind === "document") body.append("filename", chosen.name);
      if (options.viewOnce(kind)) body.append("viewOnce", "true");
      body.append("file", chosen, chosen.name);
      await upload(`${sessionBase}/messages/${kind}`, body);
    } else if (text.value.trim()) {
      await post(`${sessionBase}/messages/text`, { to: chatId, ...options.text(text.value) });
    } else return;
    text.value = "";
    file.value = "";
    options.reset();
    out.replaceChildren(); // an earlier failure's note
    sent();
  };
  return form([text, file, options.fields], "Send", send, { id: "reply", class: "reply" });
}
