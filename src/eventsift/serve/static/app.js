/* eventsift's page: a map, a timeline and each event's sources side by side.
 *
 * Served by `eventsift serve` (data from the HTTP API) or written whole by
 * `eventsift export --format html` (data inlined in #es-data). Everything a
 * report says is put in the page with textContent and DOM calls, never as HTML.
 */
(function () {
  "use strict";

  var config = readJSON("es-config") || {};
  var OFFLINE = config.mode === "offline";
  var MAX_EVENTS = 50000;
  var LIST_LIMIT = 300;
  var DAY = 86400000;

  var TYPES = [
    ["Battles", "t-battles", "#d62728"],
    ["Explosions/Remote violence", "t-explosions", "#ff7f0e"],
    ["Violence against civilians", "t-vac", "#9467bd"],
    ["Protests", "t-protests", "#2ca02c"],
    ["Riots", "t-riots", "#8c564b"],
    ["Strategic developments", "t-strategic", "#1f77b4"]
  ];
  var TYPE_CLASS = {};
  var TYPE_COLOUR = {};
  TYPES.forEach(function (t) { TYPE_CLASS[t[0]] = t[1]; TYPE_COLOUR[t[0]] = t[2]; });
  var GRADES = ["confirmed", "fair", "weak", "contested", "discounted"];
  var FIELD_LABELS = {
    event_type: "type", sub_event_type: "sub-type", date: "date", place: "place", actor1: "actor 1",
    actor2: "actor 2", fatalities: "killed", source: "source", hedge: "hedge"
  };

  var state = {
    events: [], byId: new Map(), markers: new Map(), filtered: [], shown: [],
    brush: null, textIds: null, textQuery: "", selected: null, domain: null, truncated: false
  };
  var offlineData = OFFLINE ? readJSON("es-data") : null;

  // -- small DOM helpers: text only --------------------------------------------------------------

  function readJSON(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function textBox(tag, cls, text) {  // a container of report text: any script, any direction
    var node = el(tag, cls, text);
    node.dir = "auto";
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function safeUrl(url) {
    if (!url) { return null; }
    try {
      var u = new URL(String(url), "http://invalid.invalid/");
      return (u.protocol === "http:" || u.protocol === "https:") && u.host !== "invalid.invalid" ? u.href : null;
    } catch (e) { return null; }
  }

  function typeClass(type) { return TYPE_CLASS[type] || "t-other"; }
  function typeColour(type) { return TYPE_COLOUR[type] || "#7f7f7f"; }
  function dayNumber(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? Math.round(Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY) : null;
  }
  function isoDay(n) { return new Date(n * DAY).toISOString().slice(0, 10); }
  function hasPoint(e) { return typeof e.latitude === "number" && typeof e.longitude === "number"; }
  function place(e) { return [e.location, e.admin1 !== e.location ? e.admin1 : null, e.country].filter(Boolean).join(", "); }

  // -- data --------------------------------------------------------------------------------------

  function getJSON(url) {
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          throw new Error(body.error || ("HTTP " + r.status));
        });
      }
      return r.json();
    });
  }

  function loadEvents() {
    if (OFFLINE) { return Promise.resolve((offlineData && offlineData.events) || []); }
    var all = [];
    function page(cursor) {
      var url = "api/events?limit=500&order=desc" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
      return getJSON(url).then(function (body) {
        Array.prototype.push.apply(all, body.items);
        if (body.next_cursor && all.length < MAX_EVENTS) { return page(body.next_cursor); }
        state.truncated = !!body.next_cursor;
        return all;
      });
    }
    return page(null);
  }

  function loadBasemap() {
    if (OFFLINE) { return Promise.resolve(readJSON("es-basemap")); }
    return getJSON("static/vendor/world-atlas/countries-50m.json").catch(function () { return null; });
  }

  function loadDetail(id) {
    if (!OFFLINE) { return getJSON("api/events/" + encodeURIComponent(id)); }
    var e = state.byId.get(id);
    var claims = (offlineData.claims && offlineData.claims[id]) || [];
    var docs = new Map();
    claims.forEach(function (c) { if (c.document) { docs.set(c.document.id, c.document); } });
    return Promise.resolve(Object.assign({}, e, { claims: claims, documents: Array.from(docs.values()) }));
  }

  // Free text: the API's full-text search when served; words in the inlined reports offline.
  function textMatches(query) {
    var words = (query.toLowerCase().match(/[\p{L}\p{N}_]+/gu) || []);
    if (!words.length) { return Promise.resolve(null); }
    if (OFFLINE) {
      var ids = new Set();
      state.events.forEach(function (e) {
        var hay = e._hay;
        if (hay === undefined) {
          var parts = [e.event_type, e.sub_event_type, e.location, e.admin1, e.country, e.actor1, e.actor2, e.notes]
            .concat(e.sources || []);
          ((offlineData.claims && offlineData.claims[e.id]) || []).forEach(function (c) { parts.push(c.sentence); });
          hay = e._hay = parts.filter(Boolean).join("\n").toLowerCase();
        }
        if (words.every(function (w) { return hay.indexOf(w) >= 0; })) { ids.add(e.id); }
      });
      return Promise.resolve(ids);
    }
    var found = new Set();
    function page(cursor) {
      var url = "api/events?limit=500&q=" + encodeURIComponent(query) + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
      return getJSON(url).then(function (body) {
        body.items.forEach(function (e) { found.add(e.id); });
        if (body.next_cursor && found.size < MAX_EVENTS) { return page(body.next_cursor); }
        return found;
      });
    }
    return page(null);
  }

  // -- map ---------------------------------------------------------------------------------------

  var map = L.map("map", { worldCopyJump: true, zoomControl: true, minZoom: 2, maxZoom: 18 }).setView([34.8, 38.5], 6);
  if (config.tiles) {
    L.tileLayer(config.tiles, { maxZoom: 19, attribution: config.tiles_attribution || "" }).addTo(map);
  }
  var CLUSTER_OFF_AT = 15;  // zoomed in this far, every event has its own marker
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true,
    disableClusteringAtZoom: CLUSTER_OFF_AT });
  map.addLayer(cluster);

  function markerSize(e) { return Math.round(12 + Math.min(26, 4 * Math.sqrt(Math.max(0, e.fatalities_best || 0)))); }

  function tooltipFor(e) {
    var box = el("div", "es-tip");
    box.appendChild(textBox("strong", null, e.event_type + ": " + e.sub_event_type));
    box.appendChild(el("br"));
    box.appendChild(textBox("span", null, e.event_date + " · " + place(e)));
    box.appendChild(el("br"));
    box.appendChild(el("span", null, "killed: " + e.fatalities_best + " · " + e.corroboration));
    return box;
  }

  function makeMarker(e) {
    var size = markerSize(e);
    var marker = L.marker([e.latitude, e.longitude], {
      icon: L.divIcon({ className: "es-marker " + typeClass(e.event_type), iconSize: [size, size] }),
      title: e.event_type + " — " + (e.location || "") + " — " + e.event_date,
      keyboard: true, riseOnHover: true
    });
    marker.eventId = e.id;
    marker.bindTooltip(function () { return tooltipFor(e); }, { direction: "top" });
    marker.on("click", function () { select(e.id, false); });
    marker.on("add", function () {
      var node = marker.getElement();
      if (node) {
        node.setAttribute("data-id", e.id);
        node.classList.toggle("selected", state.selected === e.id);
      }
    });
    return marker;
  }

  function drawBasemap(topology) {
    if (!topology || !window.topojson || !topology.objects || !topology.objects.countries) { return; }
    var land = topojson.feature(topology, topology.objects.countries);
    L.geoJSON(land, {
      interactive: false,
      style: { color: "#7d8793", weight: 0.8, fillColor: "#f3f0ea", fillOpacity: 1 }
    }).addTo(map).bringToBack();
  }

  // -- filters -----------------------------------------------------------------------------------

  var fType = document.getElementById("f-type");
  var fGrade = document.getElementById("f-grade");
  var fActor = document.getElementById("f-actor");
  var fText = document.getElementById("f-text");

  function fillSelect(select, values) {
    values.forEach(function (v) {
      var opt = el("option", null, v);
      opt.value = v;
      select.appendChild(opt);
    });
  }

  function passes(e) {
    if (fType.value && e.event_type !== fType.value) { return false; }
    if (fGrade.value && e.corroboration !== fGrade.value) { return false; }
    var actor = fActor.value.trim().toLowerCase();
    if (actor && ((e.actor1 || "").toLowerCase().indexOf(actor) < 0) &&
        ((e.actor2 || "").toLowerCase().indexOf(actor) < 0)) { return false; }
    if (state.textIds && !state.textIds.has(e.id)) { return false; }
    return true;
  }

  function inBrush(e) {
    if (!state.brush) { return true; }
    var d = dayNumber(e.event_date);
    return d !== null && d >= state.brush[0] && d <= state.brush[1];
  }

  function apply() {
    state.filtered = state.events.filter(passes);
    state.shown = state.filtered.filter(inBrush);
    var layers = [];
    state.shown.forEach(function (e) { var m = state.markers.get(e.id); if (m) { layers.push(m); } });
    cluster.clearLayers();
    cluster.addLayers(layers);
    drawTimeline();
    drawList();
    var total = state.events.length;
    document.getElementById("count").textContent = state.shown.length + " of " + total + " events shown" +
      (state.truncated ? " (the first " + total + " loaded)" : "");
  }

  var textTimer = null;
  function onText() {
    clearTimeout(textTimer);
    textTimer = setTimeout(function () {
      var query = fText.value.trim();
      state.textQuery = query;
      textMatches(query).then(function (ids) {
        if (state.textQuery !== query) { return; }  // a newer query is on its way
        state.textIds = ids;
        apply();
      }).catch(function (err) { showError("search failed: " + err.message); });
    }, 250);
  }

  // -- list --------------------------------------------------------------------------------------

  function drawList() {
    var list = document.getElementById("list");
    clear(list);
    var items = state.shown.slice().sort(function (a, b) {
      return a.event_date < b.event_date ? 1 : a.event_date > b.event_date ? -1 : (a.id < b.id ? -1 : 1);
    });
    items.slice(0, LIST_LIMIT).forEach(function (e) {
      var li = el("li");
      li.tabIndex = 0;
      li.setAttribute("data-id", e.id);
      li.setAttribute("data-date", e.event_date);
      if (state.selected === e.id) { li.className = "active"; }
      var dot = el("span", "dot");
      dot.style.background = typeColour(e.event_type);
      li.appendChild(dot);
      var body = el("div");
      body.appendChild(textBox("div", "what", e.event_type + ": " + e.sub_event_type));
      body.appendChild(textBox("div", "where", place(e) || "place unresolved"));
      body.appendChild(el("div", "when", e.event_date + " · " + e.corroboration));
      li.appendChild(body);
      li.appendChild(el("div", "toll", e.fatalities_best));
      li.addEventListener("click", function () { select(e.id, true); });
      li.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(e.id, true); } });
      list.appendChild(li);
    });
    var more = document.getElementById("list-more");
    more.hidden = items.length <= LIST_LIMIT;
    more.textContent = items.length > LIST_LIMIT ?
      (items.length - LIST_LIMIT) + " more: narrow the filters or the dates to see them" : "";
  }

  // -- the event panel ---------------------------------------------------------------------------

  function locate(field, sentence, sentenceSpan) {
    if (!field || !field.text) { return null; }
    var span = field.span;
    if (span && sentenceSpan && span[0] !== null && sentenceSpan[0] !== null) {
      var a = span[0] - sentenceSpan[0], b = span[1] - sentenceSpan[0];
      if (a >= 0 && b <= sentence.length && a < b && sentence.slice(a, b) === field.text) { return [a, b]; }
    }
    var i = sentence.indexOf(field.text);
    return i >= 0 ? [i, i + field.text.length] : null;
  }

  // The quoted sentence with the words each field was read from marked.
  function highlighted(claim) {
    var sentence = claim.sentence || "";
    var quote = textBox("blockquote", "sentence");
    var fields = claim.fields || {};
    var ranges = [];
    Object.keys(FIELD_LABELS).forEach(function (name) {
      if (name === "hedge") { return; }
      var r = locate(fields[name], sentence, claim.sentence_span);
      if (r) { ranges.push({ a: r[0], b: r[1], names: [name] }); }
    });
    (claim.hedges || []).forEach(function (h) {
      var r = locate(h, sentence, claim.sentence_span);
      if (r) { ranges.push({ a: r[0], b: r[1], names: ["hedge"] }); }
    });
    ranges.sort(function (x, y) { return x.a - y.a || y.b - x.b; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r.a < last.b) {
        last.b = Math.max(last.b, r.b);
        r.names.forEach(function (n) { if (last.names.indexOf(n) < 0) { last.names.push(n); } });
      } else { merged.push({ a: r.a, b: r.b, names: r.names.slice() }); }
    });
    var at = 0;
    merged.forEach(function (r) {
      if (r.a > at) { quote.appendChild(document.createTextNode(sentence.slice(at, r.a))); }
      var mark = el("mark", "hl hl-" + r.names[0], sentence.slice(r.a, r.b));
      mark.title = r.names.map(function (n) { return FIELD_LABELS[n]; }).join(", ");
      quote.appendChild(mark);
      at = r.b;
    });
    if (at < sentence.length) { quote.appendChild(document.createTextNode(sentence.slice(at))); }
    return quote;
  }

  function fieldValue(name, f) {
    var v = f.value;
    if (v === null || v === undefined) { return ""; }
    if (name === "date") { return v.date + (v.low !== v.high ? " (" + v.low + " to " + v.high + ")" : ""); }
    if (name === "place") { return [v.name, v.country].filter(Boolean).join(", "); }
    if (name === "actor1" || name === "actor2") { return v.name; }
    if (name === "fatalities") { return tollText(v); }
    if (name === "source") { return v.label; }
    return typeof v === "object" ? JSON.stringify(v) : String(v);
  }

  function tollText(t) {
    if (!t) { return "no toll stated"; }
    var q = t.qualifier && t.qualifier !== "exact" ? " (" + t.qualifier.replace("_", " ") + ")" : "";
    var range = t.low !== t.high ? " [" + t.low + "–" + t.high + "]" : "";
    return t.best + q + range;
  }

  function claimCard(c) {
    var card = el("article", "claim");
    card.setAttribute("data-claim", c.id);
    card.appendChild(textBox("h3", "source", (c.attribution && c.attribution.label) || c.source_label || c.doc_id));
    var d = c.document || {};
    var doc = textBox("p", "doc");
    var href = safeUrl(d.url);
    var name = [d.outlet, d.title].filter(Boolean).join(" · ") || d.id;
    if (href) {
      var a = el("a", null, name);
      a.href = href;
      a.rel = "noopener noreferrer nofollow";
      a.target = "_blank";
      doc.appendChild(a);
    } else {
      doc.appendChild(document.createTextNode(name));
    }
    if (d.published) { doc.appendChild(document.createTextNode(" · " + String(d.published).slice(0, 10))); }
    card.appendChild(doc);
    var f = c.fields && c.fields.fatalities;
    card.appendChild(el("p", "stated", "Killed, as this source says: " + (f && f.value ? tollText(f.value) : "no toll stated")));
    if (c.hedges && c.hedges.length) {
      card.appendChild(textBox("p", "hedges", "Hedged: " + c.hedges.map(function (h) { return h.text; }).join("; ")));
    }
    card.appendChild(highlighted(c));
    var dl = el("dl");
    Object.keys(FIELD_LABELS).forEach(function (name) {
      var fld = c.fields && c.fields[name];
      if (!fld || name === "hedge") { return; }
      dl.appendChild(el("dt", null, FIELD_LABELS[name]));
      var dd = textBox("dd", null, fieldValue(name, fld));
      if (fld.text) {
        dd.appendChild(el("span", "muted", " — “" + fld.text + "”"));
      }
      dd.title = fld.extractor + ", confidence " + fld.confidence;
      dl.appendChild(dd);
    });
    card.appendChild(dl);
    return card;
  }

  function showDetail(e) {
    var body = document.getElementById("panel-body");
    clear(body);
    body.setAttribute("data-id", e.id);
    var title = textBox("h2", null, e.event_type + ": " + e.sub_event_type);
    body.appendChild(title);
    body.appendChild(textBox("p", "meta", e.event_date + " · " + (place(e) || "place unresolved")));
    var figs = el("div", "figures");
    figs.appendChild(el("span", "toll", "Killed: " + e.fatalities_best + " (low " + e.fatalities_low +
      ", high " + e.fatalities_high + ")"));
    var grade = el("span", "grade g-" + (GRADES.indexOf(e.corroboration) >= 0 ? e.corroboration : "other"), e.corroboration);
    figs.appendChild(grade);
    body.appendChild(figs);
    if (e.corroboration_reason) { body.appendChild(textBox("p", "why", "Why: " + e.corroboration_reason)); }
    var actors = [e.actor1, e.actor2].filter(Boolean).join(" — ");
    if (actors) { body.appendChild(textBox("p", "actors", actors)); }
    if (e.notes) { body.appendChild(textBox("p", "notes", e.notes)); }
    body.appendChild(el("h3", null, (e.claims || []).length + " source" + ((e.claims || []).length === 1 ? "" : "s")));
    var grid = el("div", "sources");
    (e.claims || []).forEach(function (c) { grid.appendChild(claimCard(c)); });
    body.appendChild(grid);
    document.getElementById("list-view").hidden = true;
    document.getElementById("panel").hidden = false;
    document.getElementById("side").scrollTop = 0;
  }

  function select(id, pan) {
    var prev = state.markers.get(state.selected);
    if (prev && prev.getElement()) { prev.getElement().classList.remove("selected"); }
    state.selected = id;
    var m = state.markers.get(id);
    if (m) {
      if (pan) { cluster.zoomToShowLayer(m, function () {}); }
      if (m.getElement()) { m.getElement().classList.add("selected"); }
    }
    return loadDetail(id).then(showDetail).catch(function (err) { showError("cannot load the event: " + err.message); });
  }

  function closePanel() {
    document.getElementById("panel").hidden = true;
    document.getElementById("list-view").hidden = false;
    drawList();
  }

  function showError(message) {
    document.getElementById("count").textContent = message;
  }

  // -- timeline with a brush ---------------------------------------------------------------------

  var SVG = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("timeline");
  var PAD = { left: 8, right: 8, top: 6, bottom: 16 };

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function geometry() {
    var width = svg.clientWidth || 800, height = svg.clientHeight || 84;
    var d = state.domain;
    var span = d ? Math.max(1, d[1] - d[0] + 1) : 1;
    return {
      width: width, height: height, span: span,
      x: function (day) { return PAD.left + (day - d[0]) / span * (width - PAD.left - PAD.right); },
      day: function (x) {
        var f = (x - PAD.left) / (width - PAD.left - PAD.right);
        return Math.min(d[1], Math.max(d[0], d[0] + Math.floor(f * span)));
      }
    };
  }

  function drawTimeline() {
    clear(svg);
    if (!state.domain) { return; }
    var g = geometry();
    svg.setAttribute("viewBox", "0 0 " + g.width + " " + g.height);
    var plotW = g.width - PAD.left - PAD.right;
    var bin = Math.max(1, Math.ceil(g.span / Math.max(1, plotW / 2)));  // days a bar stands for
    var counts = new Map();
    state.filtered.forEach(function (e) {
      var d = dayNumber(e.event_date);
      if (d === null) { return; }
      var k = state.domain[0] + Math.floor((d - state.domain[0]) / bin) * bin;
      counts.set(k, (counts.get(k) || 0) + 1);
    });
    var max = 1;
    counts.forEach(function (n) { if (n > max) { max = n; } });
    var plotH = g.height - PAD.top - PAD.bottom;
    var slot = plotW / g.span * bin;
    var barW = Math.max(1, Math.min(slot - 1, 24));
    counts.forEach(function (n, day) {
      var h = Math.max(1, n / max * plotH);
      var rect = svgEl("rect", { "class": "bar", x: g.x(day) + (slot - barW) / 2, y: PAD.top + plotH - h,
        width: barW, height: h });
      var tip = svgEl("title");
      tip.textContent = isoDay(day) + (bin > 1 ? " (+" + (bin - 1) + " days)" : "") + ": " + n;
      rect.appendChild(tip);
      svg.appendChild(rect);
    });
    var ticks = Math.min(6, g.span);
    for (var i = 0; i < ticks; i++) {
      var day = state.domain[0] + Math.round(i * (g.span - 1) / Math.max(1, ticks - 1));
      var label = svgEl("text", { "class": "axis", x: g.x(day), y: g.height - 3,
        "text-anchor": i === 0 ? "start" : i === ticks - 1 ? "end" : "middle" });
      label.textContent = isoDay(day);
      svg.appendChild(label);
    }
    if (state.brush) {
      var x0 = g.x(state.brush[0]), x1 = g.x(state.brush[1] + 1);
      svg.appendChild(svgEl("rect", { "class": "brush", x: x0, y: PAD.top - 2, width: Math.max(2, x1 - x0),
        height: plotH + 4 }));
    }
    var label2 = document.getElementById("brush-label");
    label2.textContent = state.brush ? isoDay(state.brush[0]) + " to " + isoDay(state.brush[1]) : "";
    document.getElementById("brush-clear").hidden = !state.brush;
  }

  function setBrush(from, to) {
    state.brush = from === null ? null : [Math.min(from, to), Math.max(from, to)];
    apply();
  }

  (function brushing() {
    var start = null, live = null;
    function localX(ev) { var r = svg.getBoundingClientRect(); return (ev.clientX - r.left) * (geometry().width / r.width); }
    svg.addEventListener("pointerdown", function (ev) {
      if (!state.domain) { return; }
      start = localX(ev);
      live = null;
      if (svg.setPointerCapture) { try { svg.setPointerCapture(ev.pointerId); } catch (e) { /* synthetic */ } }
      ev.preventDefault();
    });
    svg.addEventListener("pointermove", function (ev) {
      if (start === null) { return; }
      var x = localX(ev);
      if (Math.abs(x - start) < 3) { return; }
      var g = geometry();
      live = [g.day(Math.min(start, x)), g.day(Math.max(start, x))];
      var old = svg.querySelector(".brush");
      if (old) { old.parentNode.removeChild(old); }
      var x0 = g.x(live[0]), x1 = g.x(live[1] + 1);
      svg.appendChild(svgEl("rect", { "class": "brush", x: x0, y: PAD.top - 2, width: Math.max(2, x1 - x0),
        height: g.height - PAD.top - PAD.bottom + 4 }));
    });
    function end() {
      if (start === null) { return; }
      start = null;
      if (live) { setBrush(live[0], live[1]); } else { setBrush(null, null); }
      live = null;
    }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
  })();

  function drawLegend() {
    var legend = document.getElementById("legend");
    TYPES.forEach(function (t) {
      var item = el("span", null, t[0]);
      item.style.setProperty("--c", t[2]);
      legend.appendChild(item);
    });
    legend.appendChild(el("span", "muted", "· size: killed (best figure)"));
  }

  // -- start -------------------------------------------------------------------------------------

  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.getElementById("brush-clear").addEventListener("click", function () { setBrush(null, null); });
  fType.addEventListener("change", apply);
  fGrade.addEventListener("change", apply);
  fActor.addEventListener("input", apply);
  fText.addEventListener("input", onText);
  document.getElementById("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  document.getElementById("f-clear").addEventListener("click", function () {
    fType.value = ""; fGrade.value = ""; fActor.value = ""; fText.value = "";
    state.textIds = null; state.textQuery = "";
    apply();
  });
  window.addEventListener("resize", drawTimeline);
  drawLegend();

  var ready = Promise.all([loadEvents(), loadBasemap()]).then(function (loaded) {
    drawBasemap(loaded[1]);
    var events = loaded[0];
    state.events = events;
    var lo = null, hi = null, types = new Set(), grades = new Set(), points = [];
    events.forEach(function (e) {
      state.byId.set(e.id, e);
      types.add(e.event_type);
      grades.add(e.corroboration);
      var d = dayNumber(e.event_date);
      if (d !== null) { lo = lo === null ? d : Math.min(lo, d); hi = hi === null ? d : Math.max(hi, d); }
      if (hasPoint(e)) {
        state.markers.set(e.id, makeMarker(e));
        points.push([e.latitude, e.longitude]);
      }
    });
    state.domain = lo === null ? null : [lo, hi];
    fillSelect(fType, Array.from(types).sort());
    fillSelect(fGrade, GRADES.filter(function (g) { return grades.has(g); }));
    apply();
    if (points.length) { map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 11, animate: false }); }
    document.body.setAttribute("data-ready", "1");
  }).catch(function (err) {
    showError("cannot load events: " + err.message);
    document.body.setAttribute("data-ready", "error");
  });

  // For tests and the curious: read-only views of what the page shows.
  window.eventsift = {
    ready: ready,
    markerCount: function () { return cluster.getLayers().length; },
    shownIds: function () { return state.shown.map(function (e) { return e.id; }); },
    showMarker: function (id) {  // zoom in until the event's own marker is on the map, on top
      var m = state.markers.get(id);
      if (!m) { return Promise.resolve(false); }
      m.setZIndexOffset(10000);
      map.setView(m.getLatLng(), CLUSTER_OFF_AT + 1, { animate: false });
      return new Promise(function (resolve) {
        var tries = 0;
        (function wait() {
          if (m.getElement() || tries++ > 100) { resolve(!!m.getElement()); } else { setTimeout(wait, 20); }
        })();
      });
    },
    select: function (id) { return select(id, true); },
    brush: function (from, to) { setBrush(from === null ? null : dayNumber(from), to === null ? null : dayNumber(to)); }
  };
})();
