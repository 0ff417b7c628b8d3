/* The compare page: keep the picker in step with the address (?from=&to=), so the
 * redline compare.js draws is the one the reader chose and can share.
 *
 * The address is the reader's (or anyone's) input: it is checked by PolicyCompare.choice
 * against this document's own versions (data-pa-versions) before anything is fetched, and a
 * bad value only ever selects nothing. compare.js then shows the page's own words for it
 * (data-pa-error-text, data-pa-same-text), in the page's language. */
(function () {
  "use strict";
  var form = document.querySelector(".pa-compare-form");
  var target = document.querySelector("[data-pa-compare]");
  if (!form || !target || !window.PolicyCompare) return;
  var chosen = window.PolicyCompare.choice(target, window.location.search);
  if (chosen.state !== "ok" && chosen.state !== "same") return;
  showSummaries(chosen.from, chosen.to);
  ["from", "to"].forEach(function (name) {
    var select = form.querySelector("select[name=" + name + "]");
    if (!select) return;
    // Compare values, never build a selector from the address: a quote in it would throw.
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.value === chosen[name]) select.value = option.value;
    });
  });

  /* The summary of every version after the older one chosen, up to the newer one, and the legend:
   * what a changes page shows beside its redline. */
  function showSummaries(from, to) {
    var box = document.querySelector("[data-pa-compare-summaries]");
    var ids = (target.getAttribute("data-pa-versions") || "").split(/\s+/);
    var a = ids.indexOf(from), b = ids.indexOf(to);
    if (!box || a < 0 || b < 0 || a === b) return;
    var low = Math.min(a, b), high = Math.max(a, b);
    Array.prototype.forEach.call(box.querySelectorAll("[data-pa-version]"), function (item) {
      var at = ids.indexOf(item.getAttribute("data-pa-version"));
      item.hidden = !(at > low && at <= high);
    });
    box.hidden = false;
  }
})();
