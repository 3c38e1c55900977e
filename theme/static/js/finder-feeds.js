/* The finder's alert feed link (templates/includes/finder-feeds.html, docs/investment.md). No framework.
 *
 * When the filter form's state is exactly one municipality, one district or one sector (besides the sort
 * order), the link to that feed is shown; otherwise none. Reads the form itself, so it does not depend on how
 * finder.js filters: it runs on every change of the form and once at start (after finder.js restored the
 * state from the URL).
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-finder-form]");
  var box = document.querySelector("[data-finder-feeds]");
  if (!form || !box) return;
  var links = Array.prototype.slice.call(box.querySelectorAll("[data-feed]"));

  function update() {
    var given = [];
    new FormData(form).forEach(function (value, name) {
      value = String(value).trim();
      if (value !== "" && name !== "sort") given.push(name + "=" + value);
    });
    var key = given.length === 1 ? given[0] : "";
    var shown = false;
    links.forEach(function (p) {
      p.hidden = p.dataset.feed !== key;
      shown = shown || !p.hidden;
    });
    box.hidden = !shown;
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("reset", function () { setTimeout(update, 0); });
  document.addEventListener("finder:change", update);
  update();
})();
