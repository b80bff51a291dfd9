// A tenant's outbound proxy (docs/proxies.md): shown with its password as ***, set or
// cleared by an operator. It applies from the session's next connection.

import { call, del, get } from "./api.js";
import { field, flash, form, h } from "./dom.js";

export async function proxyPage(main, me, company) {
  let { proxy } = await get(`/tenants/${company}/proxy`);
  const current = h("p", { id: "proxy-current" });
  const out = h("div", { class: "out" });
  const show = () =>
    current.replaceChildren(
      proxy ? h("code", {}, proxy.url) : "None: the session connects directly.",
    );
  show();
  const sections = [
    h("h1", {}, `Proxy of ${company}`),
    h("a", { href: `#/tenants/${company}` }, "Back to the tenant"),
    current,
  ];
  if (me.admin) {
    sections.push(
      form(
        [field("Proxy URL (http:// or socks5://user:pass@host:port)", "url", { required: true, autocomplete: "off" })],
        "Set proxy",
        async (values, shown) => {
          ({ proxy } = await call("PUT", `/tenants/${company}/proxy`, { url: values.url }));
          show();
          shown.closest("form").reset(); // the password leaves the page
          return "Saved. It applies from the session's next connection (restart it to apply now).";
        },
        { id: "set-proxy" },
      ),
      h(
        "button",
        {
          class: "danger",
          id: "clear-proxy",
          onclick: async () => {
            if (!confirm(`Connect ${company} directly again, without its proxy?`)) return;
            try {
              ({ proxy } = await del(`/tenants/${company}/proxy`));
              show();
            } catch (e) {
              flash(out, e.message);
            }
          },
        },
        "Clear proxy",
      ),
      out,
      h(
        "p",
        { class: "note" },
        "A proxy that fails leaves the session reconnecting with its reason; it never connects directly instead, which would show WhatsApp the server's own address.",
      ),
    );
  }
  main.replaceChildren(...sections);
}
