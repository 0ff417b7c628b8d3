/* The compare page: keep the picker in step with the address (?from=&to=), so the
 * redline compare.js draws is the one the reader chose and can share. */
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var form = document.querySelector(".pa-compare-form");
  var target = document.getElementById("pa-compare");
  if (!form || !target) return;
  ["from", "to"].forEach(function (name) {
    var value = params.get(name);
    var select = form.querySelector('select[name="' + name + '"]');
    if (value && select && select.querySelector('option[value="' + value + '"]')) select.value = value;
  });
  if (params.get("from") && params.get("from") === params.get("to")) {
    target.textContent = target.getAttribute("data-same-text");
  }
})();
