/* policy-archive change notice (A4): dismissible with JavaScript, remembered per
 * version, hidden once its window has passed even if the site was not rebuilt.
 * Without JavaScript the notice simply stays visible. */
(function () {
  "use strict";
  var PREFIX = "policy-archive:notice-dismissed:";

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function stored(key) {
    try { return window.localStorage.getItem(PREFIX + key); } catch (e) { return null; }
  }

  function remember(key) {
    try { window.localStorage.setItem(PREFIX + key, today()); } catch (e) { /* private mode: dismiss for this page only */ }
  }

  function hideBannerIfEmpty() {
    var banner = document.querySelector("[data-md-component=announce] .md-banner");
    if (!banner) return;
    var visible = banner.querySelectorAll("[data-pa-notice]:not([hidden])");
    banner.hidden = visible.length === 0;
  }

  var notices = document.querySelectorAll("[data-pa-notice]");
  Array.prototype.forEach.call(notices, function (notice) {
    var key = notice.getAttribute("data-pa-notice");
    var expires = notice.getAttribute("data-expires");
    if (stored(key) || (expires && today() > expires)) {
      notice.hidden = true;
      return;
    }
    var button = notice.querySelector(".pa-notice__dismiss");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      remember(key);
      notice.hidden = true;
      hideBannerIfEmpty();
      var main = document.querySelector("main") || document.body;
      if (main.tabIndex < 0) main.setAttribute("tabindex", "-1");
      main.focus();
    });
  });
  hideBannerIfEmpty();
})();
