/* Compare page (templates/compare.html, docs/finder.md): the facts of the sites in ?ids=a,b,c side by side.
 *
 * The page holds every site's facts, formatted in its language, as JSON (#compare-data: {rows: [{key,
 * label}], sites: {id: {title, url, cells: {key: text}}}}); this builds one table with a column per chosen
 * site (at most data-max, in the order given; unknown ids are left out). Without JavaScript the page says
 * so and links to the list. "Back to the list" keeps the choice (?compare=a,b,c).
 */
(function () {
  "use strict";
  var page = document.querySelector("[data-compare-page]");
  var source = document.getElementById("compare-data");
  if (!page || !source) return;
  var data = JSON.parse(source.textContent);
  var max = Number(page.dataset.max) || 3;
  var ids = (new URLSearchParams(location.search).get("ids") || "").split(",")
    .filter(function (id, i, all) { return id && data.sites[id] && all.indexOf(id) === i; })
    .slice(0, max);

  document.querySelector("[data-compare-nojs]").hidden = true;
  page.hidden = false;
  if (!ids.length) {
    page.querySelector("[data-compare-empty]").hidden = false;
    return;
  }

  var table = page.querySelector("[data-compare-table]");
  var head = table.tHead.rows[0];
  var body = table.tBodies[0];
  ids.forEach(function (id) {
    var th = document.createElement("th");
    th.scope = "col";
    var a = th.appendChild(document.createElement("a"));
    a.href = data.sites[id].url;
    a.textContent = data.sites[id].title;
    head.appendChild(th);
  });
  data.rows.forEach(function (row) {
    var tr = body.insertRow();
    var th = document.createElement("th");
    th.scope = "row";
    th.textContent = row.label;
    tr.appendChild(th);
    ids.forEach(function (id) {
      tr.insertCell().textContent = data.sites[id].cells[row.key];
    });
  });
  page.querySelector("[data-compare-result]").hidden = false;
  var back = page.querySelector("[data-compare-back]");
  back.href = page.dataset.listUrl + "?compare=" + ids.map(encodeURIComponent).join(",");
})();
