/* policy-archive redline views, on the changes pages, the compare page and the section histories:
 * the inline redline the build writes, or the old and the new text side by side; everything, only
 * the additions, or only the deletions.
 *
 * Side by side is made here, from the inline markup, not written by the build: every block of a
 * redline already holds both texts (deleted words in <del>, added ones in <ins>, whole rows and
 * blocks marked pa-row--ins/--del or wrapped in ins/del, moved text pa-moved--out/--in). The old
 * column is each block without what was added, the new column the same block without what was
 * deleted, so the two stay aligned row by row in a CSS grid. The pages stay the size they were,
 * the compare page (whose redline is computed in the browser) gets the same view for nothing, and
 * without JavaScript the inline redline, which needs no control, is what a reader gets.
 *
 * The toolbar is two groups of native radio buttons, each with a visible legend: Tab reaches a
 * group, the arrow keys choose. The choice is kept in the address (?view=side&show=ins, the other
 * parameters, such as the compare page's from and to, left as they are; history.replaceState) and
 * as the reader's preference (localStorage, "policy-archive.view" and "policy-archive.show"): the
 * address first. Below 60em side by side shows inline (redline.css) and its choice is hidden.
 * Every word comes from the page (data-pa-views-*), in its language. Fires "pa-views:change" on
 * the document after each change, for switch.js to carry the choice to the other language.
 */
