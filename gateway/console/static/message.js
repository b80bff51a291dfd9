// One stored message as DOM: text, media, a location, contact cards or a poll, its
// reactions, "edited" and the tombstone of a revoke. Everything a sender wrote goes in as
// text nodes or attribute values (dom.js's h), never as markup; the only URLs are the
// object URLs made here from bytes the API served.

import { download } from "./api.js";
import { h, when } from "./dom.js";

// the types an attachment's bytes may be shown as; anything else is only downloaded
const SHOWN_TYPES = {
  image: /^image\/(jpeg|png|webp|gif)$/,
  sticker: /^image\/(webp|png)$/,
  video: /^video\/(mp4|3gpp|webm)$/,
  audio: /^audio\/(ogg|mpeg|mp4|aac|amr|webm)(;.*)?$/,
  voice: /^audio\/(ogg|mpeg|mp4|aac|amr|webm)(;.*)?$/,
};

// Object URLs of this document's own blobs only: no sender-given URL ever becomes a link.
// `urls` collects them for the thread to revoke when it closes; one made after is revoked
// at once (its element is gone).
export function objectUrl(blob, type, urls) {
  const url = URL.createObjectURL(new Blob([blob], { type }));
  if (!url.startsWith(`blob:${location.origin}/`)) throw new Error("not a local object URL");
  if (urls.closed) URL.revokeObjectURL(url);
  else urls.push(url);
  return url;
}

export function size(bytes) {
  if (!Number.isFinite(bytes)) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function fileLabel(media) {
  return `${media.filename || media.kind} (${size(media.sizeBytes)})`;
}

// An image, video or audio player filled once its bytes are fetched with the credential.
function player(company, media, urls) {
  const kind = media.kind;
  const tag = kind === "image" || kind === "sticker" ? "img" : kind === "video" ? "video" : "audio";
  const el = h(tag, { class: `media ${kind}`, alt: tag === "img" ? kind : null, controls: tag !== "img" });
  const type = SHOWN_TYPES[kind].test(media.mimetype || "") ? media.mimetype : "application/octet-stream";
  download(`/sessions/${company}/media/${encodeURIComponent(media.mediaId)}`)
    .then((blob) => (el.src = objectUrl(blob, type, urls)))
    .catch((e) => el.replaceWith(h("p", { class: "media-missing" }, `${kind}: ${e.message}`)));
  return el;
}

// A document: a button that fetches it and saves it under its name, never opens it here.
function documentLink(company, media, urls) {
  const save = async () => {
    const blob = await download(`/sessions/${company}/media/${encodeURIComponent(media.mediaId)}`);
    const a = h("a", { href: objectUrl(blob, "application/octet-stream", urls), download: media.filename || "document" });
    a.click();
  };
  return h("button", { class: "link document", type: "button", onclick: save }, `⬇ ${fileLabel(media)}`);
}

function mediaView(company, media, urls) {
  if (!media.mediaId) return h("p", { class: "media-missing" }, fileLabel(media));
  if (SHOWN_TYPES[media.kind]) return player(company, media, urls);
  return documentLink(company, media, urls);
}

function contentView(m) {
  const c = m.content;
  if (!c) return null;
  if (m.kind === "location") {
    const place = [c.name, c.address].filter(Boolean).join(", ");
    return h("p", { class: "location" }, `📍 ${place} (${c.latitude}, ${c.longitude})`);
  }
  if (m.kind === "contacts") {
    return h("ul", { class: "contacts" }, (c.contacts || []).map((card) => h("li", {}, `👤 ${card.displayName}`)));
  }
  if (m.kind === "poll") {
    const tally = (m.poll && m.poll.tally) || {};
    return h(
      "div",
      { class: "poll" },
      h("strong", {}, `📊 ${c.question}`),
      h("ul", {}, (c.options || []).map((o) => h("li", {}, `${o}: ${tally[o] || 0}`))),
    );
  }
  return null;
}

function meta(m) {
  const earlier = (m.edits || []).map((e) => e.text).filter((t) => typeof t === "string");
  return h(
    "div",
    { class: "meta" },
    h("time", { datetime: m.timestamp }, when(m.timestamp)),
    m.editedAt && h("span", { class: "edited", title: earlier.length ? `before: ${earlier.join(" → ")}` : null }, "edited"),
    m.direction === "out" && h("span", { class: "status" }, m.status),
  );
}

export function messageView(company, m, inGroup, urls) {
  const el = h("li", { class: `msg ${m.direction}`, dataset: { messageId: m.messageId, kind: m.kind } });
  if (inGroup && m.from) el.append(h("div", { class: "from" }, m.from));
  if (m.revoked) {
    el.append(h("p", { class: "tombstone" }, "This message was deleted"), meta(m));
    return el;
  }
  if (m.media) el.append(mediaView(company, m.media, urls));
  el.append(contentView(m) || "");
  if (m.text) el.append(h("p", { class: "text" }, m.text));
  if (!m.text && !m.media && !m.content) el.append(h("p", { class: "muted" }, `(${m.kind}, not stored)`));
  el.append(meta(m));
  if (m.reactions && m.reactions.length) {
    el.append(h("div", { class: "reactions" }, m.reactions.map((r) => h("span", { title: r.from }, r.emoji))));
  }
  return el;
}
