/* Site finder on the sites index (templates/sites.html, docs/finder.md). No framework.
 *
 * The page lists every site as HTML; without this script that list is all there is. This script shows the
 * filter form and then, on every change, hides the list items ([data-finder-list] > li) that do not match,
 * sorts the rest, updates the count (an aria-live region), and keeps the filter state in the URL's query
 * string (?district=…&zoning=GI&zoning=GE&sort=area-desc&compare=a,b), so a filtered view can be shared
 * and bookmarked: loading such a URL shows the same selection. Each item carries its facts in data-*
 * attributes (plugins/ruhr/finder.py, `facts`).
 *
 * Filters (all given ones must match; within zoning, status and sector any ticked value):
 *   district, municipality   the site's district / municipality key
 *   area_min, area_max       area in m², bounds included
 *   zoning, status, sector   ticked values; a site matches if it has one of them (sector: any of its sectors)
 *   rail=yes                 the site has a rail siding
 *   motorway_km              distance to the motorway junction at most this many km
 * Sorting: name (the list's order), area-desc, area-asc, price-asc, price-desc ("on request" last),
 *   available-asc (available now first, then by date; reserved and sold last). Ties keep the list's order.
 *
 * Compare: a checkbox on each item picks up to data-compare-max sites; the "Compare" link goes to the
 * compare page with ?ids=a,b,c (in the order picked).
 *
 * Hook for the overview map (and anything else that shows the selection):
 *   document.addEventListener("finder:change", function (e) { e.detail.ids; e.detail.urls; });
 * is dispatched on `document` whenever the set or order of the shown sites changes (and once at start);
 * `ids` are the shown sites' ids in display order, `urls` their page URLs (as in the map's data rows).
 * A map created later (after the visitor's consent) reads the current selection from
 * window.ruhrFinder.selection() ({ids, urls}) and then listens for the event.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-finder-form]");
  var list = document.querySelector("[data-finder-list]");
  if (!form || !list) return;

  var items = Array.prototype.slice.call(list.children);
  var count = document.querySelector("[data-finder-count]");
  var bar = document.querySelector("[data-compare-bar]");
  var link = document.querySelector("[data-compare-link]");
  var boxes = Array.prototype.slice.call(list.querySelectorAll("[data-compare]"));
  var maxPicked = Number(list.dataset.compareMax) || 3;
  var compareBase = link ? link.getAttribute("href") : "";
  var picked = [];
  var lastIds = null;
  var announceTimer = null;

  function number(text) {
    return text === "" || text === undefined || text === null || isNaN(Number(text)) ? null : Number(text);
  }

  // The filter state from the form: {name: [values]}, empty values left out.
  function readForm() {
    var state = {};
    new FormData(form).forEach(function (value, name) {
      value = String(value).trim();
      if (value !== "") (state[name] = state[name] || []).push(value);
    });
    return state;
  }

  function writeForm(params) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      var values = params.getAll(el.name);
      if (el.type === "checkbox") el.checked = values.indexOf(el.value) >= 0;
      else if (el.tagName === "SELECT" || el.tagName === "INPUT") el.value = values.length ? values[0] : "";
    });
  }

  function first(state, name) { return state[name] ? state[name][0] : ""; }

  function matches(li, state) {
    var d = li.dataset;
    var area = Number(d.area);
    var min = number(first(state, "area_min"));
    var max = number(first(state, "area_max"));
    var km = number(first(state, "motorway_km"));
    if (state.district && d.district !== state.district[0]) return false;
    if (state.municipality && d.municipality !== state.municipality[0]) return false;
    if (min !== null && area < min) return false;
    if (max !== null && area > max) return false;
    if (state.zoning && state.zoning.indexOf(d.zoning) < 0) return false;
    if (state.status && state.status.indexOf(d.status) < 0) return false;
    if (state.sector) {
      var sectors = d.sectors ? d.sectors.split(" ") : [];
      if (!state.sector.some(function (s) { return sectors.indexOf(s) >= 0; })) return false;
    }
    if (state.rail && d.rail !== "true") return false;
    if (km !== null && !(number(d.motorwayKm) !== null && number(d.motorwayKm) <= km)) return false;
    return true;
  }

  // Sort key of an item: a number (missing values get `missing`), compared ascending or descending.
  var SORTS = {
    "area-desc": {key: function (d) { return Number(d.area); }, desc: true},
    "area-asc": {key: function (d) { return Number(d.area); }},
    "price-asc": {key: function (d) { return number(d.price); }},
    "price-desc": {key: function (d) { return number(d.price); }, desc: true},
    // From when a site can be had (ruhr.core.availability; empty: reserved or sold, last).
    "available-asc": {key: function (d) { return d.available ? Date.parse(d.available) : null; }}
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

  function updateUrl(state) {
    var params = new URLSearchParams();
    Object.keys(state).forEach(function (name) {
      state[name].forEach(function (value) { params.append(name, value); });
    });
    if (picked.length) params.set("compare", picked.join(","));
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function apply() {
    var state = readForm();
    limitMunicipalities(state);
    var shown = sorted(items.filter(function (li) { return matches(li, state); }), first(state, "sort"));
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
    settle(shown.length, state);
    var ids = shown.map(function (li) { return li.dataset.id; });
    if (lastIds === null || ids.join(" ") !== lastIds.join(" ")) {
      lastIds = ids;
      document.dispatchEvent(new CustomEvent("finder:change", {detail: selection()}));
    }
  }

  var urls = {}; // site id -> the URL of its page (the first link of its item)
  items.forEach(function (li) {
    var a = li.querySelector("a[href]");
    urls[li.dataset.id] = a ? a.getAttribute("href") : "";
  });

  function selection() {
    var ids = lastIds ? lastIds.slice() : items.map(function (li) { return li.dataset.id; });
    return {ids: ids, urls: ids.map(function (id) { return urls[id]; })};
  }

  // A district chosen: only its municipalities can be picked.
  function limitMunicipalities(state) {
    var select = form.elements.municipality;
    if (!select) return;
    var district = first(state, "district");
    Array.prototype.forEach.call(select.options, function (option) {
      option.disabled = !!(district && option.value && option.dataset.district !== district);
    });
    if (select.selectedOptions[0] && select.selectedOptions[0].disabled) {
      select.value = "";
      delete state.municipality;
    }
  }

  // Compare picks ------------------------------------------------------------------------------------

  function updatePicks() {
    boxes.forEach(function (box) {
      box.checked = picked.indexOf(box.value) >= 0;
      box.disabled = !box.checked && picked.length >= maxPicked;
    });
    if (link) {
      link.textContent = link.dataset.label.replace("{picked}", picked.length);
      link.href = compareBase + (picked.length ? "?ids=" + picked.map(encodeURIComponent).join(",") : "");
    }
  }

  boxes.forEach(function (box) {
    box.closest(".compare-pick").hidden = false;
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
  if (bar) bar.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); }); // after the fields were reset
  window.ruhrFinder = {selection: selection, apply: apply};
  apply();
})();
