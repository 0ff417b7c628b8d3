/* policy-archive: the policy on a given date (versions/at/?date=YYYY-MM-DD), the answer
 * `policy-archive at` prints.
 *
 * The page holds everything: each version's row of the table carries its period
 * (data-pa-from, data-pa-to: ISO days), its name and period in words (data-pa-label,
 * data-pa-period) and its link; the answer box carries the page's sentences, in its language,
 * with {placeholders} (data-pa-answer, data-pa-answer-later, data-pa-none, data-pa-invalid) and
 * the build date (data-pa-as-of). The version in force on a day is the latest one that took
 * effect on or before it; after the build date the answer is only as far as known then.
 *
 * The address is the reader's (or anyone's) input: it must be a real day written YYYY-MM-DD, is
 * only ever compared with the rows' own dates, and nothing from it is parsed as markup (text
 * nodes only). The date stays in the address: the form is a GET form, so the answer is
 * shareable. Without JavaScript the table answers by reading. */
(function () {
  "use strict";
  var box = document.querySelector("[data-pa-at]");
  if (!box) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-pa-from]"));
  var input = document.querySelector(".pa-at-form input[name=date]");
  var lang = document.documentElement.getAttribute("lang") || "fr";

  /* The day asked, when it is one: "2024-02-30" or "12/08/2024" is not. */
  function day(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return null;
    var y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    var date = new Date(Date.UTC(y, mo - 1, d));
    var real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
    return real ? value : null;
  }

  /* '12 août 2024', 'August 12, 2024': a long date in the page's language, as the build writes them. */
  function longDate(iso) {
    var p = iso.split("-");
    var date = new Date(Date.UTC(Number(p[0]), Number(p[1]) - 1, Number(p[2])));
    var text = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" }).format(date);
    // French writes the first of the month as an ordinal (« 1er mars »), as l10n.format_date does.
    return /^fr/i.test(lang) && Number(p[2]) === 1 ? text.replace(/^1(?=\s)/, "1er") : text;
  }

  /* A template with its {name}s replaced by text or by a node: never parsed as HTML. */
  function fill(template, values) {
    var out = document.createDocumentFragment();
    template.split(/(\{[a-z_]+\})/).forEach(function (part) {
      var m = /^\{([a-z_]+)\}$/.exec(part);
      var value = m && Object.prototype.hasOwnProperty.call(values, m[1]) ? values[m[1]] : part;
      out.appendChild(typeof value === "string" ? document.createTextNode(value) : value);
    });
    return out;
  }

  function show(kind, content) {
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "pa-banner pa-banner--" + kind + " pa-at__answer";
    var strong = document.createElement("strong");
    strong.appendChild(content);
    p.appendChild(strong);
    box.appendChild(p);
  }

  /* The row of the version in force on `iso`: the latest that took effect on or before it. */
  function inForce(iso) {
    var found = null;
    rows.forEach(function (row) {
      var from = row.getAttribute("data-pa-from");
      if (from <= iso && (!found || from > found.getAttribute("data-pa-from"))) found = row;
    });
    return found;
  }

  function answer(iso) {
    rows.forEach(function (row) { row.classList.remove("pa-at__match"); });
    var row = inForce(iso);
    var values = { day: longDate(iso) };
    if (!row) {
      show("upcoming", fill(box.getAttribute("data-pa-none") || "", values));
      return;
    }
    var target = row.querySelector("a[href]");
    var link = document.createElement("a");
    link.setAttribute("href", target ? target.getAttribute("href") : "#" + row.id);
    link.textContent = row.getAttribute("data-pa-label") || "";
    values.version = link;
    values.period = row.getAttribute("data-pa-period") || "";
    var later = iso > (box.getAttribute("data-pa-as-of") || "");
    var status = row.getAttribute("data-pa-status");
    show(
      status === "in-force" ? "current" : status === "past" ? "past" : "upcoming",
      fill(box.getAttribute(later ? "data-pa-answer-later" : "data-pa-answer") || "", values)
    );
    row.classList.add("pa-at__match");
  }

  var asked = new URLSearchParams(window.location.search).get("date");
  if (asked === null || asked === "") return;
  var iso = day(asked.trim());
  if (!iso) {
    show("past", document.createTextNode(box.getAttribute("data-pa-invalid") || ""));
    return;
  }
  if (input) input.value = iso;
  answer(iso);
})();
