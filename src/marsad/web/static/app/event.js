/* The event dossier: consensus fields with their spread across sources, every claim with
 * source, stance and sentence, contradictions side by side, the cited summary, articles. */
"use strict";
(function () {
  const M = window.marsad, el = M.el;
  M.nav("event");
  const main = document.getElementById("main");
  const id = decodeURIComponent(location.pathname.split("/").pop());

  function spreadTable(spread) {
    const rows = [];
    for (const [field, entries] of Object.entries(spread)) {
      const groups = new Map();
      for (const e of entries) {
        const key = M.value(e.value);
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(e);
      }
      const cells = [...groups.entries()].map(([v, es]) => el("li", {},
        el("strong", {}, v), ` — ${es.map((e) => `${e.source || e.outlet || "?"} (${e.outlet || "?"}, ${e.stance || "?"})`).join("; ")}`));
      rows.push(el("tr", {class: groups.size > 1 ? "disagree" : null},
        el("th", {scope: "row"}, field.replace("_", " ")),
        el("td", {}, groups.size > 1 ? el("span", {class: "badge status s-disputed"}, `${groups.size} versions`) : "agree"),
        el("td", {}, el("ul", {class: "plain"}, cells))));
    }
    return el("table", {class: "spread"},
      el("thead", {}, el("tr", {}, el("th", {scope: "col"}, "field"), el("th", {scope: "col"}, "sources"),
        el("th", {scope: "col"}, "what each source says"))),
      el("tbody", {}, rows));
  }

  function render(d) {
    const e = d.event, a = d.acled;
    document.title = `${e.sub_event_type || e.event_type} · ${e.place || "?"} · marsad`;
    const camps = Object.entries(e.outlet_camps || {});
    const consensus = [
      ["Date", e.date_range && e.date_range.start !== e.date_range.end
        ? `${e.date} (sources span ${e.date_range.start} to ${e.date_range.end})` : (e.date || "undated")],
      ["Type", `${e.event_type || "?"} — ${e.sub_event_type || "?"}`],
      ["Place", `${e.place || "unknown"}${e.admin1 ? ", " + e.admin1 : ""} (precision ${e.geo_precision ?? "?"}${e.place_level ? ", " + e.place_level : ""})`],
      ["Actors", `${a.actor1 || "?"}${a.actor2 ? " vs " + a.actor2 : ""}`],
      ["Fatalities", M.fatalities(e)],
      ["Status", e.status || "not reconciled"],
      ["Outlets", camps.length ? camps.map(([o, c]) => `${o} (${c})`).join(", ") : String(e.outlets)],
      // reasons only: no credibility score has predicted the FA-KES labels (`marsad eval credibility`)
      ["Credibility", (e.credibility_reasons || []).length ? e.credibility_reasons.join(" ") : "—"],
      ["ACLED id", a.event_id_cnty || "—"],
    ];
    const summary = d.summary || {};
    const cites = new Map((summary.citations || []).map((c) => [c.n, c]));
    main.replaceChildren(
      el("h1", {}, M.typeBadge(e.event_type), " ", `${e.sub_event_type || e.event_type || "Event"}, ${e.place || "unknown place"}`, " ", M.statusBadge(e.status)),
      el("p", {class: "muted"}, `event ${e.id} · ${e.mentions} mention${e.mentions === 1 ? "" : "s"} in ${d.articles.length} article${d.articles.length === 1 ? "" : "s"}`,
        e.lat !== null ? ` · ` : "", e.lat !== null ? el("a", {href: `/map?view=12/${e.lat}/${e.lon}`}, "on the map") : null),
      el("section", {"aria-labelledby": "h-cons"}, el("h2", {id: "h-cons"}, "Consensus"),
        el("dl", {class: "facts"}, ...consensus.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]))),
      el("section", {"aria-labelledby": "h-contra", id: "contradictions"}, el("h2", {id: "h-contra"}, `Contradictions (${d.contradictions.length})`),
        d.contradictions.length ? d.contradictions.map(M.contradiction) : el("p", {class: "muted"}, "The sources do not contradict each other.")),
      el("section", {"aria-labelledby": "h-sum"}, el("h2", {id: "h-sum"}, "Cited summary"),
        el("p", {class: "summary"}, ...(summary.sentences || []).flatMap((s) => [s.text.trim(), " ",
          el("sup", {}, el("a", {href: `#cite-${s.cite}`}, `[${s.cite}]`)), " "])),
        el("ol", {class: "citations"}, ...[...cites.values()].map((c) => el("li", {id: `cite-${c.n}`, value: c.n},
          `${c.outlet || "unknown outlet"}, `, M.articleLink(c.article_id, `article ${c.article_id}`))))),
      el("section", {"aria-labelledby": "h-spread"}, el("h2", {id: "h-spread"}, "Spread across sources"),
        el("div", {class: "scroll"}, spreadTable(d.spread))),
      el("section", {"aria-labelledby": "h-claims"}, el("h2", {id: "h-claims"}, `Claims (${d.claims.length})`),
        el("div", {class: "scroll"}, el("table", {class: "claims"},
          el("thead", {}, el("tr", {}, ...["source", "stance", "outlet", "sentence"].map((h) => el("th", {scope: "col"}, h)))),
          el("tbody", {}, d.claims.map((c) => el("tr", {class: `stance-${c.stance}`},
            el("td", {}, c.source || "—", c.source_kind ? el("span", {class: "muted"}, ` (${c.source_kind})`) : null),
            el("td", {}, M.stanceLabel(c.stance)), el("td", {}, c.outlet || "—"),
            el("td", {}, c.sentence || c.text || "", " ", M.articleLink(c.article_id, "↗")))))))),
      el("section", {"aria-labelledby": "h-arts"}, el("h2", {id: "h-arts"}, "Articles"),
        el("ul", {}, d.articles.map((r) => el("li", {},
          M.articleLink(r.article_id, r.title || r.article_id), ` — ${r.outlet || "unknown outlet"}, ${r.published || "undated"}`,
          M.safeHref(r.url) ? [" · ", el("a", {href: M.safeHref(r.url), rel: "noopener noreferrer", target: "_blank"}, "original")] : null)))),
    );
  }

  M.api(`/api/events/${encodeURIComponent(id)}`).then(render).catch((err) => M.fail(main, err));
})();
