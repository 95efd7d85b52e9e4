/* marsad workbench: helpers shared by every page.
 * Every stored string goes into the page through textContent (el() below), never as
 * markup: an article containing <script> or onerror= shows as text. */
"use strict";

const M = (window.marsad = window.marsad || {});

M.TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians",
  "Protests", "Riots", "Strategic developments"];
M.COLOURS = {
  "Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#7b3fa0", "Protests": "#2ca02c", "Riots": "#8c564b",
  "Strategic developments": "#1f77b4", "": "#777777",
};
M.colour = (type) => M.COLOURS[type || ""] || M.COLOURS[""];
M.STATUSES = ["asserted", "disputed", "background_only", "denied_only", "unasserted", "none"];
/* the filters the pages share, as named in the API (kept in the page URL) */
M.FILTERS = ["start", "end", "event_type", "sub_event_type", "admin1", "place", "actor",
  "outlet", "status", "has_contradiction", "min_outlets", "all"];

/* el("a", {href: "/x", class: "c"}, "text", child, ...): children are strings (text
 * nodes) or nodes; attributes are set with setAttribute (never innerHTML). */
M.el = function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "on") { for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn); }
    else if (k === "text") node.textContent = String(v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return node;
};
const el = M.el;

/* a link only to this server or to http(s) (an article URL could be javascript:) */
M.safeHref = function (url) {
  if (!url) return null;
  try {
    const u = new URL(url, location.origin);
    return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
  } catch (e) { return null; }
};

M.api = async function (path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  }
  const r = await fetch(url, {headers: {Accept: "application/json"}});
  if (!r.ok) {
    let detail = r.statusText;
    try {
      const body = await r.json();
      detail = typeof body.detail === "string" ? body.detail
        : (body.detail || []).map((d) => `${(d.loc || []).slice(-1)[0]}: ${d.msg}`).join("; ");
    } catch (e) { /* not JSON */ }
    const err = new Error(`${r.status} ${detail}`);
    err.status = r.status;
    throw err;
  }
  return r.json();
};

/* the filters in the page URL, as API parameters */
M.filtersFromURL = function () {
  const q = new URLSearchParams(location.search);
  const out = {};
  for (const k of M.FILTERS) if (q.get(k)) out[k] = q.get(k);
  return out;
};

/* put filters (and other keys) into the URL: a view can be shared by its address */
M.setURL = function (params, push) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  const url = location.pathname + (q.toString() ? "?" + q.toString() : "");
  if (url !== location.pathname + location.search) {
    (push ? history.pushState : history.replaceState).call(history, null, "", url);
  }
};

M.nav = function (current) {
  const links = [["map", "/map", "Map & timeline"], ["contradictions", "/contradictions", "Contradictions"],
    ["search", "/search", "Search"], ["plots", "/plots", "Plots"], ["ingest", "/ingest", "Add"], ["docs", "/docs", "API"]];
  const keep = location.search;   // the filters travel with the user between pages
  const ul = el("ul", {});
  for (const [key, href, label] of links) {
    const target = key === "docs" || key === "search" || key === "ingest" ? href : href + keep;
    ul.appendChild(el("li", {}, el("a", {href: target, "aria-current": key === current ? "page" : null}, label)));
  }
  const header = el("header", {class: "top"},
    el("a", {class: "skip", href: "#main"}, "Skip to content"),
    el("a", {class: "brand", href: "/map"}, "marsad"),
    el("nav", {"aria-label": "pages"}, ul));
  document.body.prepend(header);
};

M.typeBadge = (type) => el("span", {class: "badge type", style: `--c:${M.colour(type)}`}, type || "unknown type");
M.statusBadge = function (status) {
  if (!status || status === "asserted") return null;
  const label = {disputed: "contested", denied_only: "denied", background_only: "background only",
    unasserted: "unasserted"}[status] || status;
  return el("span", {class: `badge status s-${status}`}, label);
};

M.fatalities = function (e) {
  const lo = e.fatalities_low, hi = e.fatalities_high, best = e.fatalities_best;
  if (best === null && lo === null && hi === null) return "unknown";
  if (lo !== null && hi !== null && lo !== hi) return `${best ?? lo} (${lo}–${hi})`;
  return String(best ?? lo ?? hi);
};

M.eventLink = (id, label) => el("a", {href: `/event/${encodeURIComponent(id)}`}, label || id);
M.articleLink = (id, label) => el("a", {href: `/article/${encodeURIComponent(id)}`}, label || id);

/* one row of an event list (the API's event rows) */
M.eventItem = function (e) {
  return el("li", {class: "event-item"},
    M.typeBadge(e.event_type), " ", M.statusBadge(e.status), " ",
    M.eventLink(e.id, `${e.date || "undated"} · ${e.sub_event_type || e.event_type || "event"} · ${e.place || "no place"}`),
    el("span", {class: "muted"}, ` — ${e.outlets} outlet${e.outlets === 1 ? "" : "s"}` +
      (e.contradictions ? `, ${e.contradictions} contradiction${e.contradictions === 1 ? "" : "s"}` : "")));
};

