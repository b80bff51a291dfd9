// The inbox: a tenant's chats, most recently active first, kept current from the event
// socket by local updates (the list is read from the API once, and again only after a
// gap), and the chosen chat's thread beside them.

import { events, get } from "./api.js";
import { h, when } from "./dom.js";
import { thread } from "./thread.js";

const CHAT_PAGE = 50;
const PREVIEW_CHARS = 200;

// the chat an event is about, as the store keys it: a group's id, else the other person
const chatOf = (data) => data.chat || data.from || data.fromLid;

const iso = (ms) => new Date(ms).toISOString();

function previewOf(data) {
  if (data.text) return data.text.slice(0, PREVIEW_CHARS);
  const kind = (data.media && (data.media.type || data.media.kind)) || data.type || data.kind;
  return kind ? `(${kind})` : "";
}

function newChat(chatId) {
  return {
    chatId,
    kind: chatId.endsWith("@g.us") ? "group" : "person",
    name: null,
    lastActivityAt: iso(0),
    lastMessage: { messageId: null, kind: "text", direction: "in", preview: null },
    unreadCount: 0,
  };
}

// Group subjects the store does not know yet (a group joined, or made on a phone, before
// any subject change), asked for once per group; the answer names the stored chat too.
function subjects(company, redraw) {
  const known = new Map();
  return (chat) => {
    if (chat.name || chat.kind !== "group") return chat.name || chat.chatId;
    if (!known.has(chat.chatId)) {
      known.set(chat.chatId, null);
      get(`/sessions/${company}/groups/${encodeURIComponent(chat.chatId)}`)
        .then(({ group }) => known.set(chat.chatId, group.subject) && redraw())
        .catch(() => {}); // not in the group any more, or offline: its id stays the title
    }
    return known.get(chat.chatId) || chat.chatId;
  };
}

// The API's pages of chats, into `chats`: the first (again after a gap), then the next
// on request. A chat met twice (it moved up between pages) is kept once, as last read.
function chatPages(company, chats) {
  let next = null;
  const read = async (cursor) => {
    const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page = await get(`/sessions/${company}/chats?limit=${CHAT_PAGE}${query}`);
    page.chats.forEach((c) => chats.set(c.chatId, c));
    next = page.next;
  };
  return { first: () => read(null), more: () => read(next), hasMore: () => next !== null };
}

function chatItem(chat, title, isOpen, choose) {
  const last = chat.lastMessage;
  return h(
    "li",
    { class: isOpen ? "open" : null, dataset: { chatId: chat.chatId } },
    h(
      "button",
      { type: "button", onclick: () => choose(chat.chatId) },
      h("span", { class: "name" }, title),
      h("time", {}, when(chat.lastActivityAt)),
      h("span", { class: "preview" }, last.preview ?? `(${last.kind})`),
      chat.unreadCount > 0 && h("span", { class: "unread", title: "unread" }, String(chat.unreadCount)),
    ),
  );
}

export async function inbox(main, me, company = me.company) {
  if (!company) {
    main.replaceChildren(h("h1", {}, "Inbox"), h("p", {}, "Open a tenant's inbox from its session page."));
    return null;
  }
  const chats = new Map();
  const pages = chatPages(company, chats);
  await pages.first();
  const list = h("ul", { id: "chats", class: "chats" });
  const pane = h("div", { class: "pane" }, h("p", { class: "muted" }, "Choose a chat."));
  const live = h("span", { class: "live" }, "connecting…");
  let open = null; // { chatId, thread, heading }
  const render = () => {
    const sorted = [...chats.values()].sort((a, b) => (a.lastActivityAt < b.lastActivityAt ? 1 : -1));
    list.replaceChildren(...sorted.map((c) => chatItem(c, title(c), open && open.chatId === c.chatId, choose)));
    if (pages.hasMore()) list.append(h("li", { class: "more" }, moreButton));
    if (open) retitle(open); // a group's subject may arrive after its chat was opened
  };
  const retitle = ({ chatId, heading }) => {
    const shown = title(chats.get(chatId));
    heading.replaceChildren(shown, " ", shown !== chatId ? h("small", {}, chatId) : "");
  };
  const moreButton = h("button", { id: "more-chats", type: "button", onclick: () => pages.more().then(render) }, "More chats");
  const title = subjects(company, render);

  const seen = (chatId) => (newest) => {
    const chat = chats.get(chatId);
    if (me.send) chat.unreadCount = 0; // marked read only with the send scope
    if (newest && newest.timestamp >= chat.lastActivityAt) {
      chat.lastActivityAt = newest.timestamp;
      chat.lastMessage = { ...chat.lastMessage, messageId: newest.messageId, kind: newest.kind, direction: newest.direction, preview: previewOf(newest) };
    }
    render();
  };
  const choose = (chatId) => {
    if (open) open.thread.stop();
    const chat = chats.get(chatId);
    open = { chatId, thread: thread(company, chat, me, seen(chatId)), heading: h("h2", { id: "chat-title" }) };
    pane.replaceChildren(open.heading, open.thread.view);
    render();
  };
  const onEvent = inboxEvents(chats, () => open, render, async () => {
    await pages.first();
    render();
    if (open) open.thread.newer();
  });
  render();
  main.replaceChildren(h("h1", {}, `Inbox ${company} `, live), h("div", { class: "inbox" }, list, pane));
  const stop = events(company, onEvent, (state) => (live.textContent = state));
  return () => {
    stop();
    if (open) open.thread.stop();
  };
}

// What each event changes: a new message moves its chat up and counts unread (or, open,
// is fetched into the thread); a change to a message shown redraws it; a gap reloads.
function inboxEvents(chats, opened, render, reload) {
  return (event) => {
    const data = event.data || {};
    const open = opened();
    if (event.type === "gap") return reload();
    if (event.type === "message") {
      const chatId = chatOf(data);
      const chat = chats.get(chatId) || newChat(chatId);
      chats.set(chatId, chat);
      chat.lastActivityAt = iso(event.timestamp);
      const kind = (data.media && data.media.type) || data.type || "text";
      chat.lastMessage = { messageId: data.messageId, kind, direction: "in", preview: previewOf(data) };
      if (open && open.chatId === chatId) open.thread.newer();
      else chat.unreadCount += 1;
      return render();
    }
    const target = event.type === "poll_vote" ? data.pollId : data.messageId;
    if (event.type === "message_revoked") {
      const chat = chats.get(chatOf(data));
      if (chat && chat.lastMessage.messageId === target) chat.lastMessage.preview = "(deleted)";
      render();
    }
    if (open && target) open.thread.redraw(target);
  };
}
