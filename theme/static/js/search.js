/* Search page (templates/search.html): Pagefind's UI in #search; ?q=… from the header's form starts a search.
 * The page loads its language's bundle (#search's data-search: /pagefind/<lang>/); Pagefind picks the UI
 * texts of the page's language from <html lang>. Result images are
 * off: the published site gives images fingerprinted names after indexing.
 * The search term stays in the address (?q=), so the language switch and a shared link keep it. A term that
 * finds nothing in this language's pages gets links to the same search in the other languages
 * ([data-other-search]): an English word on the German site is likely meant for the English pages.
 */
(function () {
  "use strict";
  var pagefind = null;
  var timer = null;

  function hint(term) {
    var box = document.querySelector("[data-other-search]");
    if (!box) return;
    if (!term) { box.hidden = true; return; }
    (pagefind = pagefind || import(document.querySelector("[data-search]").dataset.search + "pagefind.js").then(function (module) {
      return Promise.resolve(module.init && module.init()).then(function () { return module; });
    })).then(function (module) { return module.search(term); }).then(function (found) {
      var current = new URLSearchParams(location.search).get("q") || "";
      if (current.trim() !== term) return; // typed on meanwhile
      Array.prototype.forEach.call(box.querySelectorAll("a[data-base]"), function (link) {
        link.href = link.dataset.base + "?q=" + encodeURIComponent(term);
        link.textContent = link.dataset.text.replace("{term}", term);
      });
      box.hidden = found.results.length > 0;
    }).catch(function () { box.hidden = true; });
  }

  function follow(input) {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var term = input.value.trim();
      var params = new URLSearchParams(location.search);
      if (term) params.set("q", term); else params.delete("q");
      var q = params.toString();
      history.replaceState(history.state, "", location.pathname + (q ? "?" + q : ""));
      hint(term);
    }, 300);
  }

  function start() {
    if (!window.PagefindUI) return;
    var ui = new window.PagefindUI({element: "#search", showSubResults: true, showImages: false});
    var query = new URLSearchParams(location.search).get("q");
    if (query) { ui.triggerSearch(query); hint(query.trim()); }
    document.querySelector("#search").addEventListener("input", function (event) {
      if (event.target.matches("input[type=text], input[type=search], .pagefind-ui__search-input")) follow(event.target);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
