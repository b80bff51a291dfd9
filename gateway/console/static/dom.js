// A few DOM helpers: elements are built with textContent, never innerHTML, so nothing
// the API returns can become markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function table(headings, rows, attrs = {}) {
  return h(
    "div",
    { class: "scroll" },
    h(
      "table",
      attrs,
      h("thead", {}, h("tr", {}, headings.map((t) => h("th", {}, t)))),
      h("tbody", {}, rows),
    ),
  );
}

const PAGE = 100; // companies a page of an operator's list shows

// The query of a paged list's page: PAGE of them, after the company `after` if given.
export const pageQuery = (after) => `?limit=${PAGE}${after ? `&after=${encodeURIComponent(after)}` : ""}`;

// A paged list's links: back to its first page, and on to the page after `next` (the
// API's `next`, null on the last page); `route` is the list's own hash, e.g. "#/tenants".
export function pageLinks(route, after, next) {
  return h(
    "p",
    { id: "pages" },
    after ? h("a", { href: route }, "First page") : null,
    after && next ? " · " : null,
    next ? h("a", { href: `${route}?after=${encodeURIComponent(next)}`, id: "next-page" }, "Next page") : null,
  );
}

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : "—");

export function badge(state) {
  return h("span", { class: `badge ${state}`, dataset: { state } }, state);
}

export function flash(target, message, kind = "error") {
  target.replaceChildren(h("p", { class: `flash ${kind}`, role: "status" }, message));
}

// A form whose submit runs `action(values)` and shows its error or result in place.
export function form(fields, submitLabel, action, attrs = {}) {
  const out = h("div", { class: "out" });
  const el = h(
    "form",
    { class: "form", ...attrs },
    fields,
    h("button", { type: "submit" }, submitLabel),
    out,
  );
  el.addEventListener("submit", async (e) => {
    e.preventDefault();
    const values = Object.fromEntries(new FormData(el).entries());
    const button = el.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const shown = await action(values, out);
      if (typeof shown === "string") flash(out, shown, "ok");
    } catch (err) {
      flash(out, err.message || String(err));
    } finally {
      button.disabled = false;
    }
  });
  return el;
}

export function field(label, name, attrs = {}) {
  return h("label", {}, h("span", {}, label), h("input", { name, ...attrs }));
}

export function select(label, name, options, attrs = {}) {
  return h(
    "label",
    {},
    h("span", {}, label),
    h(
      "select",
      { name, ...attrs },
      options.map(([value, text]) => h("option", { value }, text)),
    ),
  );
}

// A secret shown once, with the warning that it will not be shown again.
export function shownOnce(title, secret) {
  return h(
    "div",
    { class: "secret" },
    h("strong", {}, title),
    h("code", { class: "once" }, secret),
    h("small", {}, "Copy it now: it is not shown again."),
  );
}