M.stanceLabel = (s) => ({asserts: "asserts", denies: "denies", reports: "reports", hedges: "hedges"}[s] || s || "");

/* a field value as a person reads it (dates, places, fatalities, actors, outcomes) */
M.value = function (v) {
  if (v === null || v === undefined) return "—";
  if (typeof v !== "object") return String(v);
  if (v.start !== undefined) return v.start === v.end || !v.end ? String(v.start) : `${v.start} to ${v.end}`;
  if (v.name !== undefined) return String(v.name);
  if (v.best !== undefined || v.low !== undefined) {
    const lo = v.low, hi = v.high, best = v.best ?? lo;
    return lo !== null && hi !== null && lo !== hi ? `${best} (${lo}–${hi})` : String(best ?? "?");
  }
  if (v.actor1 !== undefined) return `${v.actor1 || "?"}${v.actor2 ? " vs " + v.actor2 : ""}`;
  return Object.entries(v).filter(([, x]) => x !== null && x !== false && x !== "")
    .map(([k, x]) => `${k}: ${typeof x === "object" ? JSON.stringify(x) : x}`).join(", ") || "—";
};

/* a contradiction's sides next to each other (the dossier and the contradictions page) */
M.contradiction = function (c) {
  const sides = el("div", {class: "sides"});
  for (const s of c.sides || []) {
    sides.appendChild(el("blockquote", {class: `side stance-${s.stance || "none"}`},
      el("p", {class: "who"}, el("strong", {}, s.source || "unnamed source"),
        ` ${M.stanceLabel(s.stance)}`, s.outlet ? ` · ${s.outlet}` : "",
        s.value !== undefined && s.value !== null ? ` · ${M.value(s.value)}` : ""),
      el("p", {class: "sentence"}, s.text || s.sentence || ""),
      s.article_id ? el("p", {class: "cite"}, M.articleLink(s.article_id, "read the article")) : null));
  }
  return el("section", {class: "contradiction"},
    el("h3", {}, `${c.field}: ${c.kind}`), sides);
};

M.fail = function (where, err) {
  where.replaceChildren(el("p", {class: "error", role: "alert"}, `Could not load: ${err.message}`));
};

/* the shared filter form: fills from the URL, calls onChange(filters) when submitted */
M.filterForm = function (form, onChange) {
  const f = M.filtersFromURL();
  const input = (name, label, attrs) => el("label", {}, label,
    el("input", {name, value: f[name] || "", ...attrs}));
  const typeSel = el("select", {name: "event_type"}, el("option", {value: ""}, "any type"),
    ...M.TYPES.map((t) => el("option", {value: t, selected: f.event_type === t}, t)));
  const statusSel = el("select", {name: "status"}, el("option", {value: ""}, "the record"),
    ...M.STATUSES.map((s) => el("option", {value: s, selected: f.status === s}, s.replace("_", " "))));
  form.replaceChildren(
    input("start", "From", {type: "date"}), input("end", "To", {type: "date"}),
    el("label", {}, "Type", typeSel),
    input("admin1", "Governorate", {type: "text", size: 10}),
    input("actor", "Actor", {type: "text", size: 10}),
    input("outlet", "Outlet", {type: "text", size: 10}),
    input("min_outlets", "Min. outlets", {type: "number", min: 0, max: 100, style: "width:4em"}),
    el("label", {}, "Status", statusSel),
    el("label", {class: "check"}, el("input", {type: "checkbox", name: "has_contradiction", value: "true",
      checked: f.has_contradiction === "true"}), "contradicted"),
    el("label", {class: "check"}, el("input", {type: "checkbox", name: "all", value: "true",
      checked: f.all === "true"}), "with held-back"),
    el("button", {type: "submit"}, "Apply"),
    el("button", {type: "reset"}, "Clear"));
  const read = () => {
    const out = {};
    for (const [k, v] of new FormData(form).entries()) if (v !== "") out[k] = v;
    return out;
  };
  form.addEventListener("submit", (ev) => { ev.preventDefault(); onChange(read()); });
  form.addEventListener("change", (ev) => {
    if (ev.target.type !== "text") onChange(read());   // text fields apply on Enter
  });
  form.addEventListener("reset", () => setTimeout(() => {
    for (const i of form.querySelectorAll("input")) { if (i.type === "checkbox") i.checked = false; else i.value = ""; }
    for (const s of form.querySelectorAll("select")) s.value = "";
    onChange({});
  }, 0));
  return {
    set(filters) {
      for (const i of form.querySelectorAll("input,select")) {
        if (i.type === "checkbox") i.checked = filters[i.name] === "true";
        else i.value = filters[i.name] || "";
      }
    },
  };
};
