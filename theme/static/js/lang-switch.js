/* The language switch keeps the query (templates/base.html, docs/finder.md): filters, sort order, compare
 * picks, search term. The pages of the other language take the same query keys and values (keys, ids and
 * plain numbers, the same in every language; the finder writes numbers plainly, whatever the page shows),
 * so the query is carried over as it is, read when the link is used (the finder and the search page
 * rewrite the address as the visitor works). Without JavaScript the switch leads to the page without it.
 */
(function () {
  "use strict";
  function carry(event) {
    var a = event.target.closest && event.target.closest(".lang-switch a[href]");
    if (!a) return;
    var base = a.getAttribute("href").split(/[?#]/)[0];
    a.setAttribute("href", base + location.search + location.hash);
  }
  ["click", "auxclick", "contextmenu", "focusin", "mouseover"].forEach(function (type) {
    document.addEventListener(type, carry, true);
  });
})();
