// dyad web UI: one small module, no framework, no build step. Everything it loads comes from
// this server (/api/* and /assets/*).

const SVG = "http://www.w3.org/2000/svg";
const $ = (sel) => document.querySelector(sel);

const state = {
  view: "events",
  codebook: new Map(), // code -> {name, root, quad, goldstein}
  cursor: null,
  stale: new Set(["events", "series", "network", "map"]),
  world: null,
  article: null, // {data, groups, active: {group, mention}}
};

// ---------- helpers ----------

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function title(text) {
  const t = document.createElementNS(SVG, "title");
  t.textContent = text;
  return t;
}

async function api(path, params) {
  const qs = params && [...params].length ? "?" + params.toString() : "";
  const resp = await fetch(path + qs, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await resp.json();
  } catch (_) {
    /* not JSON */
  }
  if (!resp.ok) throw new Error((body && body.error) || `${resp.status} ${resp.statusText}`);
  return body;
}

function status(message, kind = "error") {
  const s = $("#status");
  if (!message) {
    s.hidden = true;
    return;
  }
  s.textContent = message;
  s.className = kind === "info" ? "info" : "";
  s.hidden = false;
}

function filterParams() {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData($("#filters"))) {
    const t = String(v).trim();
    if (t) p.set(k, t);
  }
  return p;
}

function codes(actors) {
  return actors.map((a) => a.code).join(", ");
}

function actorTitle(actors) {
  return actors.map((a) => `${a.code}: ${a.name || a.text}`).join("\n");
}

function codeName(code) {
  const c = state.codebook.get(code);
  return c ? c.name : "";
}

