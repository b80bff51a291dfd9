// The console: sign in, then a hash-routed page per thing the credential may see.

import { credential, redeemSignInLink, signIn, signOut, whoAmI } from "./api.js";
import { field, flash, form, h } from "./dom.js";
import { overview, tenantPage, tenants } from "./admin.js";
import { groups } from "./groups.js";
import { account } from "./account.js";
import { inbox } from "./inbox.js";
import { proxyPage } from "./proxy.js";
import { sessionPage, sessions } from "./sessions.js";
import { profile } from "./profile.js";
import { endpointPage, webhooks } from "./webhooks.js";

const main = document.getElementById("main");
let me = null;
let cleanup = null;

function signInPage() {
  document.getElementById("nav").replaceChildren();
  document.getElementById("who").textContent = "";
  document.getElementById("signout").hidden = true;
  main.replaceChildren(
    h("h1", {}, "Sign in"),
    h(
      "p",
      {},
      "Paste an admin token, a tenant token or an API key. It stays in this browser tab " +
        "only, and is forgotten when the tab closes.",
    ),
    h("div", { id: "signin-note" }),
    form(
      [
        h(
          "label",
          {},
          h("span", {}, "Token or API key"),
          h("textarea", { name: "secret", required: true, rows: 3, autocomplete: "off", id: "secret" }),
        ),
        field("Company id (API keys of a tenant without a session yet)", "company", {
          autocomplete: "off",
          pattern: "[A-Za-z0-9_\\-]{1,64}",
        }),
      ],
      "Sign in",
      async (values) => {
        signIn(values.secret.trim(), values.company.trim());
        try {
          me = await whoAmI();
        } catch (e) {
          signOut();
          throw e;
        }
        location.hash = "#/";
        await route();
      },
      { id: "signin" },
    ),
  );
}

function layout() {
  const links = [["#/", "Overview"], ["#/sessions", "Sessions"]];
  if (!me.admin) links.push(["#/inbox", "Inbox"]);
  if (!me.admin) links.push(["#/groups", "Groups"]);
  if (!me.admin) links.push(["#/account", "Calls & privacy"]);
  if (me.manage) links.push(["#/webhooks", "Webhooks"]);
  if (!me.admin) links.push(["#/profile", "Profile & channels"]);
  if (me.admin) links.push(["#/tenants", "Tenants"]);
  else if (me.manage) links.push([`#/tenants/${me.company}`, "API keys"]);
  document.getElementById("nav").replaceChildren(
    ...links.map(([href, text]) => h("a", { href }, text)),
  );
  document.getElementById("who").textContent = me.admin ? "admin" : `tenant ${me.company}`;
  document.getElementById("signout").hidden = false;
}

const pages = [
  [/^#\/?$/, overview],
  [/^#\/sessions(?:\?after=([A-Za-z0-9_-]{1,64}))?$/, sessions],
  [/^#\/sessions\/([A-Za-z0-9_-]{1,64})$/, sessionPage],
  [/^#\/inbox$/, inbox],
  [/^#\/groups(?:\/([0-9-]{1,64}%40g\.us))?$/, groups],
  [/^#\/inbox\/([A-Za-z0-9_-]{1,64})$/, inbox],
  [/^#\/account$/, account],
  [/^#\/webhooks$/, webhooks],
  [/^#\/webhooks\/([A-Za-z0-9_-]{1,64})$/, webhooks],
  [/^#\/webhooks\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,80})$/, endpointPage],
  [/^#\/profile$/, profile],
  [/^#\/tenants(?:\?after=([A-Za-z0-9_-]{1,64}))?$/, tenants],
  [/^#\/tenants\/([A-Za-z0-9_-]{1,64})$/, tenantPage],
  [/^#\/tenants\/([A-Za-z0-9_-]{1,64})\/proxy$/, proxyPage],
];

// Each route draws into a view of its own: a page still loading when the person moves on
// finishes into a view no longer on screen, never over the page that replaced it.
let routed = 0;

async function route() {
  const mine = ++routed;
  if (cleanup) cleanup();
  cleanup = null;
  if (!credential()) return signInPage();
  if (!me) {
    try {
      me = await whoAmI();
    } catch {
      signOut();
      return signInPage();
    }
    if (mine !== routed) return;
  }
  layout();
  const hash = location.hash || "#/";
  for (const [pattern, page] of pages) {
    const match = hash.match(pattern);
    if (match) return showPage(mine, page, match.slice(1));
  }
  flash(main, "No such page.");
}

async function showPage(mine, page, args) {
  const view = h("div", { class: "view" }, h("p", {}, "Loading…"));
  main.replaceChildren(view);
  try {
    const stop = (await page(view, me, ...args)) || null;
    if (mine === routed) cleanup = stop;
    else if (stop) stop();
  } catch (e) {
    if (mine !== routed) return;
    if (e.status === 401) {
      signOut();
      me = null;
      return signInPage();
    }
    flash(view, e.message || String(e));
  }
}

document.getElementById("signout").addEventListener("click", () => {
  signOut();
  me = null;
  location.hash = "#/";
  route();
});
window.addEventListener("hashchange", route);

async function start() {
  try {
    if (await redeemSignInLink()) me = null;
  } catch (e) {
    signInPage();
    flash(document.getElementById("signin-note"), `${e.message}. Sign in with a token instead.`);
    return;
  }
  route();
}
start();
