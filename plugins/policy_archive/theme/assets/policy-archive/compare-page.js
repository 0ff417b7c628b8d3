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
  ["from", "to"].forEach(function (name) {
    var select = form.querySelector("select[name=" + name + "]");
    if (!select) return;
    // Compare values, never build a selector from the address: a quote in it would throw.
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.value === chosen[name]) select.value = option.value;
    });
  });
})();