(function () {
  "use strict";
  var KEY = "policy-archive.";
  var CHOICES = { view: ["inline", "side"], show: ["all", "ins", "del"] };
  var OLD_DROPS = "ins, tr.pa-row--ins, .pa-moved--in"; // what only the new text has
  var NEW_DROPS = "del, tr.pa-row--del, .pa-moved--out"; // what only the old text had
  var PRUNED = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, blockquote, ul, ol, dl, table";
  var KEEPS = "img, hr, input, video, audio, object"; // content without words

  // The build's placeholder, never one written in the policy's own text (inside a section).
  var holder = Array.prototype.filter.call(document.querySelectorAll("[data-pa-views]"), function (el) {
    return !el.closest("[data-section]");
  })[0];
  if (!holder) return;
  var scope = holder.closest("article") || document.body;

  function words(key) {
    return holder.getAttribute("data-pa-views-" + key) || key;
  }

  function saved(name) {
    try {
      return window.localStorage.getItem(KEY + name);
    } catch (e) {
      return null; // storage refused: the address still keeps the choice
    }
  }

  function save(name, value) {
    try {
      if (value === CHOICES[name][0]) window.localStorage.removeItem(KEY + name);
      else window.localStorage.setItem(KEY + name, value);
    } catch (e) {
      /* storage refused: the address still keeps the choice */
    }
  }

  var state = {};
  var asked = new URLSearchParams(window.location.search);
  Object.keys(CHOICES).forEach(function (name) {
    var allowed = CHOICES[name], wanted = asked.get(name), kept = saved(name);
    state[name] = allowed.indexOf(wanted) >= 0 ? wanted : allowed.indexOf(kept) >= 0 ? kept : allowed[0];
  });

  /* ---------------------------------------------------------------- side by side */

  function blank(node) {
    if (node.nodeType !== 1) return !node.textContent.trim();
    return !node.textContent.trim() && !node.matches(KEEPS) && !node.querySelector(KEEPS);
  }

  /* One block as one side shows it: a copy without what only the other side has, without ids (the
   * inline redline keeps them), and without the paragraphs or items left empty. null: nothing. */
  function sideOf(node, drops) {
    if (node.nodeType !== 1) return blank(node) ? null : node.cloneNode(false);
    if (node.matches(drops)) return null;
    var copy = node.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(drops), function (el) { el.remove(); });
    copy.removeAttribute("id");
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
    Array.prototype.slice.call(copy.querySelectorAll(PRUNED)).reverse().forEach(function (el) {
      if (blank(el)) el.remove();
    });
    return blank(copy) ? null : copy;
  }

  /* A list is split item by item, so a long list stays aligned; a numbered list keeps each side's
   * own numbers (an item added in the new text shifts only the new column's numbers). */
  function listRows(list) {
    var ordered = list.tagName === "OL";
    var first = ordered ? parseInt(list.getAttribute("start") || "1", 10) : 1;
    var next = { old: isNaN(first) ? 1 : first, neu: isNaN(first) ? 1 : first };
    function shell(item, side) {
      if (!item) return null;
      var copy = list.cloneNode(false);
      copy.removeAttribute("id");
      if (ordered) {
        copy.setAttribute("start", String(next[side]));
        next[side] += 1;
      }
      copy.appendChild(item);
      return copy;
    }
    return Array.prototype.map.call(list.children, function (item) {
      return [shell(sideOf(item, OLD_DROPS), "old"), shell(sideOf(item, NEW_DROPS), "neu")];
    });
  }

  function rowsOf(node) {
    if (node.nodeType === 1 && (node.tagName === "UL" || node.tagName === "OL")) return listRows(node);
    if (node.nodeType !== 1 && blank(node)) return [];
    if (node.nodeType !== 1 && node.nodeType !== 3) return [];
    var row = [sideOf(node, OLD_DROPS), sideOf(node, NEW_DROPS)];
    return row[0] || row[1] ? [row] : [];
  }

  function head(side) {
    var p = document.createElement("p");
    p.className = "pa-side__head pa-side__head--" + side;
    p.setAttribute("aria-hidden", "true"); // each cell says it to a screen reader
    p.textContent = words(side);
    return p;
  }

  /* DOM order per row: old, then new; each cell starts with its column's name, visually hidden. */
  function cell(side, content) {
    var div = document.createElement("div");
    div.className = "pa-side__cell pa-side__cell--" + side;
    if (!content) {
      div.className += " pa-side__cell--empty";
      return div;
    }
    var label = document.createElement("span");
    label.className = "pa-sr";
    label.textContent = words(side);
    div.appendChild(label);
    div.appendChild(content);
    return div;
  }

  function pair(redline) {
    if (redline.paSide) return;
    var grid = document.createElement("div");
    grid.className = "pa-side";
    grid.appendChild(head("old"));
    grid.appendChild(head("new"));
    Array.prototype.forEach.call(redline.childNodes, function (node) {
      rowsOf(node).forEach(function (row) {
        grid.appendChild(cell("old", row[0]));
        grid.appendChild(cell("new", row[1]));
      });
    });
    redline.parentNode.insertBefore(grid, redline.nextSibling);
    redline.paSide = grid;
    redline.classList.add("pa-has-side");
  }

  function redlines() {
    return Array.prototype.slice.call(scope.querySelectorAll(".pa-change > .pa-redline"));
  }

  /* ---------------------------------------------------------------- the choice */

  function apply() {
    var found = redlines();
    holder.hidden = !found.length; // the compare page before (or without) a comparison
    if (state.view === "side") found.forEach(pair);
    scope.classList.toggle("pa-views--side", state.view === "side");
    scope.classList.toggle("pa-views--ins", state.show === "ins");
    scope.classList.toggle("pa-views--del", state.show === "del");
  }

  function writeAddress() {
    var url = new URL(window.location.href);
    Object.keys(CHOICES).forEach(function (name) {
      if (state[name] === CHOICES[name][0]) url.searchParams.delete(name);
      else url.searchParams.set(name, state[name]);
    });
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
    document.dispatchEvent(new CustomEvent("pa-views:change", { detail: { view: state.view, show: state.show } }));
  }

  function choose(name, value) {
    state[name] = value;
    save(name, value);
    apply();
    writeAddress();
  }

  function group(name, values) {
    var fieldset = document.createElement("fieldset");
    fieldset.className = "pa-views__group pa-views__group--" + name;
    var legend = document.createElement("legend");
    legend.textContent = words(name);
    fieldset.appendChild(legend);
    values.forEach(function (value) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "pa-views-" + name;
      input.value = value;
      input.checked = state[name] === value;
      input.addEventListener("change", function () {
        if (input.checked) choose(name, value);
      });
      var text = document.createElement("span");
      text.textContent = words(value);
      label.appendChild(input);
      label.appendChild(text);
      fieldset.appendChild(label);
    });
    return fieldset;
  }

  holder.appendChild(group("view", CHOICES.view));
  holder.appendChild(group("show", CHOICES.show));
  apply();
  writeAddress();
  // The compare page draws its redline later (compare.js), and again for another choice.
  document.addEventListener("pa-compare:done", apply);
})();