function fmt(n, digits = 0) {
  return Number(n).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

// ---------- views ----------

function show(view) {
  state.view = view;
  const h = new URLSearchParams(location.hash.slice(1));
  h.set("view", view);
  history.replaceState(null, "", "#" + h.toString());
  for (const b of document.querySelectorAll("#tabs button")) {
    b.setAttribute("aria-selected", String(b.dataset.view === view));
  }
  for (const v of ["events", "series", "network", "map"]) {
    $(`#view-${v}`).hidden = v !== view;
  }
  if (state.stale.has(view)) refresh(view);
}

async function refresh(view) {
  state.stale.delete(view);
  status(null);
  try {
    if (view === "events") await loadEvents(false);
    else if (view === "series") await loadSeries();
    else if (view === "network") await loadNetwork();
    else if (view === "map") await loadMap();
  } catch (e) {
    state.stale.add(view);
    status(e.message);
  }
}

function applyFilters() {
  state.stale = new Set(["events", "series", "network", "map"]);
  refresh(state.view);
}

// ---------- events table ----------

async function loadEvents(more) {
  const p = filterParams();
  p.set("limit", "100");
  if (more && state.cursor) p.set("cursor", state.cursor);
  const csv = filterParams();
  csv.set("format", "csv");
  $("#csv-link").href = "/api/events?" + csv.toString();
  const tbody = $("#events-table tbody");
  if (!more) {
    tbody.replaceChildren();
    $("#events-count").textContent = "loading…";
  }
  const page = await api("/api/events", p);
  for (const ev of page.events) tbody.append(eventRow(ev));
  state.cursor = page.next_cursor;
  $("#events-more").hidden = !page.next_cursor;
  const shown = tbody.children.length;
  $("#events-count").textContent =
    shown === 0 ? "No events match." : `${fmt(shown)} event${shown === 1 ? "" : "s"}${page.next_cursor ? " (more available)" : ""}`;
}

function eventRow(ev) {
  const r = ev.record;
  const name = codeName(r.event.cameo);
  const place = r.location ? r.location.name : "";
  const tr = el(
    "tr",
    {
      "data-testid": "event-row",
      "data-event-id": ev.id,
      "data-cameo": r.event.cameo,
      "data-source": r.source.map((a) => a.code).join(" "),
      "data-target": r.target.map((a) => a.code).join(" "),
      title: "open the article",
      onclick: () => openArticle(ev.article.key, ev.id),
    },
    el("td", { class: "date", text: r.date || "—" }),
    el("td", { class: "actor-s code", title: actorTitle(r.source), text: codes(r.source) || "—" }),
    el(
      "td",
      { title: r.rule },
      el("span", { class: "code", text: r.event.cameo + " " }),
      el("span", { class: `badge q${r.event.quad}`, text: r.event.plover || `quad ${r.event.quad}` }),
      el("span", { class: "evname", text: name }),
    ),
    el("td", { class: "actor-t code", title: actorTitle(r.target), text: codes(r.target) || "—" }),
    el("td", {}, el("span", { class: `badge ${r.modality}`, text: r.modality })),
    el("td", { text: place }),
    el("td", { class: "num", text: `${ev.num_mentions} / ${ev.num_articles}` }),
    el("td", { class: "sentence", text: r.text.length > 160 ? r.text.slice(0, 157) + "…" : r.text }),
  );
  return tr;
}

// ---------- article view ----------

async function openArticle(key, eventId) {
  status(null);
  let data;
  try {
    data = await api("/api/articles/" + encodeURIComponent(key));
  } catch (e) {
    status(e.message);
    return;
  }
  // Group mentions by sentence (code-point ranges of the body); overlapping ranges are dropped.
  const byRange = new Map();
  data.mentions.forEach((m) => {
    if (m.sentence_start === null || m.sentence_start === undefined) return;
    const k = `${m.sentence_start}:${m.sentence_end}`;
    if (!byRange.has(k)) byRange.set(k, { start: m.sentence_start, end: m.sentence_end, mentions: [] });
    byRange.get(k).mentions.push(m);
  });
  const groups = [];
  for (const g of [...byRange.values()].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (groups.length && g.start < groups[groups.length - 1].end) continue;
    groups.push(g);
  }
  let active = { group: 0, mention: 0 };
  groups.forEach((g, gi) =>
    g.mentions.forEach((m, mi) => {
      if (m.event_id === eventId && (active.found === undefined)) active = { group: gi, mention: mi, found: true };
    }),
  );
  state.article = { data, groups, active, chars: Array.from(data.body) };
  const a = data.article;
  $("#article-title").textContent = a.title || a.id;
  const meta = [a.source, a.published, a.url ? null : a.id].filter(Boolean).join(" · ");
  const metaEl = $("#article-meta");
  metaEl.replaceChildren(document.createTextNode(meta));
  if (a.url && /^https?:\/\//.test(a.url)) {
    metaEl.append(" · ", el("a", { href: a.url, rel: "noopener noreferrer", target: "_blank", text: "original" }));
  }
  metaEl.append(` · ${groups.length} coded sentence${groups.length === 1 ? "" : "s"}, ${data.mentions.length} mention${data.mentions.length === 1 ? "" : "s"}`);
  renderArticle();
  $("#article-backdrop").hidden = false;
  $("#article-view").hidden = false;
  const act = document.querySelector("#article-body .sentence.active");
  if (act) act.scrollIntoView({ block: "center" });
}

function closeArticle() {
  $("#article-view").hidden = true;
  $("#article-backdrop").hidden = true;
}

function renderArticle() {
  const { groups, active, chars } = state.article;
  const body = $("#article-body");
  body.replaceChildren();
  const activeGroup = groups[active.group];
  const activeEvent = activeGroup ? activeGroup.mentions[active.mention].event_id : null;
  let pos = 0;
  groups.forEach((g, gi) => {
    if (g.start > pos) body.append(chars.slice(pos, g.start).join(""));
    const isActive = gi === active.group;
    const sameEvent = !isActive && g.mentions.some((m) => m.event_id === activeEvent);
    const span = el("span", {
      class: "sentence coded" + (isActive ? " active" : "") + (sameEvent ? " same-event" : ""),
      "data-testid": isActive ? "active-sentence" : "coded-sentence",
      "data-start": g.start,
      title: g.mentions.map((m) => `${m.cameo} ${m.code_name || ""}: ${m.source.join(",")} → ${m.target.join(",")}`).join("\n"),
      onclick: () => {
        const a = state.article.active;
        state.article.active =
          a.group === gi ? { group: gi, mention: (a.mention + 1) % g.mentions.length } : { group: gi, mention: 0 };
        renderArticle();
      },
    });
    if (isActive) {
      const m = g.mentions[active.mention];
      let p = g.start;
      const spans = m.spans
        .filter((s) => s.article_start !== null && s.article_end > s.article_start)
        .sort((a, b) => a.article_start - b.article_start || b.article_end - a.article_end);
      for (const s of spans) {
        if (s.article_start < p) continue; // overlapping span: keep the first
        if (s.article_start > p) span.append(chars.slice(p, s.article_start).join(""));
        span.append(
          el("mark", {
            class: `hl hl-${s.role}`,
            "data-testid": `hl-${s.role}`,
            title: s.role + (s.code ? `: ${s.code}` : "") + (s.name ? ` (${s.name})` : ""),
            text: chars.slice(s.article_start, s.article_end).join(""),
          }),
        );
        p = s.article_end;
      }
      if (p < g.end) span.append(chars.slice(p, g.end).join(""));
    } else {
      span.append(chars.slice(g.start, g.end).join(""));
    }
    body.append(span);
    pos = g.end;
  });
  if (pos < chars.length) body.append(chars.slice(pos).join(""));
  renderMentionCard();
}

function renderMentionCard() {
  const { groups, active } = state.article;
  const card = $("#mention-card");
  card.replaceChildren();
  const g = groups[active.group];
  if (!g) {
    card.append(el("span", { class: "muted", text: "No event was coded in this article." }));
    return;
  }
  const m = g.mentions[active.mention];
  const side = (list, cls) => el("span", { class: `code ${cls}`, text: list.length ? list.join(", ") : "—" });
  const row = el(
    "div",
    { class: "row" },
    el("strong", { class: "code", "data-testid": "mention-code", text: m.cameo }),
    el("span", { text: m.code_name || "" }),
    el("span", {}, side(m.source, "actor-s"), " → ", side(m.target, "actor-t")),
    el("span", { class: `badge ${m.modality}`, "data-testid": "mention-modality", text: m.modality }),
    el("span", { "data-testid": "mention-date", text: m.date || "undated" }),
    el("span", { class: "muted", text: `Goldstein ${m.goldstein}` }),
    m.background ? el("span", { class: "badge", text: "background" }) : null,
    el("span", { class: "muted", text: `event #${m.event_id}` }),
  );
  if (g.mentions.length > 1) {
    const step = (d) => () => {
      state.article.active = { group: active.group, mention: (active.mention + d + g.mentions.length) % g.mentions.length };
      renderArticle();
    };
    row.append(
      el(
        "span",
        { class: "nav" },
        el("button", { class: "secondary", type: "button", onclick: step(-1), text: "‹" }),
        el("span", { class: "muted", text: `${active.mention + 1} of ${g.mentions.length} in this sentence` }),
        el("button", { class: "secondary", type: "button", onclick: step(1), text: "›" }),
      ),
    );
  }
  card.append(row);
}

// ---------- series ----------

function niceTicks(lo, hi, n = 5) {
  if (lo === hi) {
    hi = lo + 1;
  }
  const span = hi - lo;
  const step0 = Math.pow(10, Math.floor(Math.log10(span / n)));
  const err = (span / n) / step0;
  const step = step0 * (err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1);
  const ticks = [];
  for (let t = Math.floor(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(+t.toFixed(10));
  return ticks;
}

async function loadSeries() {
  const f = new FormData($("#series-form"));
  const p = filterParams();
  p.delete("actor"); // the dyad picker chooses the actors
  for (const k of ["source", "target", "country", "interval"]) {
    const v = String(f.get(k) || "").trim();
    if (v) p.set(k, v);
  }
  const metric = f.get("metric");
  const scale = f.get("scale");
  const data = await api("/api/series", p);
  const pts = data.points;
  let value, label;
  if (metric === "goldstein") {
    value = scale === "normalised" ? (d) => d.goldstein_mean ?? 0 : (d) => d.goldstein_sum;
    label = scale === "normalised" ? "mean Goldstein per event" : "Goldstein sum";
  } else {
    value = scale === "normalised" ? (d) => 100 * d.share : (d) => d.events;
    label = scale === "normalised" ? "% of all events" : "events";
  }
  const who =
    data.subject === "country"
      ? data.country
      : data.subject === "dyad"
        ? `${data.source || "anyone"} → ${data.target || "anyone"}`
        : "all events";
  const total = pts.reduce((s, d) => s + d.events, 0);
  $("#series-caption").textContent = `${who} · ${fmt(total)} event${total === 1 ? "" : "s"} · per ${data.interval} · ${label}`;
  drawBars($("#series-chart"), pts, value, label, data.interval);
}

function drawBars(root, pts, value, label, interval) {
  root.replaceChildren();
  const W = 960, H = 360, m = { l: 58, r: 16, t: 14, b: 46 };
  const iw = W - m.l - m.r, ih = H - m.t - m.b;
  if (!pts.length) {
    root.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "No dated events match."));
    return;
  }
  const vals = pts.map(value);
  const lo = Math.min(0, ...vals), hi = Math.max(0, ...vals);
  const ticks = niceTicks(lo, hi === lo ? lo + 1 : hi);
  const y0 = ticks[0], y1 = ticks[ticks.length - 1];
  const y = (v) => m.t + ih - ((v - y0) / (y1 - y0)) * ih;
  const bw = iw / pts.length;
  const g = svg("g");
  for (const t of ticks) {
    g.append(svg("line", { x1: m.l, x2: W - m.r, y1: y(t), y2: y(t), class: "grid" }));
    g.append(svg("text", { x: m.l - 6, y: y(t) + 4, "text-anchor": "end" }, fmt(t, 2)));
  }
  g.append(svg("text", { x: 14, y: m.t + ih / 2, transform: `rotate(-90 14 ${m.t + ih / 2})`, "text-anchor": "middle" }, label));
  pts.forEach((d, i) => {
    const v = vals[i];
    const top = y(Math.max(v, 0)), bottom = y(Math.min(v, 0));
    const rect = svg("rect", {
      x: m.l + i * bw + (bw > 4 ? 1 : 0),
      y: top,
      width: Math.max(bw - (bw > 4 ? 2 : 0), 0.6),
      height: Math.max(bottom - top, v === 0 ? 0 : 1),
      class: "bar" + (v < 0 ? " neg" : ""),
      "data-testid": "series-bar",
      "data-bucket": d.bucket,
      "data-value": v,
    });
    rect.append(title(`${d.bucket}: ${d.events} events (${fmt(100 * d.share, 1)}% of ${d.total_events}), ${d.mentions} mentions, Goldstein sum ${fmt(d.goldstein_sum, 1)}${d.goldstein_mean === null ? "" : `, mean ${fmt(d.goldstein_mean, 2)}`}`));
    g.append(rect);
    // Thin bars of a long series stay visible with a marker on top.
    if (bw < 4 && v !== 0) g.append(svg("circle", { cx: m.l + i * bw + bw / 2, cy: v > 0 ? top : bottom, r: 3, class: "dot" + (v < 0 ? " neg" : "") }));
  });
  if (lo < 0) g.append(svg("line", { x1: m.l, x2: W - m.r, y1: y(0), y2: y(0), class: "zero" }));
  const every = Math.max(1, Math.ceil(pts.length / 10));
  pts.forEach((d, i) => {
    if (i % every) return;
    const x = m.l + i * bw + bw / 2;
    const text = interval === "month" ? d.bucket.slice(0, 7) : d.bucket;
    g.append(svg("line", { x1: x, x2: x, y1: m.t + ih, y2: m.t + ih + 4, class: "grid" }));
    g.append(svg("text", { x, y: m.t + ih + 18, "text-anchor": "middle" }, text));
  });
  g.append(svg("line", { x1: m.l, x2: W - m.r, y1: m.t + ih, y2: m.t + ih, stroke: "#9ca3af" }));
  root.append(g);
}

// ---------- network ----------

function hue(code) {
  let h = 0;
  for (const c of code.slice(0, 3)) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

function edgeColour(g) {
  if (g <= -1) return "#dc2626";
  if (g >= 1) return "#16a34a";
  return "#9ca3af";
}

function layout(nodes, edges, W, H) {
  // Fruchterman–Reingold, deterministic start on a circle.
  const n = nodes.length;
  const k = Math.sqrt((W * H) / Math.max(n, 1)) * 0.9;
  nodes.forEach((d, i) => {
    const a = (2 * Math.PI * i) / n;
    d.x = W / 2 + (W / 3) * Math.cos(a);
    d.y = H / 2 + (H / 3) * Math.sin(a);
  });
  const idx = new Map(nodes.map((d, i) => [d.code, i]));
  let temp = W / 8;
  for (let it = 0; it < 300; it++) {
    const dx = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        let vx = nodes[i].x - nodes[j].x, vy = nodes[i].y - nodes[j].y;
        const d = Math.max(Math.hypot(vx, vy), 0.01);
        const f = (k * k) / d;
        vx = (vx / d) * f;
        vy = (vy / d) * f;
        dx[i] += vx; dy[i] += vy; dx[j] -= vx; dy[j] -= vy;
      }
    for (const e of edges) {
      const i = idx.get(e.source), j = idx.get(e.target);
      const vx = nodes[i].x - nodes[j].x, vy = nodes[i].y - nodes[j].y;
      const d = Math.max(Math.hypot(vx, vy), 0.01);
      const f = ((d * d) / k) * Math.min(1, 0.3 + Math.log2(1 + e.events) / 4);
      dx[i] -= (vx / d) * f; dy[i] -= (vy / d) * f; dx[j] += (vx / d) * f; dy[j] += (vy / d) * f;
    }
    for (let i = 0; i < n; i++) {
      dx[i] += (W / 2 - nodes[i].x) * 0.02 * k / 10;
      dy[i] += (H / 2 - nodes[i].y) * 0.02 * k / 10;
      const d = Math.max(Math.hypot(dx[i], dy[i]), 0.01);
      nodes[i].x = Math.min(W - 110, Math.max(40, nodes[i].x + (dx[i] / d) * Math.min(d, temp)));
      nodes[i].y = Math.min(H - 30, Math.max(30, nodes[i].y + (dy[i] / d) * Math.min(d, temp)));
    }
    temp *= 0.985;
  }
  // Stretch the result over the whole drawing area (labels need room on the right).
  const xs = nodes.map((d) => d.x), ys = nodes.map((d) => d.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (const d of nodes) {
    d.x = x1 > x0 ? 40 + ((d.x - x0) / (x1 - x0)) * (W - 150) : W / 2;
    d.y = y1 > y0 ? 30 + ((d.y - y0) / (y1 - y0)) * (H - 60) : H / 2;
  }
}

async function loadNetwork() {
  const p = filterParams();
  p.set("max_nodes", $("#n-max").value);
  const net = await api("/api/network", p);
  // The heaviest edges only, so a dense graph stays readable.
  const maxEdges = 3 * net.nodes.length;
  net.edges = net.edges.slice(0, maxEdges);
  const root = $("#network-graph");
  root.replaceChildren();
  const W = 960, H = 600;
  if (!net.nodes.length) {
    root.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "No actors in the filtered events."));
    return;
  }
  layout(net.nodes, net.edges, W, H);
  const defs = svg("defs");
  for (const [id, colour] of [["neg", "#dc2626"], ["mid", "#9ca3af"], ["pos", "#16a34a"]]) {
    defs.append(
      svg("marker", { id: `arrow-${id}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
        svg("path", { d: "M0,0 L10,5 L0,10 z", fill: colour })),
    );
  }
  root.append(defs);
  const maxEv = Math.max(...net.nodes.map((d) => d.events));
  const radius = (d) => 5 + 17 * Math.sqrt(d.events / maxEv);
  const pos = new Map(net.nodes.map((d) => [d.code, d]));
  const edges = svg("g");
  for (const e of net.edges) {
    const a = pos.get(e.source), b = pos.get(e.target);
    const vx = b.x - a.x, vy = b.y - a.y, d = Math.max(Math.hypot(vx, vy), 1);
    const ux = vx / d, uy = vy / d;
    const sx = a.x + ux * radius(a), sy = a.y + uy * radius(a);
    const tx = b.x - ux * (radius(b) + 2), ty = b.y - uy * (radius(b) + 2);
    // Bend each direction to its own side so A→B and B→A stay apart.
    const cx = (sx + tx) / 2 - uy * d * 0.12, cy = (sy + ty) / 2 + ux * d * 0.12;
    const kind = e.goldstein_mean <= -1 ? "neg" : e.goldstein_mean >= 1 ? "pos" : "mid";
    const path = svg("path", {
      d: `M${sx},${sy} Q${cx},${cy} ${tx},${ty}`,
      class: "net-edge",
      stroke: edgeColour(e.goldstein_mean),
      "stroke-width": 0.8 + Math.log2(1 + e.events) * 1.2,
      "marker-end": `url(#arrow-${kind})`,
      "data-testid": "network-edge",
    });
    path.append(title(`${e.source} → ${e.target}: ${e.events} event${e.events === 1 ? "" : "s"}, mean Goldstein ${fmt(e.goldstein_mean, 2)}`));
    edges.append(path);
  }
  root.append(edges);
  const nodes = svg("g");
  for (const d of net.nodes) {
    const g = svg("g", {
      class: "net-node",
      transform: `translate(${d.x},${d.y})`,
      "data-testid": "network-node",
      "data-code": d.code,
      onclick: () => {
        $("#f-actor").value = d.code;
        applyFilters();
        show("events");
      },
    });
    g.append(svg("circle", { r: radius(d), fill: `hsl(${hue(d.code)} 55% 55%)` }, title(`${d.code}${d.country ? " (" + d.country + ")" : ""}: ${d.events} events, ${d.as_source} as source, ${d.as_target} as target`)));
    g.append(svg("text", { x: radius(d) + 3, y: 4 }, d.code));
    nodes.append(g);
  }
  root.append(nodes);
  if (net.total_actors > net.nodes.length) {
    root.append(svg("text", { x: 10, y: H - 10 }, `${net.nodes.length} most active of ${net.total_actors} actors`));
  }
}

// ---------- map ----------

const MAP = { W: 960, H: 470, north: 84, south: -60 };
const px = (lon) => ((lon + 180) / 360) * MAP.W;
const py = (lat) => ((MAP.north - lat) / (MAP.north - MAP.south)) * MAP.H;

function countryPath(geometry) {
  let d = "";
  for (const poly of geometry.coordinates)
    for (const ring of poly) {
      ring.forEach(([lon, lat], i) => {
        d += (i ? "L" : "M") + px(lon).toFixed(1) + "," + py(lat).toFixed(1);
      });
      d += "Z";
    }
  return d;
}

async function loadMap() {
  if (!state.world) {
    const resp = await fetch("/assets/world-110m.json");
    if (!resp.ok) throw new Error("cannot load the world map");
    state.world = await resp.json();
  }
  const p = filterParams();
  p.set("limit", "2000");
  const data = await api("/api/places", p);
  const root = $("#map");
  root.replaceChildren();
  const grat = svg("g", { class: "graticule" });
  for (let lon = -180; lon <= 180; lon += 30) grat.append(svg("line", { x1: px(lon), x2: px(lon), y1: 0, y2: MAP.H }));
  for (let lat = -60; lat <= 80; lat += 20) grat.append(svg("line", { x1: 0, x2: MAP.W, y1: py(lat), y2: py(lat) }));
  root.append(grat);
  const countries = svg("g");
  for (const f of state.world.features) {
    countries.append(svg("path", { d: countryPath(f.geometry), class: "country" }, title(f.properties.name || "")));
  }
  root.append(countries);
  const maxEv = Math.max(1, ...data.places.map((d) => d.events));
  const dots = svg("g");
  for (const d of [...data.places].sort((a, b) => b.events - a.events)) {
    const c = svg("circle", {
      cx: px(d.lon),
      cy: py(d.lat),
      r: 3 + 15 * Math.sqrt(d.events / maxEv),
      class: "place",
      "data-testid": "map-place",
      onclick: () => {
        $("#f-place").value = d.place || d.country || "";
        applyFilters();
        show("events");
      },
    });
    c.append(title(`${d.place || "?"}${d.country ? " (" + d.country + ")" : ""}: ${d.events} event${d.events === 1 ? "" : "s"}`));
    dots.append(c);
  }
  root.append(dots);
  if (!data.places.length) {
    root.append(svg("text", { x: MAP.W / 2, y: MAP.H - 20, "text-anchor": "middle", class: "empty" }, "No located events match."));
  }
}

// ---------- start ----------

async function init() {
  for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => show(b.dataset.view));
  $("#filters").addEventListener("submit", (e) => {
    e.preventDefault();
    applyFilters();
  });
  $("#filters").addEventListener("reset", () => setTimeout(applyFilters, 0));
  $("#series-form").addEventListener("submit", (e) => {
    e.preventDefault();
    refresh("series");
  });
  for (const id of ["#s-interval", "#s-metric", "#s-scale"]) $(id).addEventListener("change", () => refresh("series"));
  $("#n-max").addEventListener("change", () => refresh("network"));
  $("#s-swap").addEventListener("click", () => {
    const s = $("#s-source").value;
    $("#s-source").value = $("#s-target").value;
    $("#s-target").value = s;
    refresh("series");
  });
  $("#events-more").addEventListener("click", () => loadEvents(true).catch((e) => status(e.message)));
  $("#article-close").addEventListener("click", closeArticle);
  $("#article-backdrop").addEventListener("click", closeArticle);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") closeArticle();
  });

  try {
    const [book, stats] = await Promise.all([api("/api/codebook"), api("/api/stats")]);
    for (const c of book.codes) state.codebook.set(c.code, c);
    const roots = $("#f-root");
    for (const c of book.codes) {
      if (c.code.length === 2) roots.append(el("option", { value: c.code, text: `${c.code} ${c.name}` }));
    }
    $("#stats").textContent = `${fmt(stats.events)} events · ${fmt(stats.mentions)} mentions · ${fmt(stats.articles)} articles`;
    api("/api/network", new URLSearchParams({ max_nodes: "100" }))
      .then((net) => {
        const list = $("#actor-codes");
        for (const n of net.nodes) list.append(el("option", { value: n.code }));
      })
      .catch(() => {});
  } catch (e) {
    status(e.message);
  }
  // A link may carry the view and the form fields: #view=series&source=USA&target=VEN&root=17
  const h = new URLSearchParams(location.hash.slice(1));
  for (const form of [$("#filters"), $("#series-form")]) {
    for (const [k, v] of h) if (form.elements[k]) form.elements[k].value = v;
  }
  const start = h.get("view");
  show(["events", "series", "network", "map"].includes(start) ? start : "events");
  document.body.dataset.ready = "1";
}

init();
