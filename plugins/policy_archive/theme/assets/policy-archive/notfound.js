/* policy-archive 404 page: the language of the address, not of the file the host served.
 *
 * Static hosts serve the root 404.html (the default language) for every missing address. The
 * page lists every language's home (data-pa-notfound); the one whose path is the longest prefix
 * of the address is the reader's language. If that is not this page's language, the reader is
 * sent to that language's 404 page; otherwise the other languages' lines are hidden. */
(function () {
  "use strict";
  var blocks = document.querySelectorAll("[data-pa-notfound]");
  if (!blocks.length) return;
  var path = window.location.pathname, best = null, bestLength = -1;
  Array.prototype.forEach.call(blocks, function (block) {
    var home;
    try { home = new URL(block.getAttribute("data-pa-notfound"), window.location.href).pathname; } catch (e) { return; }
    if (path.indexOf(home) === 0 && home.length > bestLength) {
      best = block;
      bestLength = home.length;
    }
  });
  if (!best) return;
  if (!best.hasAttribute("data-pa-current")) {
    var home = new URL(best.getAttribute("data-pa-notfound"), window.location.href).pathname;
    if (path !== home + "404.html") {
      window.location.replace(home + "404.html");
      return;
    }
  }
  Array.prototype.forEach.call(blocks, function (block) {
    if (block !== best) block.hidden = true;
  });
})();
