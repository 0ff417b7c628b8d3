/* policy-archive change notices (A4): each one dismissible with JavaScript, remembered per
 * version, hidden once its window has passed even if the site was not rebuilt. Without
 * JavaScript the notices simply stay visible.
 *
 * Dismissing one never moves the text the reader is looking at: the page is scrolled up by
 * the height the notice gave back, and what cannot be scrolled (near the top of the page) stays
 * as a short "notice dismissed" line of the same height until the next page. Focus stays in the
 * block, without scrolling. */
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

  var block = document.querySelector("[data-pa-notices]");
  if (!block) return;
  var banner = block.closest(".md-banner");

  function hideBannerIfEmpty() {
    var shown = block.querySelectorAll("[data-pa-notice]:not([hidden]), .pa-notices__done");
    block.hidden = shown.length === 0;
    if (banner) banner.hidden = block.hidden;
  }

  /* The first thing below the notices: everything the reader reads moves with it. */
  function reference() {
    return document.querySelector(".md-main") || document.querySelector("main") || document.body;
  }

  function dismiss(notice, key) {
    var ref = reference();
    var top = function () { return ref.getBoundingClientRect().top; };
    var before = top();
    remember(key);
    notice.hidden = true;
    var lost = before - top(); // how far the text went up (the browser's scroll anchoring may have undone it)
    var done = null;
    if (lost > window.pageYOffset + 0.5) {
      // Too near the top to scroll it back: a "notice dismissed" line keeps the place (until the next page).
      done = document.createElement("p");
      done.className = "pa-notices__done";
      done.setAttribute("role", "status");
      done.tabIndex = -1;
      done.textContent = block.getAttribute("data-pa-dismissed") || "";
      notice.parentNode.insertBefore(done, notice);
      done.style.minHeight = Math.max(done.offsetHeight, lost - window.pageYOffset) + "px";
    }
    var shift = top() - before; // > 0: the text is below where it was
    if (Math.abs(shift) > 0.5) window.scrollBy(0, shift);
    hideBannerIfEmpty();
    var next = block.querySelector("[data-pa-notice]:not([hidden]) .pa-notice__dismiss");
    var target = done || next || (block.hidden ? document.querySelector("main") || document.body : block);
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }

  Array.prototype.forEach.call(block.querySelectorAll("[data-pa-notice]"), function (notice) {
    var key = notice.getAttribute("data-pa-notice");
    var expires = notice.getAttribute("data-expires");
    if (stored(key) || (expires && today() > expires)) {
      notice.hidden = true;
      return;
    }
    var button = notice.querySelector(".pa-notice__dismiss");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () { dismiss(notice, key); });
  });
  hideBannerIfEmpty();
})();
