/* Maps load only after consent.
 *
 * Before consent a map block ([data-map], see templates/macros/map.html) shows a locator image, a notice
 * naming the tile host and a "Load map" button; nothing of the map is requested. On the click (or at
 * once, if the visitor chose to remember it on this device) this loads the block's stylesheets and
 * Leaflet files from this site, then the map's own script, which creates the map and so requests tiles.
 * [data-map-withdraw] (on the privacy page) forgets a remembered choice.
 * On the sites index the overview map shows the sites the finder shows (finder.js): see followFinder.
 */
(function () {
  "use strict";
  if (window.ruhrMapConsent) return; // the script may be included once per map block
  var KEY = "ruhr.maps.consent";
  var requested = {}; // url -> Promise, so two maps on one page load Leaflet once

  function remembered() {
    try { return window.localStorage.getItem(KEY) === "yes"; } catch (e) { return false; }
  }

  function remember(yes) {
    try {
      if (yes) window.localStorage.setItem(KEY, "yes");
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* storage blocked: the choice holds for this page only */ }
  }

  function load(url, stylesheet) {
    if (!requested[url]) {
      requested[url] = new Promise(function (resolve, reject) {
        var el = document.createElement(stylesheet ? "link" : "script");
        if (stylesheet) { el.rel = "stylesheet"; el.href = url; } else { el.src = url; el.async = false; }
        el.onload = resolve;
        el.onerror = function () { delete requested[url]; el.remove(); reject(new Error("cannot load " + url)); };
        document.head.appendChild(el);
      });
    }
    return requested[url];
  }

  function urls(value) { return (value || "").split(/\s+/).filter(Boolean); }

  function open(block, moveFocus) {
    var d = block.dataset;
    if (d.mapState === "loading" || d.mapState === "open") return;
    d.mapState = "loading";
    block.setAttribute("aria-busy", "true");
    var consent = block.querySelector("[data-map-consent]");
    var canvas = block.querySelector("[data-map-canvas]");
    var message = block.querySelector("[data-map-message]");
    message.textContent = "";
    Promise.all(urls(d.mapCss).map(function (url) { return load(url, true); }))
      .then(function () {
        return urls(d.mapJs).reduce(function (done, url) {
          return done.then(function () { return load(url, false); });
        }, Promise.resolve());
      })
      .then(function () {
        canvas.hidden = false; // the map needs its size when its script runs
        return load(d.mapScript, false);
      })
      .then(function () {
        var container = document.getElementById(d.mapName);
        if (!window[d.mapName] || !container) throw new Error("map script did not create " + d.mapName);
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", d.mapLabel || "");
        translate(window[d.mapName], container, d);
        followFinder(window[d.mapName]);
        consent.hidden = true;
        d.mapState = "open";
        block.removeAttribute("aria-busy");
        if (moveFocus) container.focus();
      })
      .catch(function () {
        canvas.hidden = true;
        d.mapState = "";
        block.removeAttribute("aria-busy");
        message.textContent = d.mapError || "";
      });
  }

  // Leaflet's own control labels are English: use the page's words (data-map-zoom-in etc.).
  function translate(map, container, d) {
    [[".leaflet-control-zoom-in", d.mapZoomIn], [".leaflet-control-zoom-out", d.mapZoomOut]].forEach(function (pair) {
      var button = container.querySelector(pair[0]);
      if (button && pair[1]) { button.title = pair[1]; button.setAttribute("aria-label", pair[1]); }
    });
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && d.mapClosePopup) close.setAttribute("aria-label", d.mapClosePopup);
    });
  }

  // With the site finder on the page (window.ruhrFinder, docs/finder.md), the map's cluster groups hold
  // the markers of the shown sites only: its selection now, then on every "finder:change". Each marker
  // carries its site's URL (options.url, plugins/ruhr/maps.py), matched against the selection's URLs.
  function followFinder(map) {
    if (!window.ruhrFinder || !L.MarkerClusterGroup) return;
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.MarkerClusterGroup)) return;
      var markers = layer.getLayers();
      function show(selection) {
        var urls = new Set(selection.urls);
        layer.clearLayers();
        layer.addLayers(markers.filter(function (marker) { return urls.has(marker.options.url); }));
      }
      show(window.ruhrFinder.selection());
      document.addEventListener("finder:change", function (event) { show(event.detail); });
    });
  }

  function start() {
    var consent = remembered();
    document.querySelectorAll("[data-map]").forEach(function (block) {
      var button = block.querySelector("[data-map-load]");
      var box = block.querySelector("[data-map-remember]");
      block.querySelector("[data-map-controls]").hidden = false; // without this script they do nothing
      box.checked = consent;
      button.addEventListener("click", function () {
        if (box.checked) remember(true);
        open(block, true);
      });
      if (consent) open(block, false);
    });
    document.querySelectorAll("[data-map-withdraw]").forEach(function (button) {
      var status = document.getElementById(button.getAttribute("aria-controls"));
      function show() { status.textContent = remembered() ? button.dataset.on : button.dataset.off; }
      button.closest("[data-map-withdraw-block]").hidden = false;
      show();
      button.addEventListener("click", function () {
        remember(false);
        show();
      });
    });
  }

  window.ruhrMapConsent = { open: open, remembered: remembered, remember: remember };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
