/* Search events (place, actor, type, sentences) and articles (title, outlet, text). */
"use strict";
(function () {
  const M = window.marsad, el = M.el;
  M.nav("search");
  const main = document.getElementById("main");
  const q = new URLSearchParams(location.search).get("q") || "";
  const input = el("input", {type: "search", name: "q", value: q, minlength: 2, maxlength: 200, required: true,
    "aria-label": "search text", placeholder: "a place, actor, outlet or words", autofocus: true});
  const form = el("form", {class: "search", role: "search", action: "/search", method: "get"}, input, el("button", {type: "submit"}, "Search"));
  const out = el("div", {id: "results"});
  main.replaceChildren(el("h1", {}, "Search"), form, out);
  if (q.trim().length < 2) { out.replaceChildren(el("p", {class: "muted"}, "Type at least two characters.")); return; }
  M.api("/api/search", {q}).then((r) => {
    out.replaceChildren(
      el("section", {"aria-labelledby": "h-e"}, el("h2", {id: "h-e"}, `Events (${r.events.length})`),
        r.events.length ? el("ul", {class: "events"}, r.events.map(M.eventItem)) : el("p", {class: "muted"}, "No event.")),
      el("section", {"aria-labelledby": "h-a"}, el("h2", {id: "h-a"}, `Articles (${r.articles.length})`),
        r.articles.length ? el("ul", {class: "articles"}, r.articles.map((a) => el("li", {},
          M.articleLink(a.id, a.title || a.id), ` — ${a.outlet || "unknown outlet"}, ${a.published || "undated"}`)))
          : el("p", {class: "muted"}, "No article.")));
  }).catch((err) => M.fail(out, err));
})();
