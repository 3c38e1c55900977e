/* Compare page (templates/compare.html, docs/finder.md): the facts of the sites in ?ids=a,b,c side by side.
 *
 * It loads every site's facts, formatted in its language, from the compare page's data (data-compare-data:
 * templates/compare.json, {rows: [{key, label}], sites: {id: {title, url, photo, contact, email, phone,
 * cells: {key: text}}}}), and builds one table with
 * a column per chosen site (at most data-max, in the order given; unknown ids are left out): the photo and
 * the title in the head, the contact's e-mail and phone as links, and the rows whose values differ marked
 * (class "is-different" and a word for screen readers); "only differences" hides the others. Without
 * JavaScript the page says so and links to the list. "Back to the list" keeps the choice (?compare=a,b,c).
 * Printing: A4 landscape, three columns (the print rules of the site style sheet); on a phone the row labels stay in view.
 */
(function () {
  "use strict";
  var page = document.querySelector("[data-compare-page]");
  if (!page) return;
  var wanted = (new URLSearchParams(location.search).get("ids") || "").split(",");
  document.querySelector("[data-compare-nojs]").hidden = true;
  page.hidden = false;
  if (!wanted.some(Boolean)) {
    page.querySelector("[data-compare-empty]").hidden = false;
    return;
  }
  page.setAttribute("aria-busy", "true");
  fetch(page.dataset.compareData)
    .then(function (response) {
      if (!response.ok) throw new Error("compare data: HTTP " + response.status);
      return response.json();
    })
    .then(function (data) {
      page.removeAttribute("aria-busy");
      show(data);
    }, function (error) {
      page.removeAttribute("aria-busy");
      page.querySelector("[data-compare-failed]").hidden = false;
      console.error(error);
    });

  function known(sites, id) { return Object.prototype.hasOwnProperty.call(sites, id); }

  function show(data) {
    var max = Number(page.dataset.max) || 3;
    var ids = wanted.filter(function (id, i, all) { return id && known(data.sites, id) && all.indexOf(id) === i; })
      .slice(0, max);
    if (!ids.length) {
      page.querySelector("[data-compare-empty]").hidden = false;
      return;
    }

    var table = page.querySelector("[data-compare-table]");
    var head = table.tHead.rows[0];
    var body = table.tBodies[0];
    ids.forEach(function (id) {
      var site = data.sites[id];
      var th = document.createElement("th");
      th.scope = "col";
      if (site.photo) {
        var img = th.appendChild(document.createElement("img"));
        img.src = site.photo.src;
        img.srcset = site.photo.srcset;
        img.sizes = "16rem";
        img.width = site.photo.width;
        img.height = site.photo.height;
        img.alt = "";
        img.className = "compare-photo";
      }
      var a = th.appendChild(document.createElement("a"));
      a.href = site.url;
      a.textContent = site.title;
      head.appendChild(th);
    });

    function link(href, text) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      return a;
    }

    var differs = page.dataset.differs;
    data.rows.forEach(function (row) {
      var tr = body.insertRow();
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = row.label;
      tr.appendChild(th);
      var values = ids.map(function (id) { return data.sites[id].cells[row.key]; });
      ids.forEach(function (id, i) {
        var td = tr.insertCell();
        var site = data.sites[id];
        td.appendChild(document.createTextNode(row.key === "contact" ? site.contact : values[i]));
        if (row.key === "contact") {
          td.appendChild(document.createElement("br"));
          td.appendChild(link("mailto:" + site.email, site.email));
          td.appendChild(document.createElement("br"));
          td.appendChild(link("tel:" + site.phone.replace(/\s/g, ""), site.phone));
        }
      });
      if (ids.length > 1 && values.some(function (v) { return v !== values[0]; })) {
        tr.className = "is-different";
        var note = th.appendChild(document.createElement("span"));
        note.className = "visually-hidden";
        note.textContent = " (" + differs + ")";
      }
    });
    var only = page.querySelector("[data-compare-only]");
    if (only && ids.length > 1) {
      only.closest(".compare-only").hidden = false;
      only.addEventListener("change", function () { table.classList.toggle("only-differences", only.checked); });
    }
    page.querySelector("[data-compare-result]").hidden = false;
    var back = page.querySelector("[data-compare-back]");
    var query = "";
    try { query = sessionStorage.getItem("ruhr:finder") || ""; } catch (e) { /* storage off */ }
    var params = new URLSearchParams(query);
    params.set("compare", ids.join(","));
    back.href = page.dataset.listUrl + "?" + params.toString().replace(/%2C/g, ",");
  }
})();
