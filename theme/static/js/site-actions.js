/* The site page's calls to action (templates/includes/site-panel.html, docs/finder.md). No framework.
 *
 * The site finder keeps its last query (filters, sort, compare picks: the same keys in every
 * language) in sessionStorage under "ruhr:finder". Here:
 *   - "Back to the results" and the breadcrumb's link to the list get that query back;
 *   - "Add to compare" adds this site to the picks in it (at most data-compare-max, the oldest dropped);
 *   - "Print exposé" appears (it needs window.print) and prints the page.
 * Without JavaScript the links lead to the list (with this site picked for comparison).
 */
(function () {
  "use strict";
  var panel = document.querySelector("[data-site-panel]");
  if (!panel) return;
  var back = panel.querySelector("[data-finder-back]");
  var list = back.getAttribute("href");
  var query = "";
  try { query = sessionStorage.getItem("ruhr:finder") || ""; } catch (e) { /* storage off: plain links */ }

  if (query) {
    back.href = list + "?" + query;
    Array.prototype.forEach.call(document.querySelectorAll(".breadcrumb a"), function (a) {
      if (a.getAttribute("href") === list) a.href = list + "?" + query;
    });
  }

  var add = panel.querySelector("[data-add-compare]");
  if (add) {
    var params = new URLSearchParams(query);
    var max = Number(add.dataset.compareMax) || 3;
    var picked = (params.get("compare") || "").split(",").filter(function (id) {
      return id && id !== add.dataset.addCompare;
    });
    picked.push(add.dataset.addCompare);
    params.set("compare", picked.slice(-max).join(","));
    add.href = list + "?" + params.toString();
  }

  var print = panel.querySelector("[data-print]");
  if (print && window.print) {
    panel.querySelector("[data-print-item]").hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
