/* policy-archive: what a citation and a printout need from the reader's browser.
 *
 * - "Citer cette version" (pages.cite_html): the date of consultation is the reader's today, in
 *   the page's language (the build cannot know it and writes a placeholder); a copy button, shown
 *   only where the clipboard works, says in a live region whether the copy worked.
 * - The printed permanent address (pages.print_address) of a page whose query chooses what it
 *   shows (?from=&to=, ?date=): the parameters it names (data-pa-keep-query) are added from the
 *   reader's address, as text, so the printout names what was printed. */
(function () {
  "use strict";
  var lang = document.documentElement.getAttribute("lang") || "fr";

  function today() {
    var now = new Date();
    var text = new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(now);
    // French writes the first of the month as an ordinal (« 1er mars »), as the build does.
    return /^fr/i.test(lang) && now.getDate() === 1 ? text.replace(/^1(?=\s)/, "1er") : text;
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-pa-cite-date]"), function (span) {
    span.textContent = today();
  });

  var cite = document.querySelector("[data-pa-cite]");
  var actions = document.querySelector("[data-pa-cite-actions]");
  var button = document.querySelector("[data-pa-cite-copy]");
  var done = document.querySelector("[data-pa-cite-done]");
  if (cite && actions && button && done && navigator.clipboard && navigator.clipboard.writeText) {
    actions.hidden = false;
    button.addEventListener("click", function () {
      done.textContent = "";
      var text = cite.textContent.replace(/\s+/g, " ").trim();
      navigator.clipboard.writeText(text).then(
        function () { done.textContent = done.getAttribute("data-pa-copied") || ""; },
        function () { done.textContent = done.getAttribute("data-pa-failed") || ""; }
      );
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-pa-print-address][data-pa-keep-query]"), function (p) {
    var a = p.querySelector("a[href]");
    if (!a) return;
    var asked = new URLSearchParams(window.location.search), kept = new URLSearchParams();
    (p.getAttribute("data-pa-keep-query") || "").split(/\s+/).forEach(function (name) {
      if (name && asked.has(name)) kept.set(name, asked.get(name));
    });
    var url = new URL(a.getAttribute("href"), window.location.href);
    url.search = kept.toString();
    a.setAttribute("href", url.href);
    a.textContent = url.href;
  });
})();
