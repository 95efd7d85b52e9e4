/* One article: its text with the events, actors, places and dates marked, the claims,
 * and why it was judged relevant (or not). The text is split into text nodes: nothing in
 * it is ever read as markup. */
"use strict";
(function () {
  const M = window.marsad, el = M.el;
  M.nav("article");
  const main = document.getElementById("main");
  const id = decodeURIComponent(location.pathname.split("/").pop());

  /* the text cut at every mention and event boundary; each piece knows what covers it */
  function highlighted(a) {
    const spans = a.mentions.map((m) => ({...m, what: "mention"}))
      .concat(a.events.map((e) => ({...e, kind: "event", what: "event"})));
    const cuts = new Set([0, a.text.length]);
    for (const s of spans) { cuts.add(Math.max(0, Math.min(a.text.length, s.start))); cuts.add(Math.max(0, Math.min(a.text.length, s.end))); }
    const points = [...cuts].sort((x, y) => x - y);
    const body = el("div", {class: "article-text", lang: a.language || null});
    let para = el("p", {});
    body.appendChild(para);
    for (let i = 0; i < points.length - 1; i++) {
      const from = points[i], to = points[i + 1];
      const ev = a.events.find((e) => e.start <= from && to <= e.end);
      const men = a.mentions.find((m) => m.start <= from && to <= m.end);
      const chunks = a.text.slice(from, to).split(/\n\s*\n/);
      chunks.forEach((chunk, j) => {
        if (j > 0) { para = el("p", {}); body.appendChild(para); }
        if (!chunk) return;
        let node = document.createTextNode(chunk);
        if (men) node = el("mark", {class: `m m-${men.kind}`, title: `${men.kind}${men.norm ? ": " + men.norm : ""}`}, node);
        if (ev) {
          node = el("a", {class: `ev-span mod-${ev.modality}${ev.background ? " background" : ""}`,
            href: ev.event_id ? `/event/${encodeURIComponent(ev.event_id)}` : null,
            title: `${ev.sub_event_type || "event"} (${ev.modality}${ev.background ? ", background" : ""}), ${ev.place || "no place"}, ${ev.date || "undated"}`}, node);
        }
        para.appendChild(node);
      });
    }
    return body;
  }

  function render(a) {
    document.title = `${a.title || "Article"} · marsad`;
    const rel = a.relevance;
    const kinds = [...new Set(a.mentions.map((m) => m.kind))].sort();
    main.replaceChildren(
      el("h1", {}, a.title || "Untitled article"),
      el("p", {class: "muted"}, `${a.outlet || "unknown outlet"} · ${a.published || "undated"} · ${a.language || "?"} · article ${a.id}`,
        M.safeHref(a.url) ? [" · ", el("a", {href: M.safeHref(a.url), rel: "noopener noreferrer", target: "_blank"}, "original")] : null),
      el("section", {"aria-labelledby": "h-rel", class: `relevance ${rel && rel.relevant === false ? "irrelevant" : ""}`},
        el("h2", {id: "h-rel"}, "Relevance decision: ", rel ? (rel.relevant ? "relevant" : "not relevant") : "not recorded"),
        rel ? el("ul", {}, (rel.reasons || []).map((r) => el("li", {}, r))) : null),
      el("p", {class: "legend-inline"}, "Marked: ", el("a", {class: "ev-span", href: "#events"}, "event sentence"), " ",
        ...kinds.map((k) => [el("mark", {class: `m m-${k}`}, k), " "])),
      highlighted(a),
      el("section", {"aria-labelledby": "h-ev", id: "events"}, el("h2", {id: "h-ev"}, `Event mentions (${a.events.length})`),
        el("ul", {}, a.events.map((e) => el("li", {},
          e.event_id ? M.eventLink(e.event_id, `${e.sub_event_type || "event"}`) : (e.sub_event_type || "event"),
          ` — ${e.modality}${e.background ? ", background" : ""}${e.held_back ? ", held back: " + e.held_back : ""}; ${e.place || "no place"}; ${e.date || "undated"}`)))),
      el("section", {"aria-labelledby": "h-cl"}, el("h2", {id: "h-cl"}, `Claims (${a.claims.length})`),
        el("ul", {}, a.claims.map((c) => el("li", {class: `stance-${c.stance}`},
          el("strong", {}, c.source || "unnamed"), ` ${M.stanceLabel(c.stance)} (${c.source_kind || "?"})`, c.text ? `: “${c.text}”` : ""))))
    );
  }

  M.api(`/api/articles/${encodeURIComponent(id)}`).then(render).catch((err) => M.fail(main, err));
})();
