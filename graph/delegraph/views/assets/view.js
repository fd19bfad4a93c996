/* delegraph view: scenes laid out in Python, drawn with vis-network (physics off), plus
   search, filters, a detail panel and a timeline. Every text from the data goes into the
   page as text (textContent, SVG text, canvas fillText), never as markup; only http(s)
   URLs become links. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("dg-data").textContent);
  var FIXED = { US: "#1f5fbf", CN: "#d62728" };
  var PALETTE = ["#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#bcbd22"];
  var GREY = "#bdbdbd", MEETING = "#f2c12e", MAX_COLOURED = 6, LIST_MAX = 200, BUSIEST = 8;
  var KIND_COLOUR = { meeting: "#f2c12e", call: "#6baed6", visit: "#74c476" };
  var KIND_PLURAL = { official: "officials", agency: "agencies", meeting: "meetings" };
  var SHAPES = { meeting: "diamond", official: "dot", agency: "square", country: "dot" };
  var meetings = D.meetings, entities = D.entities;
  var api = (window.delegraph = { labels: [] });

  // --- small DOM helpers: text is always text -----------------------------------------
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "class") node.className = props[k];
      else if (k === "onclick") node.addEventListener("click", props[k]);
      else node[k] = props[k];
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function safeHref(url) {
    try {
      var u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }
  function link(url, text) {
    var href = url ? safeHref(url) : null;
    if (!href) return el("span", { class: "dg-url" }, [text || url || ""]);
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, [text || url]);
  }
  function button(text, onclick, cls) {
    return el("button", { type: "button", class: cls || "", onclick: onclick }, [text]);
  }
  function norm(s) { return String(s).toLowerCase().replace(/\s+/g, " ").trim(); }
  function countryName(c) { return (D.countries && D.countries[c]) || c; }
  function plural(n, word) { return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s"); }

  // --- what each node reference means ---------------------------------------------------
  var attendOfEntity = {}, attendOfMeeting = {}, actedFor = {};
  D.attend.forEach(function (a) {
    (attendOfEntity[a.e] = attendOfEntity[a.e] || []).push(a);
    (attendOfMeeting[a.m] = attendOfMeeting[a.m] || []).push(a);
    if (a.agency) (actedFor[a.agency] = actedFor[a.agency] || []).push(a);
  });
  function entityOf(ref) { return entities[+ref.slice(1)]; }
  function meetingOf(ref) { return meetings[+ref.slice(1)]; }
  function topOf(ref) {
    var seen = {}, cur = ref;
    while (entityOf(cur).parent && !seen[cur]) { seen[cur] = 1; cur = entityOf(cur).parent; }
    return cur;
  }
  // the meetings behind a node: its own, those of officials acting for it, of agencies below it
  var meetingsOf = {};
  function note(ref, m) { (meetingsOf[ref] = meetingsOf[ref] || {})[m] = true; }
  D.attend.forEach(function (a) {
    note(a.e, a.m);
    var agency = entityOf(a.e).kind === "agency" ? a.e : a.agency;
    if (agency) { note(agency, a.m); note(topOf(agency), a.m); }
  });
  meetings.forEach(function (m, i) {
    m.countries.forEach(function (c) { note("c" + c, "m" + i); });
  });
  function shortMeeting(m) {
    var series = m.mech >= 0 ? D.mechanisms[m.mech] : m.kind;
    series = series.replace(/\s*\(.*\)$/, "");
    if (series.length > 34) series = series.slice(0, 33) + "…";
    return (m.date || "undated") + " " + series;
  }
  function info(ref) {
    if (ref[0] === "m") {
      var m = meetingOf(ref);
      return { kind: "meeting", label: shortMeeting(m), full: m.label, country: "" };
    }
    if (ref[0] === "c") {
      var c = ref.slice(1);
      return { kind: "country", label: countryName(c), full: countryName(c), country: c };
    }
    var e = entityOf(ref);
    var label = e.label.length > 40 ? e.label.slice(0, 39) + "…" : e.label;
    return { kind: e.kind, label: label, full: e.label, country: e.country };
  }

  // --- the network -----------------------------------------------------------------------
  var state = {
    scene: null, tab: "network", selected: null, rows: "mech",
    f: { country: "", from: "", to: "", mech: "", topic: "",
         kinds: { official: true, agency: true, meeting: true, country: true } },
  };
  var visible = {};
  var nodesDS = new vis.DataSet(), edgesDS = new vis.DataSet();
  var nodeView = new vis.DataView(nodesDS, { filter: function (n) { return visible[n.id]; } });
  var edgeView = new vis.DataView(edgesDS, {
    filter: function (e) { return visible[e.from] && visible[e.to]; },
  });
  var network = new vis.Network(document.getElementById("dg-network"),
    { nodes: nodeView, edges: edgeView }, {
      physics: { enabled: false },
      layout: { improvedLayout: false },
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true },
      nodes: { borderWidth: 1, font: { size: 0 } },
      edges: { smooth: false, color: { color: "#cfcfcf", highlight: "#555", hover: "#888" } },
    });
  api.network = network;
  var sceneInfo = {};  // ref -> {label, weight, kind}
  var colours = {};

  function pickColours(scene) {
    var weight = {};
    scene.nodes.forEach(function (n) {
      var c = info(n[0]).country;
      if (c) weight[c] = (weight[c] || 0) + Math.max(1, n[3]);
    });
    var top = Object.keys(weight).sort(function (a, b) {
      return weight[b] - weight[a] || (a < b ? -1 : 1);
    }).slice(0, MAX_COLOURED);
    var used = {}, out = {}, i = 0;
    top.forEach(function (c) { if (FIXED[c]) { out[c] = FIXED[c]; used[FIXED[c]] = 1; } });
    top.forEach(function (c) {
      if (out[c]) return;
      while (used[PALETTE[i]]) i++;
      out[c] = PALETTE[i++ % PALETTE.length];
    });
    return { colours: out, others: Object.keys(weight).length > top.length };
  }
  function nodeSize(kind, w) {
    var s = (kind === "meeting" ? 6 : 5) + 2.6 * Math.sqrt(Math.max(0, w));
    return Math.min(s, kind === "country" ? 50 : 32);
  }

  function showScene(key) {
    var scene = D.scenes[key];
    if (!scene) return;
    state.scene = key;
    var picked = pickColours(scene);
    colours = picked.colours;
    sceneInfo = {};
    var seen = {};  // a name drawn twice ("Ministry of Foreign Affairs") says its country
    scene.nodes.forEach(function (n) { var l = info(n[0]).label; seen[l] = (seen[l] || 0) + 1; });
    var nodes = scene.nodes.map(function (n) {
      var i = info(n[0]);
      var label = seen[i.label] > 1 && i.country ? i.label + " (" + i.country + ")" : i.label;
      sceneInfo[n[0]] = { label: label, weight: n[3], kind: i.kind };
      var colour = i.kind === "meeting" ? MEETING : colours[i.country] || GREY;
      // a string title: vis-network shows it as text, never as markup
      var tip = i.full + "\n" + i.kind + (i.country ? ", " + countryName(i.country) : "") + " · " +
        (i.kind === "meeting" ? plural(n[3], "participant") : plural(n[3], "meeting")) + " · click for details";
      return { id: n[0], x: n[1], y: n[2], size: nodeSize(i.kind, n[3]), shape: SHAPES[i.kind],
               title: tip, color: { background: colour, border: "#555",
                                    highlight: { background: colour, border: "#000" } } };
    });
    var edges = scene.edges.map(function (e, i) {
      var kind = e[3], w = e[2];
      return { id: "x" + i, from: scene.nodes[e[0]][0], to: scene.nodes[e[1]][0], w: w, kind: kind,
               width: Math.min(1 + Math.log2(w), 8),
               dashes: kind === "acted_for" ? [4, 4] : kind === "part_of" ? [2, 4] : false,
               arrows: kind === "part_of" ? "to" : undefined };
    });
    api.order = scene.nodes.slice().sort(function (a, b) { return b[3] - a[3]; })
      .map(function (n) { return n[0]; });
    nodesDS.clear(); edgesDS.clear();
    visible = {};
    scene.nodes.forEach(function (n) { visible[n[0]] = true; });
    nodesDS.add(nodes); edgesDS.add(edges);
    fillFilters(scene);
    applyFilters();
    network.fit({ animation: false });
    renderCrumbs(); renderLegend(picked.others);
    document.getElementById("dg-note").textContent = scene.note || "";
  }
  api.showScene = showScene;

  // --- labels: drawn by us, biggest first, none overlapping -----------------------------
  var widths = {};
  function drawLabels(ctx) {
    var ids = nodeView.getIds(), pos = network.getPositions(ids), scale = network.getScale();
    var canvas = network.canvas.frame.canvas, ratio = network.canvas.pixelRatio || 1;
    var W = canvas.width / ratio, H = canvas.height / ratio, placed = [], grid = {}, CELL = 80;
    var order = api.order.filter(function (id) { return visible[id]; });
    if (state.selected && visible[state.selected]) order.unshift(state.selected);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.lineJoin = "round";
    var done = {};
    function occupy(box) {
      for (var gx = Math.floor(box.x / CELL); gx <= Math.floor((box.x + box.w) / CELL); gx++)
        for (var gy = Math.floor(box.y / CELL); gy <= Math.floor((box.y + box.h) / CELL); gy++)
          (grid[gx + ":" + gy] = grid[gx + ":" + gy] || []).push(box);
    }
    // the nodes are obstacles too: a label covers no node, except that the selected one's
    // and the BUSIEST ones may cover nodes a third as heavy when there is no free spot
    order.forEach(function (id) {
      if (!pos[id]) return;
      var p = network.canvasToDOM(pos[id]), r = nodeSize(sceneInfo[id].kind, sceneInfo[id].weight) * scale;
      occupy({ id: id, node: true, weight: sceneInfo[id].weight, x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r });
    });
    function collides(box, lighterThan) {
      for (var gx = Math.floor(box.x / CELL); gx <= Math.floor((box.x + box.w) / CELL); gx++)
        for (var gy = Math.floor(box.y / CELL); gy <= Math.floor((box.y + box.h) / CELL); gy++) {
          var cell = grid[gx + ":" + gy] || [];
          for (var i = 0; i < cell.length; i++) {
            var o = cell[i];
            if (o.node && (o.id === box.id || o.weight < lighterThan)) continue;
            if (o.x < box.x + box.w && box.x < o.x + o.w && o.y < box.y + box.h && box.y < o.y + o.h) return true;
          }
        }
      return false;
    }
    var placedNodes = 0;
    order.forEach(function (id) {
      if (done[id] || !pos[id]) return;
      done[id] = 1;
      var si = sceneInfo[id];
      var px = Math.round(Math.min(17, 11 + 1.3 * Math.log2(1 + si.weight)));
      var font = px + "px system-ui, 'DejaVu Sans', sans-serif";
      ctx.font = font;
      var key = font + "|" + si.label;
      var w = widths[key] || (widths[key] = ctx.measureText(si.label).width);
      var p = network.canvasToDOM(pos[id]);
      var r = nodeSize(si.kind, si.weight) * scale;
      var bw = w + 4, bh = px + 3, rank = placedNodes++;
      // below, above, right, left of the node; the busiest few may also cover smaller nodes
      var spots = [[p.x - bw / 2, p.y + r + 1], [p.x - bw / 2, p.y - r - bh - 1],
                   [p.x + r + 2, p.y - bh / 2], [p.x - r - bw - 2, p.y - bh / 2]];
      var box = null;
      for (var tries = 0; tries < 2 && !box; tries++) {
        if (tries === 1 && rank >= BUSIEST) break;
        for (var s2 = 0; s2 < spots.length && !box; s2++) {
          var b = { id: id, text: si.label, x: spots[s2][0], y: spots[s2][1], w: bw, h: bh };
          if (b.x >= 0 && b.y >= 0 && b.x + b.w <= W && b.y + b.h <= H &&
              !collides(b, tries === 0 ? -Infinity : id === state.selected ? Infinity : si.weight / 3)) box = b;
        }
      }
      if (!box) return;
      occupy(box);
      placed.push(box);
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(si.label, box.x + box.w / 2, box.y + 1);
      ctx.fillStyle = id === state.selected ? "#000" : "#222";
      ctx.fillText(si.label, box.x + box.w / 2, box.y + 1);
    });
    ctx.restore();
    api.labels = placed;
  }
  // in a big scene, labels wait until a zoom or drag stops (placing them takes ~0.1 s)
  var moving = false, settle = null;
  function busy() {
    if (nodeView.length <= 500) return;
    moving = true;
    clearTimeout(settle);
    settle = setTimeout(function () { moving = false; network.redraw(); }, 150);
  }
  network.on("zoom", busy);
  network.on("dragging", busy);
  network.on("afterDrawing", function (ctx) { if (!moving) drawLabels(ctx); else api.labels = []; });

  // --- filters ------------------------------------------------------------------------
  var side = document.getElementById("dg-side");
  var search = el("input", { type: "search", id: "dg-search", placeholder: "Name, alias or acronym",
                             autocomplete: "off" });
  var suggest = el("ul", { id: "dg-suggest" });
  var fCountry = el("select", { id: "dg-f-country" });
  var fMech = el("select", { id: "dg-f-mech" });
  var fTopic = el("select", { id: "dg-f-topic" });
  var fFrom = el("input", { type: "date", id: "dg-f-from" });
  var fTo = el("input", { type: "date", id: "dg-f-to" });
  var kindBoxes = el("div", { class: "dg-kinds" });
  ["official", "agency", "meeting"].forEach(function (k) {
    var box = el("input", { type: "checkbox", checked: true, id: "dg-k-" + k });
    box.addEventListener("change", function () { state.f.kinds[k] = box.checked; applyFilters(); });
    kindBoxes.appendChild(el("label", {}, [box, " " + KIND_PLURAL[k]]));
  });
  var legend = el("div", { class: "dg-legend", id: "dg-legend" });
  var status = el("div", { class: "dg-status", id: "dg-status" });
  side.appendChild(el("h3", {}, ["Find"]));
  side.appendChild(el("label", {}, [search]));
  side.appendChild(suggest);
  side.appendChild(el("h3", {}, ["Filter"]));
  side.appendChild(el("label", {}, ["Country", fCountry]));
  side.appendChild(el("label", {}, ["Mechanism", fMech]));
  side.appendChild(el("label", {}, ["Topic", fTopic]));
  side.appendChild(el("label", {}, ["From", fFrom]));
  side.appendChild(el("label", {}, ["To", fTo]));
  side.appendChild(kindBoxes);
  side.appendChild(button("Clear filters", function () { resetFilters(); applyFilters(); }));
  side.appendChild(status);
  side.appendChild(el("h3", {}, ["Key"]));
  side.appendChild(legend);

  function options(select, items, current) {
    clear(select);
    items.forEach(function (it) {
      var o = el("option", { value: it[0] }, [it[1]]);
      if (it[0] === current) o.selected = true;
      select.appendChild(o);
    });
  }
  function fillFilters(scene) {
    var countries = {}, mechs = {}, topics = {}, lo = "", hi = "";
    scene.meetings.forEach(function (ref) {
      var m = meetingOf(ref);
      m.countries.forEach(function (c) { countries[c] = (countries[c] || 0) + 1; });
      if (m.mech >= 0) mechs[m.mech] = (mechs[m.mech] || 0) + 1;
      m.topics.forEach(function (t) { topics[t] = (topics[t] || 0) + 1; });
      if (m.date && (!lo || m.date < lo)) lo = m.date;
      if (m.date && (!hi || m.date > hi)) hi = m.date;
    });
    function byCount(obj) {
      return Object.keys(obj).sort(function (a, b) { return obj[b] - obj[a] || (a < b ? -1 : 1); });
    }
    options(fCountry, [["", "any country"]].concat(byCount(countries).map(function (c) {
      return [c, countryName(c) + " (" + countries[c] + ")"];
    })), state.f.country);
    options(fMech, [["", "any mechanism"]].concat(byCount(mechs).map(function (k) {
      return [String(k), D.mechanisms[k] + " (" + mechs[k] + ")"];
    })), state.f.mech);
    options(fTopic, [["", "any topic"]].concat(byCount(topics).map(function (t) {
      return [t, t + " (" + topics[t] + ")"];
    })), state.f.topic);
    [fFrom, fTo].forEach(function (input) { input.min = lo; input.max = hi; });
  }
  function resetFilters() {
    state.f.country = state.f.mech = state.f.topic = state.f.from = state.f.to = "";
    fCountry.value = fMech.value = fTopic.value = fFrom.value = fTo.value = "";
    ["official", "agency", "meeting"].forEach(function (k) {
      state.f.kinds[k] = true; document.getElementById("dg-k-" + k).checked = true;
    });
  }
  [[fCountry, "country"], [fMech, "mech"], [fTopic, "topic"], [fFrom, "from"], [fTo, "to"]]
    .forEach(function (pair) {
      pair[0].addEventListener("change", function () {
        state.f[pair[1]] = pair[0].value; applyFilters();
      });
    });

  function meetingPasses(ref) {
    var m = meetingOf(ref), f = state.f;
    if ((f.from || f.to) && !m.date) return false;
    if (f.from && m.date < f.from) return false;
    if (f.to && m.date > f.to) return false;
    if (f.mech !== "" && String(m.mech) !== f.mech) return false;
    if (f.topic && m.topics.indexOf(f.topic) < 0) return false;
    if (f.country && m.countries.indexOf(f.country) < 0) return false;
    return true;
  }
  function applyFilters() {
    var scene = D.scenes[state.scene], passing = {}, f = state.f, shown = 0;
    scene.meetings.forEach(function (ref) { if (meetingPasses(ref)) passing[ref] = true; });
    scene.nodes.forEach(function (n) {
      var ref = n[0], i = info(ref), ok;
      if (i.kind === "meeting") ok = f.kinds.meeting && passing[ref];
      else {
        ok = f.kinds[i.kind] !== false && Object.keys(meetingsOf[ref] || {}).some(function (m) {
          return passing[m];
        });
        if (ok && f.country && i.kind !== "country" && i.country !== f.country) ok = false;
      }
      visible[ref] = !!ok;
      if (ok) shown++;
    });
    nodeView.refresh(); edgeView.refresh();
    state.passing = passing;
    status.textContent = "Showing " + shown.toLocaleString("en") + " of " +
      plural(scene.nodes.length, "node") + ", " +
      plural(Object.keys(passing).length, "meeting") + ".";
    if (state.tab === "timeline") renderTimeline();
    network.redraw();
  }
  api.visibleNodes = function () { return nodeView.getIds(); };
  api.applyFilters = applyFilters;

  function renderLegend(others) {
    clear(legend);
    Object.keys(colours).forEach(function (c) {
      legend.appendChild(el("div", {}, [
        el("i", { style: "background:" + colours[c] }), countryName(c) + " (" + c + ")"]));
    });
    if (others) legend.appendChild(el("div", {}, [
      el("i", { style: "background:" + GREY }), "other countries"]));
    var kind = D.scenes[state.scene].kind;
    var shapes = kind === "countries" ? "● country · line: meetings together (width: how many)"
      : kind === "rollup" ? "■ agency (rolled up) · line: meetings shared (width: how many)"
      : "◆ meeting · ● official · ■ agency · dashed: acted for · dotted: part of";
    if (kind === "detail") legend.appendChild(el("div", {}, [
      el("i", { style: "background:" + MEETING }), "meeting"]));
    legend.appendChild(el("div", { class: "dg-sub" }, [shapes]));
    legend.appendChild(el("div", { class: "dg-sub" }, ["size: meetings taken part in"]));
  }

  // --- where we are, and how to get elsewhere -------------------------------------------
  function renderCrumbs() {
    var nav = clear(document.getElementById("dg-crumbs"));
    ["countries", "all"].forEach(function (key) {
      if (!D.scenes[key]) return;
      var b = button(D.scenes[key].title, function () { showScene(key); });
      if (key === state.scene) b.disabled = true;
      nav.appendChild(b);
    });
    if (["countries", "all"].indexOf(state.scene) < 0) {
      nav.appendChild(el("span", {}, ["› "]));
      nav.appendChild(el("b", {}, [D.scenes[state.scene].title]));
    }
  }
  function sceneButton(key, text) {
    return D.scenes[key] && key !== state.scene
      ? button(text, function () { showScene(key); }) : null;
  }

  // --- search over labels, aliases and acronyms ------------------------------------------
  var index = [];
  entities.forEach(function (e, i) {
    if (!attendOfEntity["e" + i] && !actedFor["e" + i]) return;
    index.push({ ref: "e" + i, names: [e.label].concat(e.names), label: e.label,
                 sub: e.kind + (e.country ? ", " + e.country : ""),
                 weight: Object.keys(meetingsOf["e" + i] || {}).length });
  });
  meetings.forEach(function (m, i) {
    index.push({ ref: "m" + i, names: [m.label], label: m.label, sub: "meeting, " + (m.date || "undated"),
                 weight: 0 });
  });
  D.mechanisms.forEach(function (k, i) {
    index.push({ ref: "k" + i, names: [k], label: k, sub: "mechanism", weight: 0 });
  });
  Object.keys(D.countries).forEach(function (c) {
    index.push({ ref: "c" + c, names: [c, countryName(c)], label: countryName(c), sub: "country",
                 weight: Object.keys(meetingsOf["c" + c] || {}).length });
  });
  index.forEach(function (it) { it.norms = it.names.map(norm); });
  function find(q) {
    q = norm(q);
    if (!q) return [];
    var hits = [];
    index.forEach(function (it) {
      var best = 9;
      it.norms.forEach(function (n) {
        var s = n === q ? 0 : n.indexOf(q) === 0 ? 1 : n.indexOf(" " + q) >= 0 ? 2 : n.indexOf(q) >= 0 ? 3 : 9;
        if (s < best) best = s;
      });
      if (best < 9) hits.push([best, -it.weight, it.label, it]);
    });
    hits.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
    });
    return hits.slice(0, 12).map(function (h) { return h[3]; });
  }
  api.find = function (q) { return find(q).map(function (it) { return { ref: it.ref, label: it.label }; }); };
  function renderSuggestions() {
    clear(suggest);
    find(search.value).forEach(function (it) {
      var also = it.names.filter(function (n) { return n !== it.label; }).slice(0, 3).join(", ");
      suggest.appendChild(el("li", {}, [button("", function () {
        clear(suggest); search.value = it.label; select(it.ref);
      })]));
      var b = suggest.lastChild.firstChild;
      b.appendChild(el("span", {}, [it.label]));
      b.appendChild(el("span", { class: "dg-sub" }, [" — " + it.sub + (also ? " · " + also : "")]));
    });
  }
  search.addEventListener("input", renderSuggestions);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var first = find(search.value)[0];
      if (first) { clear(suggest); search.value = first.label; select(first.ref); }
    }
  });

  // --- the detail panel ------------------------------------------------------------------
  var panel = document.getElementById("dg-detail");
  function select(ref, keepView) {
    state.selected = ref;
    if (sceneInfo[ref] && visible[ref]) {
      network.selectNodes([ref]);
      if (!keepView) network.focus(ref, { scale: Math.max(network.getScale(), 1.1), animation: false });
    } else network.unselectAll();
    if (ref[0] === "m") showMeeting(ref);
    else if (ref[0] === "e") showEntity(ref);
    else if (ref[0] === "c") showCountry(ref.slice(1));
    else if (ref[0] === "k") showMechanism(+ref.slice(1));
    if (state.tab === "timeline") renderTimeline();
    network.redraw();
  }
  api.select = select;
  function head(title, sub) {
    clear(panel);
    shownTexts = {};
    panel.appendChild(el("h2", {}, [title]));
    if (sub) panel.appendChild(el("div", { class: "dg-sub" }, [sub]));
  }
  function notDrawn(ref) {
    if (sceneInfo[ref] && visible[ref]) return;
    var why = sceneInfo[ref] ? "Hidden by the filters." : "Not drawn in this view.";
    panel.appendChild(el("p", { class: "dg-hint" }, [why]));
    if (sceneInfo[ref]) return;
    // offer a scene that draws it: its meeting's country pair, or its country
    var where = [];
    if (ref[0] === "m") {
      var cs = meetingOf(ref).countries;
      if (cs.length > 1) where.push("p:" + cs[0] + "-" + cs[1]);
      cs.forEach(function (c) { where.push("c:" + c); });
    } else if (entityOf(ref).country) where.push("c:" + entityOf(ref).country);
    var key = where.filter(function (k) { return D.scenes[k]; })[0];
    if (key) actions([button("Open " + D.scenes[key].title, function () {
      showScene(key); select(ref);
    })]);
  }
  var shownTexts = {};  // sentences already quoted in the panel
  function citations(a) {
    return a.cite.map(function (c) {
      if (shownTexts[c[0]]) {
        return el("div", { class: "dg-sub" }, [c[2] ? "(curated from the source above)" : "(the sentence quoted above)"]);
      }
      shownTexts[c[0]] = true;
      var text = D.texts[c[0]], src = D.sources[c[1]] || ["", "", ""];
      if (c[2]) {
        var bq = el("blockquote", { class: "dg-curated" }, ["curated from "]);
        bq.appendChild(src[1] ? link(src[2] || src[1], src[1]) : el("span", {}, [text]));
        return bq;
      }
      var q = el("blockquote", {}, ["“" + text + "”"]);
      if (src[1]) q.appendChild(el("div", { class: "dg-sub" }, [link(src[2] || src[1], src[0] || src[1])]));
      return q;
    });
  }
  function meetingLine(ref) {
    var m = meetingOf(ref);
    return el("div", {}, [el("span", { class: "dg-date" }, [m.date || "undated"]),
      button(m.label, function () { select(ref); }, "dg-link")]);
  }
  function capped(list, render) {
    list.slice(0, LIST_MAX).forEach(function (x) { panel.appendChild(render(x)); });
    if (list.length > LIST_MAX) {
      panel.appendChild(el("p", { class: "dg-more" }, ["and " + (list.length - LIST_MAX) + " more"]));
    }
  }
  function byDate(a, b) {
    var x = meetingOf(a.m).date || "", y = meetingOf(b.m).date || "";
    return x < y ? -1 : x > y ? 1 : 0;
  }
  function showEntity(ref) {
    var e = entityOf(ref);
    head(e.label, e.kind + (e.country ? " · " + countryName(e.country) : ""));
    if (e.names.length) panel.appendChild(el("div", { class: "dg-sub" }, ["Also: " + e.names.join("; ")]));
    if (e.parent) panel.appendChild(el("div", {}, ["Part of: ",
      button(entityOf(e.parent).label, function () { select(e.parent); }, "dg-link")]));
    notDrawn(ref);
    var own = (attendOfEntity[ref] || []).slice().sort(byDate);
    var staff = (actedFor[ref] || []).slice().sort(byDate);
    var count = Object.keys(meetingsOf[ref] || {}).length;
    panel.appendChild(el("h3", {}, [plural(count, "meeting")]));
    capped(own, function (a) {
      var item = el("div", { class: "dg-item" }, [meetingLine(a.m)]);
      if (a.title) item.appendChild(el("div", {}, ["Title as stated: " + a.title]));
      if (a.roles.length) item.appendChild(el("div", {}, ["Role: " + a.roles.join(", ")]));
      if (a.agency) item.appendChild(el("div", {}, ["For: ",
        button(entityOf(a.agency).label, function () { select(a.agency); }, "dg-link")]));
      citations(a).forEach(function (c) { item.appendChild(c); });
      return item;
    });
    if (staff.length) {
      panel.appendChild(el("h3", {}, ["Officials acting for it"]));
      capped(staff, function (a) {
        var item = el("div", { class: "dg-item" }, [meetingLine(a.m)]);
        item.appendChild(el("div", {}, [
          button(entityOf(a.e).label, function () { select(a.e); }, "dg-link"),
          a.title ? ", " + a.title : ""]));
        return item;
      });
    }
  }
  function showMeeting(ref) {
    var m = meetingOf(ref);
    head(m.label, [m.date || "undated", m.kind, m.place].filter(Boolean).join(" · "));
    if (m.mech >= 0) panel.appendChild(el("div", {}, ["Mechanism: ",
      button(D.mechanisms[m.mech], function () { select("k" + m.mech); }, "dg-link")]));
    panel.appendChild(el("div", {}, ["Countries: " + m.countries.map(countryName).join(", ")]));
    if (m.topics.length) panel.appendChild(el("div", {}, ["Topics: " + m.topics.join("; ")]));
    notDrawn(ref);
    if (m.sources.length) {
      panel.appendChild(el("h3", {}, ["Readouts"]));
      m.sources.forEach(function (s) {
        var src = D.sources[s];
        panel.appendChild(el("div", {}, [link(src[2] || src[1], src[0] || src[1])]));
      });
    }
    var people = (attendOfMeeting[ref] || []).slice().sort(function (a, b) {
      var x = entityOf(a.e), y = entityOf(b.e);
      return (x.country + x.kind + x.label) < (y.country + y.kind + y.label) ? -1 : 1;
    });
    panel.appendChild(el("h3", {}, ["Who took part"]));
    capped(people, function (a) {
      var e = entityOf(a.e);
      var item = el("div", { class: "dg-item" }, [
        button(e.label, function () { select(a.e); }, "dg-link"),
        el("span", { class: "dg-sub" }, [" " + e.kind + (e.country ? ", " + e.country : "")])]);
      if (a.title) item.appendChild(el("div", {}, ["Title as stated: " + a.title]));
      if (a.roles.length) item.appendChild(el("div", {}, ["Role: " + a.roles.join(", ")]));
      citations(a).forEach(function (c) { item.appendChild(c); });
      return item;
    });
  }
  function meetingList(refs) {
    refs = refs.slice().sort(function (a, b) {
      var x = meetingOf(a).date || "", y = meetingOf(b).date || "";
      return x < y ? 1 : x > y ? -1 : 0;
    });
    capped(refs, function (r) { return el("div", { class: "dg-item" }, [meetingLine(r)]); });
  }
  function actions(items) {
    var box = el("div", { class: "dg-actions" });
    items.forEach(function (b) { if (b) box.appendChild(b); });
    if (box.firstChild) panel.appendChild(box);
  }
  function showCountry(c) {
    var refs = Object.keys(meetingsOf["c" + c] || {});
    head(countryName(c), "country · " + plural(refs.length, "meeting"));
    actions([sceneButton("c:" + c, "Open its network"),
      D.scenes["c:" + c] ? null : button("Filter to " + countryName(c), function () {
        state.f.country = fCountry.value = c; applyFilters();
      })]);
    var partners = {};
    refs.forEach(function (r) {
      meetingOf(r).countries.forEach(function (o) { if (o !== c) partners[o] = (partners[o] || 0) + 1; });
    });
    var list = Object.keys(partners).sort(function (a, b) { return partners[b] - partners[a]; });
    if (list.length) panel.appendChild(el("h3", {}, ["Met with"]));
    capped(list, function (o) {
      var pair = [c, o].sort();
      return el("div", {}, [button(countryName(o), function () { showPair(pair[0], pair[1]); }, "dg-link"),
        " " + plural(partners[o], "meeting")]);
    });
    panel.appendChild(el("h3", {}, ["Meetings"]));
    meetingList(refs);
  }
  function showPair(a, b) {
    var refs = Object.keys(meetingsOf["c" + a] || {}).filter(function (r) {
      return meetingOf(r).countries.indexOf(b) >= 0;
    });
    head(countryName(a) + " – " + countryName(b), plural(refs.length, "meeting"));
    actions([sceneButton("p:" + a + "-" + b, "Open the pair's network")]);
    meetingList(refs);
  }
  function showMechanism(k) {
    var refs = [];
    meetings.forEach(function (m, i) { if (m.mech === k) refs.push("m" + i); });
    head(D.mechanisms[k], "mechanism · " + plural(refs.length, "meeting"));
    actions([sceneButton("k:" + k, "Open its network"),
      button("Filter to it", function () { state.f.mech = fMech.value = String(k); applyFilters(); })]);
    meetingList(refs);
  }
  function showLink(edge) {
    var a = edge.from, b = edge.to;
    if (a[0] === "c" && b[0] === "c") { showPair(a.slice(1), b.slice(1)); return; }
    if (edge.kind === "met") {
      var shared = Object.keys(meetingsOf[a] || {}).filter(function (m) {
        return (meetingsOf[b] || {})[m] && (!state.passing || state.passing[m]);
      });
      head(entityOf(a).label + " — " + entityOf(b).label, plural(shared.length, "meeting") + " together");
      meetingList(shared);
      return;
    }
    select(b[0] === "m" ? b : a);
  }
  network.on("click", function (p) {
    if (p.nodes.length) select(p.nodes[0]);
    else if (p.edges.length) showLink(edgesDS.get(p.edges[0]));
  });
  network.on("doubleClick", function (p) {
    if (!p.nodes.length) return;
    var ref = p.nodes[0];
    if (ref[0] === "c" && D.scenes["c:" + ref.slice(1)]) showScene("c:" + ref.slice(1));
  });

  // --- the timeline -------------------------------------------------------------------
  var timeline = document.getElementById("dg-timeline");
  var rowsSelect = el("select", { id: "dg-rows" });
  options(rowsSelect, [["mech", "rows: mechanisms"], ["pair", "rows: country pairs"],
    ["official", "rows: officials (the busiest)"]], "mech");
  rowsSelect.addEventListener("change", function () { state.rows = rowsSelect.value; renderTimeline(); });
  var SVG = "http://www.w3.org/2000/svg", ROW_MAX = 40;
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function dayNumber(date) { return Date.parse(date + "T00:00:00Z") / 86400000; }
  function renderTimeline() {
    var scene = D.scenes[state.scene], rows = {}, undated = 0, lo = Infinity, hi = -Infinity;
    scene.meetings.forEach(function (ref) {
      if (!state.passing[ref]) return;
      var m = meetingOf(ref);
      if (!m.date) { undated++; return; }
      var d = dayNumber(m.date);
      lo = Math.min(lo, d); hi = Math.max(hi, d);
      var keys = [];
      if (state.rows === "mech") keys.push(m.mech >= 0 ? "k" + m.mech : "-");
      else if (state.rows === "official") (attendOfMeeting[ref] || []).forEach(function (a) {
        if (entityOf(a.e).kind === "official") keys.push(a.e);
      });
      else for (var i = 0; i < m.countries.length; i++) for (var j = i + 1; j < m.countries.length; j++)
        keys.push("p" + m.countries[i] + "-" + m.countries[j]);
      if (!keys.length && state.rows !== "official") keys.push("-");
      keys.forEach(function (k) { (rows[k] = rows[k] || []).push(ref); });
    });
    var keys = Object.keys(rows).sort(function (a, b) {
      return rows[b].length - rows[a].length || (a < b ? -1 : 1);
    });
    clear(timeline);
    timeline.appendChild(el("div", {}, [rowsSelect, " ",
      el("span", { class: "dg-sub" }, ["each dot is a meeting (yellow: meeting, blue: call, green: visit); click one for its details"])]));
    if (!keys.length) { timeline.appendChild(el("p", { class: "dg-hint" }, ["No dated meeting passes the filters."])); return; }
    var shownKeys = keys.slice(0, ROW_MAX), LEFT = 270, ROW = 24, TOP = 26;
    var width = Math.max(600, timeline.clientWidth - 24), span = Math.max(hi - lo, 30);
    var x = function (d) { return LEFT + 10 + (d - lo) / span * (width - LEFT - 30); };
    var s = svg("svg", { width: width, height: TOP + ROW * shownKeys.length + 10, id: "dg-timeline-svg" });
    var y0 = new Date(lo * 86400000).getUTCFullYear(), y1 = new Date(hi * 86400000).getUTCFullYear();
    for (var y = y0; y <= y1 + 1; y++) {
      var d = dayNumber(y + "-01-01");
      if (y === y0 && d < lo) d = lo;  // the first year's label at the left edge
      if (d < lo || d > hi + 1) continue;
      s.appendChild(svg("line", { x1: x(d), x2: x(d), y1: TOP - 6, y2: TOP + ROW * shownKeys.length, class: "dg-grid" }));
      s.appendChild(svg("text", { x: x(d) + 3, y: TOP - 10 }, String(y)));
    }
    shownKeys.forEach(function (k, r) {
      var cy = TOP + ROW * r + ROW / 2, label;
      if (r % 2 === 0) s.appendChild(svg("rect", { x: 0, y: TOP + ROW * r, width: width, height: ROW, class: "dg-band" }));
      if (k === "-") label = state.rows === "mech" ? "(no mechanism)" : "(one country)";
      else if (k[0] === "k") label = D.mechanisms[+k.slice(1)];
      else if (k[0] === "e") label = entityOf(k).label + (entityOf(k).country ? " (" + entityOf(k).country + ")" : "");
      else label = k.slice(1).split("-").map(countryName).join(" – ");
      var text = label.length > 40 ? label.slice(0, 39) + "…" : label;
      var t = svg("text", { x: 4, y: cy + 4, class: "dg-row-label" }, text + " (" + rows[k].length + ")");
      t.appendChild(svg("title", {}, label));
      t.addEventListener("click", function () {
        if (k[0] === "k" || k[0] === "e") select(k);
        else if (k[0] === "p") showPair.apply(null, k.slice(1).split("-"));
      });
      s.appendChild(t);
      rows[k].forEach(function (ref) {
        var m = meetingOf(ref);
        var c = svg("circle", { cx: x(dayNumber(m.date)), cy: cy, r: 5.5, fill: KIND_COLOUR[m.kind] || MEETING,
                                "data-ref": ref, class: ref === state.selected ? "dg-on" : "" });
        c.appendChild(svg("title", {}, m.date + " — " + m.label));
        c.addEventListener("click", function () { select(ref); });
        s.appendChild(c);
      });
    });
    timeline.appendChild(s);
    if (keys.length > ROW_MAX || undated) {
      timeline.appendChild(el("p", { class: "dg-more" }, [
        (keys.length > ROW_MAX ? (keys.length - ROW_MAX) + " smaller rows not shown (filter or drill down to see them). " : "") +
        (undated ? plural(undated, "undated meeting") + " not placed." : "")]));
    }
  }

  // --- tabs, and the start -----------------------------------------------------------
  var tabs = document.getElementById("dg-tabs");
  function showTab(tab) {
    state.tab = tab;
    document.getElementById("dg-network").hidden = tab !== "network";
    timeline.hidden = tab !== "timeline";
    Array.prototype.forEach.call(tabs.children, function (b) {
      b.className = b.getAttribute("data-tab") === tab ? "on" : "";
    });
    if (tab === "timeline") renderTimeline(); else network.redraw();
  }
  api.showTab = showTab;
  [["network", "Network"], ["timeline", "Timeline"]].forEach(function (t) {
    var b = button(t[1], function () { showTab(t[0]); });
    b.setAttribute("data-tab", t[0]);
    tabs.appendChild(b);
  });
  showScene(D.initial);
  showTab("network");
  if (D.focus) select(D.focus, true);
  network.once("afterDrawing", function () { window.delegraphStable = true; });
  network.redraw();
})();
