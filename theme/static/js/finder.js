/* Site finder on the sites index (templates/sites.html; what it does and why: docs/finder.md). No framework.
 *
 * Without this script the list of every site is the page. This shows the filter form, adds a compare
 * checkbox to each row, and on every change hides the rows ([data-finder-list] > li, facts
 * in data-* attributes from plugins/ruhr/site/finder.py `facts`) that do not match, sorts the rest, updates
 * the counts and keeps the state in the query string (values the same in every language; numbers plain)
 * and in sessionStorage "ruhr:finder" (for the site pages and the compare page).
 * Filter groups (all must match; within a group any ticked value): location (district or municipality),
 * area (area_min, area_max), zoning, status, sector, rail=yes, motorway_km, aid_area (the municipality's
 * regional-aid (GRW) category: C, D, none; includes/finder-aid.html). Numbers are typed as the page writes
 * them (data-lang). Sorts: area-desc, area-asc, price-asc, price-desc ("on request" last),
 * available-asc (now first, then by date; reserved and sold last); ties keep the list's order.
 * Hook: "finder:change" on document ({ids, urls} of the shown rows, in order) at start and on every change
 * of the shown set or order; window.ruhrFinder.selection() gives the same at any time.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-finder-form]");
  var list = document.querySelector("[data-finder-list]");
  if (!form || !list) return;

  var lang = form.dataset.lang || document.documentElement.lang;
  var items = Array.prototype.slice.call(list.children);
  // A row's site id: data-id, or (where the slug is the id) the last part of its link.
  function idOf(li) {
    return li.dataset.id || li.querySelector("a[href]").getAttribute("href").split("/").filter(Boolean).pop();
  }
  function statusOf(d) { return d.status || "available"; } // left out when available
  // A site's district: its municipality's, from the form (the list items leave it out to stay light).
  var sectorIndex = {}; // sector id -> its position in the form (the rows give their sectors so)
  Array.prototype.forEach.call(form.querySelectorAll("input[name=sector]"), function (input) {
    sectorIndex[input.value] = input.dataset.index;
  });
  var districtOf = {};
  Array.prototype.forEach.call(form.querySelectorAll("input[name=municipality]"), function (input) {
    districtOf[input.value] = input.dataset.district;
  });
  var count = document.querySelector("[data-finder-count]");
  var bar = document.querySelector("[data-compare-bar]");
  var link = document.querySelector("[data-compare-link]");
  var empty = document.querySelector("[data-finder-empty]");
  var error = form.querySelector("[data-finder-error]");
  var mapSection = document.querySelector("[data-finder-map]");
  var boxes = items.map(comparePick);
  var maxPicked = Number(list.dataset.compareMax) || 3;
  var compareBase = link ? link.getAttribute("href") : "";
  var NUMBERS = ["area_min", "area_max", "motorway_km"];
  var GROUPS = ["location", "area", "zoning", "status", "sector", "rail", "motorway_km", "aid_area"];
  var picked = [];
  var lastIds = null;
  var announceTimer = null;
  var dropGroup = null;

  // Numbers as the page writes them ---------------------------------------------------------------

  var separators = (function () {
    var parts = new Intl.NumberFormat(lang).formatToParts(12345.6);
    var find = function (type, fallback) {
      var part = parts.filter(function (p) { return p.type === type; })[0];
      return part ? part.value : fallback;
    };
    return {group: find("group", ","), decimal: find("decimal", ".")};
  }());

  function escape(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // "50.000" (de) / "50,000" (en) -> 50000; "2,5" (de) / "2.5" (en) -> 2.5; "" -> undefined; no number -> NaN.
  function parseNumber(text) {
    var t = String(text).replace(/[\s\u00a0\u202f]/g, "").replace(/(m²|m2|km)$/i, "");
    if (t === "") return undefined;
    var group = separators.group.replace(/[\u00a0\u202f]/, " ");
    if (group !== " ") t = t.replace(new RegExp(escape(group) + "(?=\\d{3}(?!\\d))", "g"), "");
    t = t.replace(separators.decimal, ".");
    return /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
  }

  function formatNumber(value) {
    return new Intl.NumberFormat(lang, {maximumFractionDigits: 2}).format(Number(value));
  }

  // The state -------------------------------------------------------------------------------------

  // The filter state from the form: {name: [values]}, empty values left out, numbers plain.
  function readForm() {
    var state = {};
    var wrong = [];
    new FormData(form).forEach(function (value, name) {
      value = String(value).trim();
      if (value === "") return;
      if (NUMBERS.indexOf(name) >= 0) {
        var n = parseNumber(value);
        if (isNaN(n)) { wrong.push(value); return; }
        value = String(n);
      }
      (state[name] = state[name] || []).push(value);
    });
    if (error) {
      error.hidden = !wrong.length;
      error.textContent = wrong.length ? error.dataset.text.replace("{value}", wrong[0]) : "";
    }
    return state;
  }

  function writeForm(params) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      var values = params.getAll(el.name);
      if (el.type === "checkbox") el.checked = values.indexOf(el.value) >= 0;
      else if (NUMBERS.indexOf(el.name) >= 0) {
        var n = values.length ? Number(values[0]) : NaN;
        el.value = values.length ? (isNaN(n) ? values[0] : formatNumber(n)) : "";
      } else if (el.tagName === "SELECT" || el.tagName === "INPUT") el.value = values.length ? values[0] : "";
    });
  }

  function first(state, name) { return state[name] ? state[name][0] : ""; }
  function number(text) {
    return text === "" || text === undefined || text === null || isNaN(Number(text)) ? null : Number(text);
  }

  // Does an item pass a filter group? (A group not in the state passes.)
  var TESTS = {
    location: function (d, s) {
      if (!s.district && !s.municipality) return true;
      return (s.district || []).indexOf(districtOf[d.municipality]) >= 0 ||
        (s.municipality || []).indexOf(d.municipality) >= 0;
    },
    area: function (d, s) {
      var min = number(first(s, "area_min")), max = number(first(s, "area_max")), area = Number(d.area);
      return (min === null || area >= min) && (max === null || area <= max);
    },
    zoning: function (d, s) { return !s.zoning || s.zoning.indexOf(d.zoning) >= 0; },
    status: function (d, s) { return !s.status || s.status.indexOf(statusOf(d)) >= 0; },
    sector: function (d, s) {
      if (!s.sector) return true;
      var sectors = d.sectors ? d.sectors.split(" ") : [];
      return s.sector.some(function (x) { return sectors.indexOf(sectorIndex[x]) >= 0; });
    },
    rail: function (d, s) { return !s.rail || d.rail !== undefined; },
    motorway_km: function (d, s) {
      var km = number(first(s, "motorway_km"));
      return km === null || (number(d.motorwayKm) !== null && number(d.motorwayKm) <= km);
    },
    // Regional aid (GRW, docs/investment.md): the municipality's category.
    aid_area: function (d, s) { return !s.aid_area || s.aid_area.indexOf(d.aidArea) >= 0; }
  };

  // The groups an item fails (except `skip`).
  function misses(li, state, skip) {
    return GROUPS.filter(function (g) { return g !== skip && !TESTS[g](li.dataset, state); });
  }

  function active(state) {
    return GROUPS.filter(function (g) {
      return g === "location" ? state.district || state.municipality
        : g === "area" ? state.area_min || state.area_max : state[g];
    });
  }

  function without(state, group) {
    var copy = {};
    var names = {location: ["district", "municipality"], area: ["area_min", "area_max"]}[group] || [group];
    Object.keys(state).forEach(function (k) { if (names.indexOf(k) < 0) copy[k] = state[k]; });
    return copy;
  }

  // Sort key of an item: a number (missing values: null, last), compared ascending or descending.
  var SORTS = {
    "area-desc": {key: function (d) { return Number(d.area); }, desc: true},
    "area-asc": {key: function (d) { return Number(d.area); }},
    "price-asc": {key: function (d) { return number(d.price); }},
    "price-desc": {key: function (d) { return number(d.price); }, desc: true},
    // From when a site can be had (ruhr.core.availability; empty: reserved or sold, last).
    "available-asc": {key: function (d) {
      return d.available ? Date.parse(d.available) : statusOf(d) === "available" ? -Infinity : null;
    }}
  };

  function sorted(shown, sortName) {
    var sort = SORTS[sortName];
    if (!sort) return shown;
    return shown.map(function (li, index) { return {li: li, index: index, key: sort.key(li.dataset)}; })
      .sort(function (a, b) {
        if (a.key === null || b.key === null) {
          if (a.key !== b.key) return a.key === null ? 1 : -1; // "on request" last, either way
        } else if (a.key !== b.key) {
          return sort.desc ? b.key - a.key : a.key - b.key;
        }
        return a.index - b.index;
      })
      .map(function (entry) { return entry.li; });
  }

  // Counts beside the options: the sites with this value that pass the other groups' filters (faceted
  // search: within a group the choices add up, so the group's own ticks do not narrow its counts).
  var optionCounts = Array.prototype.slice.call(form.querySelectorAll("[data-n]")).map(function (span) {
    var input = span.parentNode.querySelector("input");
    var group = input.name === "district" || input.name === "municipality" ? "location" : input.name;
    return {span: span, input: input, group: group};
  });

  function updateCounts(state) {
    var rest = {};
    GROUPS.forEach(function (g) {
      rest[g] = items.filter(function (li) { return misses(li, state, g).length === 0; });
    });
    optionCounts.forEach(function (o) {
      var one = {};
      one[o.input.name] = [o.input.value];
      var n = rest[o.group].filter(function (li) { return TESTS[o.group](li.dataset, one); }).length;
      var text = "(" + n + ")";
      if (o.span.textContent !== text) o.span.textContent = text;
    });
  }

  // No match: the filter that excludes most, and the nearest matches.
  function suggest(state) {
    if (!empty) return;
    var groups = active(state);
    if (!groups.length) { empty.hidden = true; return; }
    var names = JSON.parse(empty.dataset.groups);
    var best = null;
    groups.forEach(function (g) {
      var n = items.filter(function (li) { return misses(li, without(state, g)).length === 0; }).length;
      if (!best || n > best.n) best = {group: g, n: n};
    });
    dropGroup = best.group;
    empty.querySelector("[data-finder-most]").textContent = empty.dataset.most
      .replace("{filter}", names[best.group]).replace("{num}", best.n);
    var near = items.map(function (li, index) { return {li: li, index: index, misses: misses(li, state)}; })
      .sort(function (a, b) { return a.misses.length - b.misses.length || a.index - b.index; })
      .slice(0, 3);
    var ul = empty.querySelector("[data-finder-near]");
    ul.textContent = "";
    near.forEach(function (entry) {
      var li = ul.appendChild(document.createElement("li"));
      var a = li.appendChild(document.createElement("a"));
      a.href = urls[idOf(entry.li)];
      a.textContent = entry.li.querySelector("a[href]").textContent;
      li.appendChild(document.createTextNode(" (" + empty.dataset.misses.replace("{filters}",
        entry.misses.map(function (g) { return names[g]; }).join(", ")) + ")"));
    });
    empty.hidden = false;
  }

  // The count and the URL follow once typing pauses: a screen reader hears the final count, not every
  // step, and the browser's history is not rewritten on every keystroke.
  function settle(shown, state) {
    var d = count.dataset;
    var text = shown === items.length ? d.all : shown === 0 ? d.none : d.some.replace("{shown}", shown);
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () {
      count.textContent = text;
      updateUrl(state);
    }, 250);
  }

  function query(state) {
    var params = new URLSearchParams();
    Object.keys(state).forEach(function (name) {
      state[name].forEach(function (value) { params.append(name, value); });
    });
    if (picked.length) params.set("compare", picked.join(","));
    return params.toString();
  }

  function updateUrl(state) {
    var q = query(state);
    history.replaceState(history.state, "", location.pathname + (q ? "?" + q : "") + location.hash);
    remember(q);
  }

  // The query for the site pages' "back to the results" and the compare page's "back to the list".
  function remember(q) {
    try { sessionStorage.setItem("ruhr:finder", q); } catch (e) { /* storage off */ }
  }

  function apply() {
    var state = readForm();
    var shown = sorted(items.filter(function (li) { return misses(li, state).length === 0; }),
                       first(state, "sort"));
    var visible = new Set(shown);
    items.forEach(function (li) {
      if (li.hidden === visible.has(li)) li.hidden = !li.hidden;
    });
    // Shown items first, in order; hidden ones after them in the list's order. Moved only if that changed.
    var order = shown.concat(items.filter(function (li) { return !visible.has(li); }));
    if (order.some(function (li, i) { return list.children[i] !== li; })) {
      var fragment = document.createDocumentFragment();
      order.forEach(function (li) { fragment.appendChild(li); });
      list.appendChild(fragment);
    }
    updateCounts(state);
    if (shown.length) { if (empty) empty.hidden = true; } else suggest(state);
    if (mapSection) { // the overview image shows every site: say so when the list shows fewer, hide it for none
      mapSection.hidden = shown.length === 0;
      mapSection.querySelector("[data-finder-map-note]").hidden = shown.length === items.length;
    }
    settle(shown.length, state);
    var ids = shown.map(idOf);
    if (lastIds === null || ids.join(" ") !== lastIds.join(" ")) {
      lastIds = ids;
      document.dispatchEvent(new CustomEvent("finder:change", {detail: selection()}));
    }
  }

  var urls = {}; // site id -> the URL of its page (the first link of its item)
  items.forEach(function (li) {
    var a = li.querySelector("a[href]");
    urls[idOf(li)] = a ? a.getAttribute("href") : "";
  });

  function selection() {
    var ids = lastIds ? lastIds.slice() : items.map(idOf);
    return {ids: ids, urls: ids.map(function (id) { return urls[id]; })};
  }

  // Compare picks ------------------------------------------------------------------------------------

  // The checkbox of an item (made here: without JavaScript there is no comparing).
  function comparePick(li) {
    var p = document.createElement("p");
    p.className = "compare-pick";
    var label = p.appendChild(document.createElement("label"));
    var box = label.appendChild(document.createElement("input"));
    box.type = "checkbox";
    box.value = idOf(li);
    box.setAttribute("data-compare", "");
    box.setAttribute("aria-describedby", "compare-limit");
    label.appendChild(document.createTextNode(" " + list.dataset.compareLabel));
    var title = label.appendChild(document.createElement("span"));
    title.className = "visually-hidden";
    title.textContent = ": " + li.querySelector("a[href]").textContent;
    li.appendChild(p);
    return box;
  }

  function updatePicks() {
    boxes.forEach(function (box) {
      box.checked = picked.indexOf(box.value) >= 0;
      box.disabled = !box.checked && picked.length >= maxPicked;
    });
    if (link) {
      link.textContent = link.dataset.label.replace("{picked}", picked.length);
      link.href = compareBase + (picked.length ? "?ids=" + picked.map(encodeURIComponent).join(",") : "");
    }
    if (bar) bar.classList.toggle("has-picks", picked.length > 0);
  }

  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      picked = picked.filter(function (id) { return id !== box.value; });
      if (box.checked && picked.length < maxPicked) picked.push(box.value);
      updatePicks();
      updateUrl(readForm());
    });
  });

  // Start: the state from the URL, then live updates ------------------------------------------------

  var params = new URLSearchParams(location.search);
  writeForm(params);
  var known = boxes.map(function (box) { return box.value; });
  picked = (params.get("compare") || "").split(",").filter(function (id, i, all) {
    return id && known.indexOf(id) >= 0 && all.indexOf(id) === i;
  }).slice(0, maxPicked);
  updatePicks();
  form.hidden = false;
  form.parentNode.classList.add("is-active"); // the two-column layout, only with the form shown
  // The filters stay unfolded as the HTML has them (folding them on phones after load moved the results:
  // the layout-shift gate); a visitor folds them with their summary.
  if (bar) bar.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); }); // after the fields were reset
  if (empty) {
    empty.querySelector("[data-finder-drop]").addEventListener("click", function () {
      var state = without(readForm(), dropGroup);
      var q = new URLSearchParams(query(state));
      writeForm(q);
      apply();
      count.focus();
    });
  }
  window.ruhrFinder = {selection: selection, apply: apply, parseNumber: parseNumber};
  remember(query(readForm()));
  apply();
})();
