/* Events where sources contradict each other, each contradiction's sides side by side. */
"use strict";
(function () {
  const M = window.marsad, el = M.el;
  M.nav("contradictions");
  const main = document.getElementById("main");
  const form = el("form", {class: "filters", "aria-label": "filters"});
  const list = el("div", {id: "list"});
  const status = el("p", {class: "status", role: "status"});
  main.replaceChildren(el("h1", {}, "Contradictions"), form, status, list);
  let filters = M.filtersFromURL();
  let offset = Number(new URLSearchParams(location.search).get("offset")) || 0;
  const LIMIT = 50;
  M.filterForm(form, (f) => { filters = f; offset = 0; load(true); });

  async function load(push) {
    M.setURL({...filters, offset: offset || null}, push);
    status.textContent = "Loading…";
    try {
      const page = await M.api("/api/contradictions", {...filters, limit: LIMIT, offset});
      status.textContent = `${page.total} event${page.total === 1 ? "" : "s"} with contradictions` +
        (page.total > LIMIT ? `; ${offset + 1}–${Math.min(page.total, offset + LIMIT)} shown` : "") + ".";
      list.replaceChildren(...page.events.map((e) => el("article", {class: "contra-event"},
        el("h2", {}, M.typeBadge(e.event_type), " ", M.eventLink(e.id, `${e.date || "undated"} · ${e.sub_event_type || e.event_type} · ${e.place || "no place"}`),
          " ", M.statusBadge(e.status)),
        ...e.items.map(M.contradiction))));
      const pager = el("p", {class: "pager"});
      if (offset > 0) pager.appendChild(el("button", {type: "button", on: {click: () => { offset = Math.max(0, offset - LIMIT); load(true); }}}, "← previous"));
      if (offset + LIMIT < page.total) pager.appendChild(el("button", {type: "button", on: {click: () => { offset += LIMIT; load(true); }}}, "next →"));
      list.appendChild(pager);
    } catch (err) { M.fail(list, err); status.textContent = ""; }
  }
  window.addEventListener("popstate", () => { filters = M.filtersFromURL(); load(false); });
  load(false);
})();
