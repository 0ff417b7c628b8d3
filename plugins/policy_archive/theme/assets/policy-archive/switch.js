/* policy-archive language switch: the other language's link keeps where the reader is.
 *
 * - The section: anchors of sections are their file names, the same in every language
 *   (`section[data-section][id]`); a heading's own id is in the page's language, so a hash that
 *   points inside a section is carried as that section's anchor.
 * - The compare page's selection (?from=&to=), the same version ids in every language, and the
 *   day asked on the "policy on a date" page (?date=).
 * - The redline view a reader chose (?view=&show=, views.js), on the pages that have one.
 *
 * Updated on load, whenever the hash changes, and when views.js rewrites the address. Without
 * JavaScript the links lead to the top of the same page in the other language. */
(function () {
  "use strict";
  var links = document.querySelectorAll("a.pa-switch");
  if (!links.length) return;
  var compare = document.querySelector("[data-pa-compare]");
  var at = document.querySelector("[data-pa-at]");

  /* The anchor the other language has for the current hash: the enclosing section's. */
  function anchor() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return "";
    var target = document.getElementById(id);
    if (!target) return "";
    var section = target.closest("[data-section]");
    if (!section || section === target) return id;
    if (section.id) return section.id;
    var heading = section.querySelector("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]");
    return heading && heading.closest("[data-section]") === section ? heading.id : id;
  }

  /* ?from=&to= of the address on the compare page, ?date= on the date page, ?view=&show= where
   * views.js put them: the only queries carried. */
  function selection() {
    var asked = new URLSearchParams(window.location.search), kept = new URLSearchParams();
    var names = compare ? ["from", "to"] : at ? ["date"] : [];
    names.concat(["view", "show"]).forEach(function (name) {
      if (asked.has(name)) kept.set(name, asked.get(name));
    });
    var query = kept.toString();
    return query ? "?" + query : "";
  }

  function update() {
    var hash = anchor(), search = selection();
    Array.prototype.forEach.call(links, function (link) {
      var base = link.getAttribute("data-pa-href");
      if (base === null) {
        base = link.getAttribute("href") || "";
        link.setAttribute("data-pa-href", base);
      }
      var url = new URL(base, window.location.href);
      url.search = search;
      url.hash = hash ? "#" + encodeURIComponent(hash) : "";
      link.setAttribute("href", url.href);
    });
  }

  update();
  window.addEventListener("hashchange", update);
  document.addEventListener("pa-views:change", update);
})();
