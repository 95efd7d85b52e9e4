/* The map and the timeline, driven by the same filters (kept in the URL with the view).
 * Zoomed out, or with many events in view, the map draws the server's grid counts
 * (/api/map/grid); with few it draws every event (/api/map) in clusters. */
"use strict";
(function () {
  const M = window.marsad, el = M.el;
  const POINTS_MAX = 3000;   // above this many events in view, draw the grid counts
  M.nav("map");
  const form = document.getElementById("filters");
  const status = document.getElementById("map-status");
  const mapDiv = document.getElementById("map");
  let filters = M.filtersFromURL();
  let view = new URLSearchParams(location.search).get("view");   // "zoom/lat/lon"
  const controls = M.filterForm(form, (f) => { filters = f; sync(true); });

  const map = L.map(mapDiv, {preferCanvas: false, zoomSnap: 1, keyboard: true, minZoom: 2, maxZoom: 16});
  map.attributionControl.setPrefix(false);
  // the basemap under the events, the neighbourhoods over the districts, whatever the order of loading
  map.createPane("basemap").style.zIndex = 350;
  map.createPane("neighbourhoods").style.zIndex = 360;
  const basemap = L.layerGroup().addTo(map);
  const neighbourhoods = L.layerGroup();
  let dataLayer = L.layerGroup().addTo(map);
  let loadSeq = 0;

  function cellFor(zoom) {
    return zoom <= 6 ? 0.5 : zoom <= 7 ? 0.2 : zoom <= 8 ? 0.1 : zoom <= 9 ? 0.05 : zoom <= 11 ? 0.02 : 0.01;
  }
  function bboxParam() {
    const b = map.getBounds();
    const c = (v, lo, hi) => Math.min(hi, Math.max(lo, v)).toFixed(4);
    return [c(b.getWest(), -180, 180), c(b.getSouth(), -90, 90), c(b.getEast(), -180, 180), c(b.getNorth(), -90, 90)].join(",");
  }
  function radius(fat) {
    return fat ? Math.min(22, 5 + 2.5 * Math.sqrt(fat)) : 5;
  }

  /* one event: colour by type, size by fatalities; precision 3 hollow and dashed (an
   * area, never an exact pin); contested events ringed in black, denied ones grey */
  function marker(f) {
    const p = f.properties, [lon, lat] = f.geometry.coordinates;
    const c = M.colour(p.event_type), prec = p.geo_precision || 1;
    const opts = {radius: radius(p.fatalities), color: c, weight: 2, fillColor: c, fillOpacity: 0.75,
      eventType: p.event_type, status: p.status,
      className: `ev-marker ev-${f.id} prec-${prec} st-${p.status || "none"}`};
    if (prec === 2) { opts.fillOpacity = 0.35; }
    if (prec >= 3) { opts.fillOpacity = 0; opts.dashArray = "4 3"; opts.radius += 8; opts.weight = 2.5; }
    if (p.status === "disputed") { opts.color = "#111"; opts.weight = 3; }
    if (p.status === "denied_only") { opts.color = "#111"; opts.fillColor = "#bbb"; opts.dashArray = "2 2"; }
    const m = L.circleMarker([lat, lon], opts);
    m.bindPopup(() => popup(f), {maxWidth: 320});
    m.bindTooltip(`${p.sub_event_type || p.event_type || "event"}, ${p.date_start || "undated"}`);
    return m;
  }

  function popup(f) {
    const p = f.properties;
    const camps = el("p", {class: "camps"}, `${p.outlets} outlet${p.outlets === 1 ? "" : "s"} report it; camps loading…`);
    const box = el("div", {class: "popup"},
      el("p", {}, M.typeBadge(p.event_type), " ", M.statusBadge(p.status)),
      el("p", {}, el("strong", {}, p.sub_event_type || p.event_type || "event")),
      el("p", {}, p.date_start === p.date_end || !p.date_end ? (p.date_start || "undated") : `${p.date_start} to ${p.date_end}`,
        ` · fatalities: ${p.fatalities ?? "unknown"} · precision ${p.geo_precision}`),
      camps,
      p.status === "disputed" ? el("p", {class: "warn"}, "Contested: sources contradict each other.") : null,
      p.status === "denied_only" ? el("p", {class: "warn"}, "Denied: only denials report it.") : null,
      p.contradictions ? el("p", {}, `${p.contradictions} contradiction${p.contradictions === 1 ? "" : "s"}`) : null,
      el("p", {}, el("a", {href: `/event/${encodeURIComponent(f.id)}`, class: "dossier-link"}, "Open the dossier →")));
    M.api(`/api/events/${encodeURIComponent(f.id)}`).then((d) => {
      const byCamp = {};
      for (const camp of Object.values(d.event.outlet_camps || {})) byCamp[camp] = (byCamp[camp] || 0) + 1;
      const parts = Object.entries(byCamp).sort().map(([c, n]) => `${n} ${c}`);
      const n = Object.keys(d.event.outlet_camps || {}).length || d.event.outlets;
      camps.textContent = `${n} independent outlet${n === 1 ? "" : "s"} report it` +
        (parts.length ? ` (camps: ${parts.join(", ")})` : "") + ": " + (d.event.outlet_names || []).join(", ");
      if (d.event.denied && p.status !== "denied_only") camps.after(el("p", {class: "warn"}, "A source denies it."));
    }).catch(() => { camps.textContent = `${p.outlets} outlets report it`; });
    return box;
  }

  /* a cluster: its count, coloured by its most frequent event type, ringed if any of its
   * events is contested */
  function clusterIcon(cluster) {
    const counts = {};
    let contested = 0;
    for (const m of cluster.getAllChildMarkers()) {
      counts[m.options.eventType] = (counts[m.options.eventType] || 0) + 1;
      if (m.options.status === "disputed") contested += 1;
    }
    const top = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    const n = cluster.getChildCount();
    const size = n < 10 ? 30 : n < 100 ? 36 : 44;
    const label = el("span", {}, String(n));
    const icon = L.divIcon({html: label, className: `marker-cluster ev-cluster${contested ? " contested" : ""}`,
      iconSize: [size, size]});
    label.style.setProperty("--c", M.colour(top));
    return icon;
  }

  /* the same events as a list of links (keyboard and screen-reader users reach each
   * dossier from here; the markers themselves are drawings) */
  function listInView(features, counted) {
    const list = document.getElementById("in-view-list");
    if (!features) {
      list.replaceChildren(el("li", {class: "muted"}, `${counted.toLocaleString()} events in view: zoom in or narrow the filters to list them.`));
      return;
    }
    const sorted = features.slice().sort((a, b) => (a.properties.date_start || "").localeCompare(b.properties.date_start || "") || String(a.id).localeCompare(String(b.id)));
    list.replaceChildren(...sorted.slice(0, 500).map((f) => {
      const p = f.properties;
      return el("li", {}, M.typeBadge(p.event_type), " ", M.statusBadge(p.status), " ",
        M.eventLink(f.id, `${p.date_start || "undated"}${p.date_end && p.date_end !== p.date_start ? "–" + p.date_end : ""} · ${p.sub_event_type || p.event_type} · ${p.place || "?"}`),
        el("span", {class: "muted"}, ` — ${p.outlets} outlet${p.outlets === 1 ? "" : "s"}, fatalities ${p.fatalities ?? "unknown"}, precision ${p.geo_precision}`));
    }));
    if (sorted.length > 500) list.appendChild(el("li", {class: "muted"}, `and ${sorted.length - 500} more: zoom in.`));
  }

  function gridMarker(f) {
    const p = f.properties, [lon, lat] = f.geometry.coordinates;
    const top = Object.entries(p.by_type).sort((a, b) => b[1] - a[1])[0][0];
    const size = Math.round(Math.min(54, 18 + 6 * Math.log10(p.events + 1) * 2));
    const label = el("span", {}, p.events >= 1000 ? `${Math.round(p.events / 100) / 10}k` : String(p.events));
    const icon = L.divIcon({html: label, className: "grid-cell", iconSize: [size, size]});
    const m = L.marker([lat, lon], {icon, keyboard: true,
      title: `${p.events} events (${Object.entries(p.by_type).map(([t, n]) => `${n} ${t}`).join(", ")})`});
    m.on("add", () => { const e = m.getElement(); if (e) e.style.setProperty("--c", M.colour(top)); });
    m.on("click", () => map.setView([lat, lon], Math.min(map.getZoom() + 2, 14)));
    return m;
  }

  async function loadMap() {
    const seq = ++loadSeq;
    const zoom = map.getZoom();
    // zoomed out the whole theater is in view: no box, so the server's cached counts serve
    const params = zoom <= 7 ? {...filters} : {...filters, bbox: bboxParam()};
    status.textContent = "Loading…";
    try {
      const grid = await M.api("/api/map/grid", {...params, cell: cellFor(zoom)});
      if (seq !== loadSeq) return;
      let layer, mode, shown;
      if (grid.events > POINTS_MAX) {
        layer = L.layerGroup(grid.features.map(gridMarker));
        mode = "grid"; shown = grid.events;
        status.textContent = `${grid.events.toLocaleString()} events in view, counted per ${grid.cell}° cell; zoom in to see each event.`;
      } else {
        const pts = await M.api("/api/map", params);
        if (seq !== loadSeq) return;
        layer = L.markerClusterGroup({maxClusterRadius: 40, spiderfyOnMaxZoom: true, showCoverageOnHover: false,
          chunkedLoading: true, iconCreateFunction: clusterIcon});
        layer.addLayers(pts.features.map(marker));
        mode = "points"; shown = pts.features.length;
        status.textContent = `${shown} event${shown === 1 ? "" : "s"} in view` + (shown ? "" : " (none match the filters here)") + ".";
        M.lastPoints = pts.features;
        listInView(pts.features);
        drawRanges(pts.features);
      }
      map.removeLayer(dataLayer);
      dataLayer = layer.addTo(map);
      mapDiv.dataset.mode = mode;
      mapDiv.dataset.shown = String(shown);
      if (mode === "grid") {
        drawRanges(null);
        listInView(null, grid.events);
      }
    } catch (err) {
      status.textContent = `Could not load the map: ${err && err.message ? err.message : err}`;
      console.error(err);
    }
  }

  /* --- the timeline: stacked bars by type per bucket, the share dated only to a window
   * hatched, and (with few events) each event as a line over its date range ------------ */
  const tl = document.getElementById("timeline");
  const tlStatus = document.getElementById("timeline-status");
  const SVG = "http://www.w3.org/2000/svg";
  const svg = (tag, attrs, ...kids) => {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) n.setAttribute(k, String(v));
    for (const k of kids) if (k) n.appendChild(typeof k === "string" ? document.createTextNode(k) : k);
    return n;
  };
  let tlScale = null;

  function bucketFor(start, end) {
    if (!start || !end) return "week";
    const days = (Date.parse(end) - Date.parse(start)) / 864e5;
    return days <= 120 ? "day" : days <= 3 * 366 ? "week" : "month";
  }

  async function loadTimeline() {
    try {
      const bucket = bucketFor(filters.start, filters.end);
      const t = await M.api("/api/timeline", {...filters, bucket});
      drawTimeline(t);
    } catch (err) {
      tlStatus.textContent = `Could not load the timeline: ${err.message}`;
    }
  }

  function drawTimeline(t) {
    const W = Math.max(320, tl.clientWidth || 800), H = 150, pad = {l: 34, r: 8, t: 8, b: 22};
    const buckets = t.buckets;
    const root = svg("svg", {viewBox: `0 0 ${W} ${H + 60}`, width: "100%", role: "group",
      "aria-label": `events per ${t.bucket}`, class: "timeline-svg"});
    root.appendChild(svg("defs", {}, svg("pattern", {id: "hatch", width: 4, height: 4, patternUnits: "userSpaceOnUse",
      patternTransform: "rotate(45)"}, svg("rect", {width: 2, height: 4, fill: "rgba(255,255,255,.65)"}))));
    tl.dataset.buckets = String(buckets.length);
    tl.dataset.events = String(buckets.reduce((s, b) => s + b.events, 0));
    tl.dataset.bucket = t.bucket;
    if (!buckets.length) {
      tl.replaceChildren(el("p", {class: "muted"}, "No dated events match the filters."));
      tlStatus.textContent = t.undated ? `${t.undated} undated events.` : "";
      tlScale = null;
      return;
    }
    const t0 = Date.parse(buckets[0].start), t1 = Date.parse(buckets[buckets.length - 1].end) + 864e5;
    const x = (d) => pad.l + (W - pad.l - pad.r) * (Date.parse(d) - t0) / Math.max(1, t1 - t0);
    const maxN = Math.max(...buckets.map((b) => b.events));
    const y = (n) => pad.t + (H - pad.t - pad.b) * (1 - n / maxN);
    tlScale = {x, t0, t1};
    root.appendChild(svg("line", {x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b, stroke: "#888"}));
    root.appendChild(svg("text", {x: pad.l - 4, y: pad.t + 8, "text-anchor": "end", class: "axis"}, String(maxN)));
    root.appendChild(svg("text", {x: pad.l - 4, y: H - pad.b, "text-anchor": "end", class: "axis"}, "0"));
    let lastTick = -Infinity;   // a date under a bucket every 80 px at most
    for (const b of buckets) {
      const bx = x(b.start);
      if (bx - lastTick < 80 || bx > W - 70) continue;
      lastTick = bx;
      root.appendChild(svg("text", {x: bx, y: H - 6, class: "axis", "text-anchor": "start"}, b.start));
    }
    for (const b of buckets) {
      const x0 = x(b.start), x1 = Math.max(x0 + 2, x(addDay(b.end)) - 1);
      const g = svg("g", {class: "bucket", tabindex: 0, role: "button",
        "aria-label": `${b.start} to ${b.end}: ${b.events} events, ${b.ranged} dated only to a range; select these dates`});
      let acc = 0;
      for (const [type, n] of Object.entries(b.by_type)) {
        g.appendChild(svg("rect", {x: x0, width: x1 - x0, y: y(acc + n), height: y(acc) - y(acc + n), fill: M.colour(type)}));
        acc += n;
      }
      if (b.ranged) {   // the share of the bucket dated only to a window, hatched on top
        g.appendChild(svg("rect", {x: x0, width: x1 - x0, y: y(b.events), height: y(0) - y(b.ranged), fill: "url(#hatch)", class: "ranged"}));
      }
      if (b.latest_end && b.latest_end > b.end) {   // events of the bucket may run until here
        g.appendChild(svg("line", {x1: (x0 + x1) / 2, x2: x(addDay(b.latest_end)), y1: y(b.events) - 3, y2: y(b.events) - 3,
          stroke: "#444", "stroke-width": 1, class: "range-tail"}));
      }
      g.appendChild(svg("title", {}, `${b.start}–${b.end}: ${b.events} events (${Object.entries(b.by_type).map(([k, v]) => `${v} ${k}`).join(", ")}); ${b.ranged} dated only to a range; fatalities ${b.fatalities} (${b.fatalities_low}–${b.fatalities_high})`));
      const pick = () => { filters = {...filters, start: b.start, end: b.end}; controls.set(filters); sync(true); };
      g.addEventListener("click", pick);
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); pick(); } });
      root.appendChild(g);
    }
    root.appendChild(svg("g", {id: "ranges", transform: `translate(0, ${H})`}));
    tl.replaceChildren(root);
    tlStatus.textContent = `${tl.dataset.events} dated events per ${t.bucket}` +
      (t.undated ? `, ${t.undated} undated` : "") + "; hatched: dated only to a range. Click a bar to select its dates.";
    if (M.lastPoints && mapDiv.dataset.mode === "points") drawRanges(M.lastPoints);
  }

  function addDay(d) { return new Date(Date.parse(d) + 864e5).toISOString().slice(0, 10); }

  /* each event on the map as a line from its first to its last possible day */
  function drawRanges(features) {
    const g = tl.querySelector("#ranges");
    if (!g || !tlScale) return;
    g.replaceChildren();
    if (!features) return;
    const dated = features.filter((f) => f.properties.date_start).slice(0, 400)
      .sort((a, b) => a.properties.date_start.localeCompare(b.properties.date_start));
    const rowH = Math.max(1.5, Math.min(4, 56 / Math.max(1, dated.length)));
    dated.forEach((f, i) => {
      const p = f.properties, x0 = tlScale.x(p.date_start), x1 = tlScale.x(addDay(p.date_end || p.date_start));
      g.appendChild(svg("rect", {x: x0, y: i * rowH, width: Math.max(2, x1 - x0), height: Math.max(1, rowH - 0.5),
        fill: M.colour(p.event_type), class: "event-range", opacity: p.date_end && p.date_end !== p.date_start ? 0.55 : 1},
        svg("title", {}, `${p.sub_event_type || p.event_type}: ${p.date_start}${p.date_end && p.date_end !== p.date_start ? " to " + p.date_end : ""}`)));
    });
  }

  /* the URL says what is shown; the timeline follows the filters (not the view) */
  function sync(push, mapOnly) {
    const c = map.getCenter();
    view = `${map.getZoom()}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`;
    M.setURL({...filters, view}, push);
    const drawn = loadMap();
    if (!mapOnly) drawn.then(loadTimeline);   // the map first: on a busy server it is what one waits for
  }

  window.addEventListener("popstate", () => {
    filters = M.filtersFromURL();
    controls.set(filters);
    const v = new URLSearchParams(location.search).get("view");
    if (v) setView(v);
    loadMap().then(loadTimeline);
  });

  function setView(v) {
    const [z, lat, lon] = v.split("/").map(Number);
    if ([z, lat, lon].every(Number.isFinite)) { map.setView([lat, lon], z, {animate: false}); return true; }
    return false;
  }

  function legend() {
    const box = L.control({position: "bottomleft"});
    box.onAdd = () => el("details", {class: "legend", open: window.innerWidth > 640}, el("summary", {}, "Legend"),
      ...M.TYPES.map((t) => el("div", {}, el("span", {class: "swatch", style: `--c:${M.colour(t)}`}), t)),
      el("div", {}, el("span", {class: "swatch hollow"}), "area (precision 3)"),
      el("div", {}, el("span", {class: "swatch ring"}), "contested"),
      el("div", {}, "size: fatalities"));
    box.addTo(map);
  }

  async function start() {
    const cfg = await M.api("/api/config");
    let bounds = null;
    if (cfg.tile_url) {
      L.tileLayer(cfg.tile_url, {maxZoom: 18, attribution: "tiles: configured server"}).addTo(map);
    }
    if (cfg.basemap) {
      const bm = await M.api(cfg.basemap);
      const gov = L.geoJSON(bm.governorates, {style: {color: "#8a8170", weight: 1.4, fillColor: "#f3efe6", fillOpacity: cfg.tile_url ? 0 : 1},
        interactive: false, pane: "basemap"}).addTo(basemap);
      L.geoJSON(bm.districts, {style: {color: "#b9b1a0", weight: 0.6, fill: false, dashArray: "3 3"}, interactive: false, pane: "basemap"}).addTo(basemap);
      L.geoJSON(bm.neighbourhoods, {style: {color: "#8f8570", weight: 0.8, fillColor: "#fff", fillOpacity: 0.01}, pane: "neighbourhoods",
        onEachFeature: (f, layer) => layer.bindTooltip(f.properties.name, {sticky: true})}).addTo(neighbourhoods);
      for (const f of bm.governorates.features.filter((g) => g.properties.name.length < 24)) {
        const c = L.geoJSON(f).getBounds().getCenter();
        L.marker(c, {icon: L.divIcon({className: "gov-label", html: el("span", {}, f.properties.name), iconSize: null}),
          interactive: false, keyboard: false, pane: "basemap"}).addTo(basemap);
      }
      bounds = gov.getBounds();
      map.attributionControl.addAttribution(bm.attribution);
    } else {
      mapDiv.classList.add("plain");
      document.getElementById("map-note").textContent = cfg.basemap_note || "";
    }
    map.on("zoomend", () => {
      if (map.getZoom() >= 12) neighbourhoods.addTo(map); else map.removeLayer(neighbourhoods);
    });
    legend();
    if (!(view && setView(view))) {
      if (bounds) map.fitBounds(bounds);
      else {
        const pts = await M.api("/api/map", {...filters, limit: 2000});
        const b = L.latLngBounds(pts.features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]));
        if (b.isValid()) map.fitBounds(b.pad(0.2)); else map.setView([0, 0], 2);
      }
    }
    if (map.getZoom() >= 12) neighbourhoods.addTo(map);
    map.on("moveend", () => { sync(false, true); });
    sync(false);
  }
  start().catch((err) => { status.textContent = `Could not start the map: ${err.message}`; });
})();
