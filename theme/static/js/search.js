/* Search page (templates/search.html): Pagefind's UI in #search; ?q=… from the header's form starts a search.
 * Pagefind picks the index and the UI texts of the page's language from <html lang>. Result images are
 * off: the published site gives images fingerprinted names after indexing.
 */
(function () {
  "use strict";
  function start() {
    if (!window.PagefindUI) return;
    var ui = new window.PagefindUI({element: "#search", showSubResults: true, showImages: false});
    var query = new URLSearchParams(location.search).get("q");
    if (query) ui.triggerSearch(query);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
