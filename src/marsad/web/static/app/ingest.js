/* Add an article: POST /api/articles with the write token (the server's ingest is off
 * without one). The token is kept in this tab only (sessionStorage). */
"use strict";
(function () {
  const M = window.marsad, el = M.el;
  M.nav("ingest");
  const main = document.getElementById("main");
  const field = (name, label, attrs) => el("label", {}, label, el("input", {name, ...attrs}));
  const text = el("textarea", {name: "text", rows: 12, required: true, "aria-label": "article text"});
  const token = el("input", {name: "token", type: "password", autocomplete: "off", value: sessionStorage.getItem("marsad-token") || ""});
  const result = el("div", {id: "ingest-result", role: "status", "aria-live": "polite"});
  const form = el("form", {class: "ingest"},
    field("title", "Title", {type: "text", maxlength: 500}),
    field("outlet", "Outlet", {type: "text", maxlength: 200}),
    field("date", "Published (YYYY-MM-DD)", {type: "date"}),
    field("url", "URL", {type: "url", maxlength: 2000}),
    el("label", {}, "Text", text),
    el("label", {}, "Write token", token),
    el("button", {type: "submit"}, "Ingest"));
  const note = el("p", {class: "muted"}, "");
  main.replaceChildren(el("h1", {}, "Add an article"), note, form, result);
  M.api("/api/stats").then((s) => {
    note.textContent = s.ingest ? "The article goes through the same pipeline as marsad run; it needs the server's write token."
      : "Ingest is off on this server (it was started without a write token).";
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    sessionStorage.setItem("marsad-token", data.get("token") || "");
    const url = new URL("/api/articles", location.origin);
    for (const k of ["title", "outlet", "date", "url"]) if (data.get(k)) url.searchParams.set(k, data.get(k));
    const headers = {"Content-Type": "text/plain; charset=utf-8"};
    if (data.get("token")) headers.Authorization = `Bearer ${data.get("token")}`;
    result.replaceChildren(el("p", {}, "Ingesting…"));
    try {
      const r = await fetch(url, {method: "POST", headers, body: data.get("text")});
      const body = await r.json();
      if (!r.ok) {
        const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
        result.replaceChildren(el("p", {class: "error refused"}, `Refused (${r.status}): ${detail}`));
        return;
      }
      result.replaceChildren(el("p", {class: "ok"},
        `Stored ${body.stored} article${body.stored === 1 ? "" : "s"}, ${body.new_events} new event${body.new_events === 1 ? "" : "s"}` +
        (body.skipped ? `, ${body.skipped} already stored` : "") + ". "),
        el("ul", {}, body.articles.map((id) => el("li", {}, M.articleLink(id, `article ${id}`)))));
    } catch (err) { M.fail(result, err); }
  });
})();
