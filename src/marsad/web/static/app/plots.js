/* Plots where one would rather look than read: events per week by type (stacked bars),
 * fatalities per week with the low–high band across sources (uPlot), and outlets by camp
 * for the events reported by several outlets (bars). Same filters as the map (URL). */
"use strict";
(function () {
  const M = window.marsad, el = M.el;
  M.nav("plots");
  let filters = M.filtersFromURL();
  const form = document.getElementById("filters");
  M.filterForm(form, (f) => { filters = f; M.setURL(filters, true); load(); });
  const boxes = {types: document.getElementById("plot-types"), fat: document.getElementById("plot-fatalities"),
    camps: document.getElementById("plot-camps")};
  const CAMP_COLOURS = {"pro-government": "#b23a48", government: "#b23a48", opposition: "#2e7d32",
    independent: "#1f5fa8", unknown: "#9e9e9e"};
  let plots = [];

  const width = (box) => Math.max(300, Math.min(1100, box.clientWidth || 800));
  const secs = (d) => Date.parse(d) / 1000;

  function typesPlot(t) {
    const types = M.TYPES.filter((ty) => t.buckets.some((b) => b.by_type[ty]));
    const xs = t.buckets.map((b) => secs(b.start));
    // stacked: each series is the running total up to its type; drawn tallest first
    const cum = [];
    let acc = t.buckets.map(() => 0);
    for (const ty of types) { acc = acc.map((v, i) => v + (t.buckets[i].by_type[ty] || 0)); cum.push(acc); }
    const order = types.map((ty, i) => i).reverse();
    const bars = uPlot.paths.bars({size: [0.9, 40]});
    return new uPlot({width: width(boxes.types), height: 240, title: "",
      scales: {x: {time: true}}, legend: {live: true},
      series: [{label: "week"}, ...order.map((i) => ({label: types[i], fill: M.colour(types[i]), stroke: M.colour(types[i]),
        paths: bars, points: {show: false}, value: (u, v, si, di) => di === null ? "" : String(t.buckets[di].by_type[types[i]] || 0)}))],
      axes: [{}, {label: "events"}]},
    [xs, ...order.map((i) => cum[i].map((v, k) => (t.buckets[k].events ? v : null)))], boxes.types);
  }

  function fatalitiesPlot(t) {
    const xs = t.buckets.map((b) => secs(b.start));
    return new uPlot({width: width(boxes.fat), height: 220, scales: {x: {time: true}},
      series: [{label: "week"},
        {label: "high", stroke: "rgba(178,58,72,.35)", width: 1},
        {label: "best", stroke: "#b23a48", width: 2},
        {label: "low", stroke: "rgba(178,58,72,.35)", width: 1}],
      bands: [{series: [1, 3], fill: "rgba(178,58,72,.15)"}],
      axes: [{}, {label: "fatalities"}]},
    [xs, t.buckets.map((b) => b.fatalities_high), t.buckets.map((b) => b.fatalities), t.buckets.map((b) => b.fatalities_low)], boxes.fat);
  }

  function campsPlot(r) {
    if (!r.events.length) return el("p", {class: "muted"}, "No event is reported by two or more outlets under these filters.");
    const camps = [...new Set(r.events.flatMap((e) => Object.keys(e.camps)))].sort();
    const max = Math.max(...r.events.map((e) => e.outlets));
    return el("div", {},
      el("p", {class: "legend-inline"}, ...camps.map((c) => [el("span", {class: "swatch", style: `--c:${CAMP_COLOURS[c] || "#666"}`}), c, " "])),
      camps.includes("unknown") ? el("p", {class: "muted"}, "unknown: an outlet the theater pack does not profile.") : null,
      el("ol", {class: "bars"}, r.events.slice(0, 60).map((e) => el("li", {},
        el("span", {class: "bar-label"}, M.eventLink(e.id, `${e.date || "undated"} ${e.place || ""}`)),
        el("span", {class: "bar", role: "img", "aria-label": camps.filter((c) => e.camps[c]).map((c) => `${e.camps[c]} ${c}`).join(", ")},
          ...camps.filter((c) => e.camps[c]).map((c) => el("span", {class: "seg", title: `${e.camps[c]} ${c}`,
            style: `--c:${CAMP_COLOURS[c] || "#666"};width:${100 * e.camps[c] / max}%`}, String(e.camps[c]))))))),
      r.total > 60 ? el("p", {class: "muted"}, `60 of ${r.total} events shown (most outlets first).`) : null);
  }

  /* every week from the first to the last, empty weeks as zeros (a line must not bridge
   * a gap as if events went on) */
  function fillWeeks(t) {
    if (t.buckets.length < 2) return t;
    const byStart = new Map(t.buckets.map((b) => [b.start, b]));
    const out = [];
    const last = Date.parse(t.buckets[t.buckets.length - 1].start);
    for (let d = Date.parse(t.buckets[0].start); d <= last && out.length < 2000; d += 7 * 864e5) {
      const start = new Date(d).toISOString().slice(0, 10);
      out.push(byStart.get(start) || {start, end: start, events: 0, by_type: {}, ranged: 0,
        fatalities: 0, fatalities_low: 0, fatalities_high: 0});
    }
    return {...t, buckets: out};
  }

  async function load() {
    for (const p of plots) p.destroy();
    plots = [];
    try {
      const [t, camps] = await Promise.all([M.api("/api/timeline", {...filters, bucket: "week"}).then(fillWeeks),
        M.api("/api/plots/camps", {...filters, limit: 200})]);
      boxes.types.replaceChildren(); boxes.fat.replaceChildren();
      if (t.buckets.length) { plots.push(typesPlot(t)); plots.push(fatalitiesPlot(t)); }
      else { boxes.types.append(el("p", {class: "muted"}, "No dated event matches the filters.")); }
      boxes.camps.replaceChildren(campsPlot(camps));
      document.body.dataset.loaded = "true";
    } catch (err) { M.fail(boxes.types, err); }
  }
  window.addEventListener("popstate", () => { filters = M.filtersFromURL(); load(); });
  load();
})();
