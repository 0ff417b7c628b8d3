/* Compare any two versions in the browser (issue 3): the same block-aligned,
 * word-level redline as plugins/policy_archive/diff.py, computed from the data
 * the build writes per version (see `version_data` in diff.py for the format),
 * so the build stays linear in the number of versions.
 *
 * Usage (no build step, no dependency):
 *
 *   <div data-pa-compare
 *        data-data-url="../{id}/data.json"      (or one file holding {"versions": [...]})
 *        data-from="2023-12-23" data-to="2025-01-01"   (else ?from=&to= of the address)
 *        data-ins-start="début de l’ajout" data-ins-end="fin de l’ajout"
 *        data-del-start="début de la suppression" data-del-end="fin de la suppression"
 *        data-status-added="ajoutée" ... data-status-moved="déplacée"
 *        data-unchanged-summary="Sections inchangées"></div>
 *
 * or from code: PolicyCompare.renderInto(element, oldData, newData).
 * When done the container gets data-pa-state="done" and fires "pa-compare:done".
 */
(function (global) {
  "use strict";

  var PAIR_CUTOFF = 0.5; // same constants as diff.py
  var SPLIT_RATIO = 0.3;
  var SPLIT_CONTAINED = 0.8;
  var PAIR_LIMIT = 2500;

  /* ------------------------------------------------------------------ difflib.SequenceMatcher
   * A port of Python's SequenceMatcher without junk (autojunk=False), so both sides align alike. */
  function SequenceMatcher(a, b) {
    this.a = a;
    this.b = b;
    this.b2j = new Map();
    for (var j = 0; j < b.length; j++) {
      var list = this.b2j.get(b[j]);
      if (!list) this.b2j.set(b[j], (list = []));
      list.push(j);
    }
    this._blocks = null;
  }

  SequenceMatcher.prototype.findLongestMatch = function (alo, ahi, blo, bhi) {
    var besti = alo, bestj = blo, bestsize = 0;
    var j2len = new Map();
    for (var i = alo; i < ahi; i++) {
      var next = new Map();
      var js = this.b2j.get(this.a[i]) || [];
      for (var n = 0; n < js.length; n++) {
        var j = js[n];
        if (j < blo) continue;
        if (j >= bhi) break;
        var k = (j2len.get(j - 1) || 0) + 1;
        next.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = next;
    }
    return [besti, bestj, bestsize];
  };

  SequenceMatcher.prototype.getMatchingBlocks = function () {
    if (this._blocks) return this._blocks;
    var la = this.a.length, lb = this.b.length;
    var queue = [[0, la, 0, lb]], found = [];
    while (queue.length) {
      var q = queue.pop();
      var m = this.findLongestMatch(q[0], q[1], q[2], q[3]);
      var i = m[0], j = m[1], k = m[2];
      if (k) {
        found.push(m);
        if (q[0] < i && q[2] < j) queue.push([q[0], i, q[2], j]);
        if (i + k < q[1] && j + k < q[3]) queue.push([i + k, q[1], j + k, q[3]]);
      }
    }
    found.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    var blocks = [], i1 = 0, j1 = 0, k1 = 0;
    for (var n = 0; n < found.length; n++) {
      var f = found[n];
      if (i1 + k1 === f[0] && j1 + k1 === f[1]) {
        k1 += f[2];
      } else {
        if (k1) blocks.push([i1, j1, k1]);
        i1 = f[0]; j1 = f[1]; k1 = f[2];
      }
    }
    if (k1) blocks.push([i1, j1, k1]);
    blocks.push([la, lb, 0]);
    this._blocks = blocks;
    return blocks;
  };

  SequenceMatcher.prototype.getOpcodes = function () {
    var i = 0, j = 0, out = [], blocks = this.getMatchingBlocks();
    for (var n = 0; n < blocks.length; n++) {
      var ai = blocks[n][0], bj = blocks[n][1], size = blocks[n][2];
      var tag = i < ai && j < bj ? "replace" : i < ai ? "delete" : j < bj ? "insert" : "";
      if (tag) out.push([tag, i, ai, j, bj]);
      i = ai + size;
      j = bj + size;
      if (size) out.push(["equal", ai, i, bj, j]);
    }
    return out;
  };

  SequenceMatcher.prototype.ratio = function () {
    var matches = 0, blocks = this.getMatchingBlocks();
    for (var n = 0; n < blocks.length; n++) matches += blocks[n][2];
    var total = this.a.length + this.b.length;
    return total ? (2 * matches) / total : 1;
  };

  SequenceMatcher.prototype.quickRatio = function () {
    var avail = new Map(), matches = 0;
    for (var j = 0; j < this.b.length; j++) avail.set(this.b[j], (avail.get(this.b[j]) || 0) + 1);
    for (var i = 0; i < this.a.length; i++) {
      var n = avail.get(this.a[i]) || 0;
      if (n > 0) { matches++; avail.set(this.a[i], n - 1); }
    }
    var total = this.a.length + this.b.length;
    return total ? (2 * matches) / total : 1;
  };

  SequenceMatcher.prototype.realQuickRatio = function () {
    var total = this.a.length + this.b.length;
    return total ? (2 * Math.min(this.a.length, this.b.length)) / total : 1;
  };

  /* ------------------------------------------------------------------ words */

  var INLINE = "a|strong|em|b|i|code|span|abbr|sup|sub|mark|q|small|kbd|s|u|cite|dfn|time|var|ins|del";
  var TOKEN = new RegExp(
    "(<(" + INLINE + ")\\b[^>]*>[\\s\\S]*?</\\2\\s*>)" + // an element with its content: one token
      "|(<[^>]+>)" + // any other tag
      "|(\\s+)" +
      "|(&#?\\w+;)" +
      "|([\\p{L}\\p{N}_]+(?:['’.\\-][\\p{L}\\p{N}_]+)*)" +
      "|([\\s\\S])",
    "gu"
  );
  var KINDS = [null, "elem", null, "tag", "ws", "entity", "word", "other"];

  function tokenize(html) {
    var out = [], m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(html))) {
      for (var g = 1; g < KINDS.length; g++) {
        if (m[g] !== undefined && KINDS[g]) {
          out.push({ kind: KINDS[g], text: g === 4 ? " " : m[0], tag: g === 1 ? m[2].toLowerCase() : "" });
          break;
        }
      }
    }
    return out;
  }

  function join(tokens) {
    var s = "";
    for (var n = 0; n < tokens.length; n++) s += tokens[n].text;
    return s;
  }

  function keys(tokens) {
    return tokens.map(function (tok) { return tok.text; });
  }

  var ELEMENT = /^<([a-z][\w-]*)\b([^>]*)>([\s\S]*)<\/\1\s*>$/i;
  var HREF = /\bhref\s*=\s*("([^"]*)"|'([^']*)')/i;

  function textOf(html) {
    return html
      .replace(/<[^>]*>/g, " ")
      .replace(/&nbsp;/g, " ")
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
  }

  function norm(s) {
    return s.split(/\s+/).filter(Boolean).join(" ");
  }

  function nested(a, b) {
    /* Same element on both sides: diff inside it, so <strong>Nom</strong> keeps its bold. */
    if (a.kind !== "elem" || b.kind !== "elem" || a.tag !== b.tag) return null;
    var ma = ELEMENT.exec(a.text), mb = ELEMENT.exec(b.text);
    if (!ma || !mb) return null;
    if (a.tag === "a") {
      var ha = HREF.exec(ma[2]), hb = HREF.exec(mb[2]);
      var hrefA = ha ? ha[2] || ha[3] || "" : "", hrefB = hb ? hb[2] || hb[3] || "" : "";
      if (hrefA !== hrefB) {
        if (norm(textOf(ma[3])) !== norm(textOf(mb[3]))) return null;
        // Same text, new target: show both links with their addresses.
        return [
          { tag: "delete", text: a.text, note: hrefA },
          { tag: "insert", text: b.text, note: hrefB },
        ];
      }
    } else if (["strong", "em", "b", "i", "span", "mark", "abbr", "sup", "sub", "small", "q", "u", "s"].indexOf(a.tag) < 0) {
      return null;
    }
    var open = "<" + mb[1] + mb[2] + ">", close = "</" + mb[1] + ">";
    return [{ tag: "equal", text: open }].concat(diffWords(ma[3], mb[3]), [{ tag: "equal", text: close }]);
  }

  function diffWords(oldHtml, newHtml) {
    var a = tokenize(oldHtml), b = tokenize(newHtml);
    var codes = new SequenceMatcher(keys(a), keys(b)).getOpcodes();
    var merged = [];
    codes.forEach(function (c) {
      var g = [c[0] === "equal" ? "equal" : "change", a.slice(c[1], c[2]), b.slice(c[3], c[4])];
      var n = merged.length;
      var onlySpace = n >= 2 && merged[n - 1][0] === "equal" && merged[n - 1][2].every(function (t) { return t.kind === "ws"; });
      if (g[0] === "change" && onlySpace && merged[n - 2][0] === "change") {
        var space = merged.pop();
        merged[n - 2][1] = merged[n - 2][1].concat(space[1], g[1]);
        merged[n - 2][2] = merged[n - 2][2].concat(space[2], g[2]);
      } else {
        merged.push(g);
      }
    });
    var ops = [];
    merged.forEach(function (g) {
      if (g[0] === "equal") { ops.push({ tag: "equal", text: join(g[2]) }); return; }
      var olds = g[1], news = g[2], lead = false, trail = false;
      while ((olds.length && olds[0].kind === "ws") || (news.length && news[0].kind === "ws")) {
        if (olds.length && olds[0].kind === "ws") olds = olds.slice(1);
        if (news.length && news[0].kind === "ws") news = news.slice(1);
        lead = true;
      }
      while ((olds.length && olds[olds.length - 1].kind === "ws") || (news.length && news[news.length - 1].kind === "ws")) {
        if (olds.length && olds[olds.length - 1].kind === "ws") olds = olds.slice(0, -1);
        if (news.length && news[news.length - 1].kind === "ws") news = news.slice(0, -1);
        trail = true;
      }
      if (lead) ops.push({ tag: "equal", text: " " });
      var inner = olds.length === 1 && news.length === 1 ? nested(olds[0], news[0]) : null;
      if (inner) {
        ops = ops.concat(inner);
      } else {
        if (olds.length) ops.push({ tag: "delete", text: join(olds) });
        if (news.length) ops.push({ tag: "insert", text: join(news) });
      }
      if (trail) ops.push({ tag: "equal", text: " " });
    });
    var out = [];
    ops.forEach(function (op) {
      if (!op.text) return;
      var last = out[out.length - 1];
      if (last && last.tag === "equal" && op.tag === "equal") last.text += op.text;
      else out.push(op);
    });
    return out;
  }

  /* ------------------------------------------------------------------ blocks */

  function blockKey(block) {
    return JSON.stringify([block.kind, block.depth, block.level || 0, !!block.header, !!block.ordered,
      block.kind === "row" ? (block.cells || []).map(norm) : norm(block.html)]);
  }

  function family(block) {
    return block.kind === "para" || block.kind === "item" ? "text" : block.kind;
  }

  function blockText(block) {
    return block.kind === "row" ? (block.cells || []).join(" | ") : block.html;
  }

  function plainWords(html) {
    return textOf(html).toLowerCase().match(/[\p{L}\p{N}_]+/gu) || [];
  }

  function similarity(a, b) {
    if (family(a) !== family(b)) return 0;
    if (a.kind === "row" && !!a.header !== !!b.header) return 0;
    if (a.kind === "row" && a.header) return 1;
    var wa = plainWords(blockText(a)), wb = plainWords(blockText(b));
    if (!wa.length && !wb.length) return 1;
    var sm = new SequenceMatcher(wa, wb);
    if (a.kind === "heading" && a.level === b.level) return Math.max(PAIR_CUTOFF + 0.001, sm.ratio());
    if (sm.realQuickRatio() < SPLIT_RATIO || sm.quickRatio() < SPLIT_RATIO) return 0;
    var ratio = sm.ratio();
    if (ratio >= PAIR_CUTOFF) return ratio;
    var shorter = Math.min(wa.length, wb.length), matches = 0;
    sm.getMatchingBlocks().forEach(function (m) { matches += m[2]; });
    if (ratio >= SPLIT_RATIO && shorter >= 2 && matches / shorter >= SPLIT_CONTAINED) return PAIR_CUTOFF + ratio / 10;
    return 0;
  }

  function diffCells(oldCells, newCells) {
    var out = [], leftover = [];
    new SequenceMatcher(oldCells.map(norm), newCells.map(norm)).getOpcodes().forEach(function (c) {
      var olds = oldCells.slice(c[1], c[2]), news = newCells.slice(c[3], c[4]);
      for (var k = 0; k < Math.max(olds.length, news.length); k++) {
        if (k < news.length) {
          var ops = c[0] === "equal" ? [{ tag: "equal", text: news[k] }]
            : k < olds.length ? diffWords(olds[k], news[k])
            : news[k] ? [{ tag: "insert", text: news[k] }] : [];
          out.push(leftover.concat(ops));
          leftover = [];
        } else if (olds[k]) {
          leftover.push({ tag: "delete", text: olds[k] });
        }
      }
    });
    if (leftover.length) {
      if (out.length) out[out.length - 1] = out[out.length - 1].concat([{ tag: "equal", text: " " }], leftover);
      else out.push(leftover);
    }
    return out;
  }

  function change(oldBlock, newBlock) {
    if (newBlock.kind === "row") return { tag: "change", old: oldBlock, block: newBlock, cells: diffCells(oldBlock.cells || [], newBlock.cells || []) };
    if (newBlock.kind === "code" || newBlock.kind === "html") {
      return oldBlock.html === newBlock.html ? { tag: "equal", old: oldBlock, block: newBlock } : { tag: "change", old: oldBlock, block: newBlock };
    }
    return { tag: "change", old: oldBlock, block: newBlock, words: diffWords(oldBlock.html, newBlock.html) };
  }

  function pair(olds, news) {
    function split() {
      return olds.map(function (o) { return { tag: "delete", block: o }; })
        .concat(news.map(function (n) { return { tag: "insert", block: n }; }));
    }
    if (!olds.length || !news.length || olds.length * news.length > PAIR_LIMIT) return split();
    var scores = olds.map(function (o) { return news.map(function (n) { return similarity(o, n); }); });
    function best(i1, i2, j1, j2) {
      var top = PAIR_CUTOFF - 1e-9, at = null;
      for (var i = i1; i < i2; i++) {
        for (var j = j1; j < j2; j++) {
          if (scores[i][j] > top) { top = scores[i][j]; at = [i, j]; }
        }
      }
      if (!at) {
        return olds.slice(i1, i2).map(function (o) { return { tag: "delete", block: o }; })
          .concat(news.slice(j1, j2).map(function (n) { return { tag: "insert", block: n }; }));
      }
      return best(i1, at[0], j1, at[1]).concat([change(olds[at[0]], news[at[1]])], best(at[0] + 1, i2, at[1] + 1, j2));
    }
    return best(0, olds.length, 0, news.length);
  }

  function diffBlocks(oldBlocks, newBlocks) {
    var ops = [];
    new SequenceMatcher(oldBlocks.map(blockKey), newBlocks.map(blockKey)).getOpcodes().forEach(function (c) {
      if (c[0] === "equal") {
        for (var k = 0; k < c[2] - c[1]; k++) ops.push({ tag: "equal", old: oldBlocks[c[1] + k], block: newBlocks[c[3] + k] });
      } else {
        ops = ops.concat(pair(oldBlocks.slice(c[1], c[2]), newBlocks.slice(c[3], c[4])));
      }
    });
    return ops;
  }

  /* ------------------------------------------------------------------ sections */

  function matchSections(olds, news) {
    var match = new Map(), byName = new Map();
    olds.forEach(function (s, i) { byName.set(s.name, i); });
    news.forEach(function (s, j) { if (byName.has(s.name)) match.set(j, byName.get(s.name)); });
    ["anchor", "hash"].forEach(function (attr) {
      var taken = new Set(match.values()), free = new Map();
      olds.forEach(function (s, i) { if (!taken.has(i) && !free.has(s[attr])) free.set(s[attr], i); });
      news.forEach(function (s, j) {
        if (!match.has(j) && free.has(s[attr])) { match.set(j, free.get(s[attr])); free.delete(s[attr]); }
      });
    });
    return match;
  }

  function compare(oldData, newData) {
    /* Section changes in the new version's order, removed sections at their old place. */
    var olds = oldData.sections, news = newData.sections, match = matchSections(olds, news);
    var seqNew = [];
    news.forEach(function (s, j) { if (match.has(j)) seqNew.push(j); });
    var seqOld = seqNew.slice().sort(function (x, y) { return match.get(x) - match.get(y); });
    var inOrder = new Set();
    new SequenceMatcher(seqOld, seqNew).getMatchingBlocks().forEach(function (m) {
      for (var k = 0; k < m[2]; k++) inOrder.add(seqNew[m[1] + k]);
    });
    var entries = [];
    news.forEach(function (s, j) {
      var prev = match.has(j) ? olds[match.get(j)] : null, status;
      if (!prev) status = "added";
      else if (!inOrder.has(j) || prev.name !== s.name) status = "moved";
      else if (prev.hash === s.hash) status = "unchanged";
      else status = "modified";
      entries.push({ key: [j, 0, 0], change: sectionChange(prev, s, status) });
    });
    var kept = [];
    inOrder.forEach(function (j) { kept.push([match.get(j), j]); });
    var matchedOld = new Set(match.values());
    olds.forEach(function (s, i) {
      if (matchedOld.has(i)) return;
      var after = -1;
      kept.forEach(function (p) { if (p[0] < i && p[1] > after) after = p[1]; });
      entries.push({ key: [after, 1, i], change: sectionChange(s, null, "removed") });
    });
    entries.sort(function (x, y) { return x.key[0] - y.key[0] || x.key[1] - y.key[1] || x.key[2] - y.key[2]; });
    return entries.map(function (e) { return e.change; });
  }

  function sectionChange(oldSec, newSec, status) {
    var sec = newSec || oldSec, headingOps, blocks;
    if (oldSec && newSec) {
      headingOps = oldSec.heading === newSec.heading ? [{ tag: "equal", text: newSec.heading }] : diffWords(oldSec.heading, newSec.heading);
      blocks = oldSec.hash === newSec.hash
        ? newSec.blocks.map(function (b) { return { tag: "equal", old: b, block: b }; })
        : diffBlocks(oldSec.blocks, newSec.blocks);
    } else if (newSec) {
      headingOps = [{ tag: "insert", text: newSec.heading }];
      blocks = newSec.blocks.map(function (b) { return { tag: "insert", block: b }; });
    } else {
      headingOps = [{ tag: "delete", text: oldSec.heading }];
      blocks = oldSec.blocks.map(function (b) { return { tag: "delete", block: b }; });
    }
    return { name: sec.name, oldName: oldSec ? oldSec.name : null, anchor: sec.anchor, level: sec.level, title: sec.title,
      status: status, headingOps: headingOps, blocks: blocks };
  }

  /* ------------------------------------------------------------------ rendering */

  function escapeHtml(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function Marks(strings) {
    this.s = strings;
  }

  Marks.prototype.wrap = function (tag, html, note) {
    var ins = tag === "insert", el = ins ? "ins" : "del";
    var start = ins ? this.s.insStart : this.s.delStart, end = ins ? this.s.insEnd : this.s.delEnd;
    if (note) html += '<span class="pa-url"> (<code>' + escapeHtml(note) + "</code>)</span>";
    return "<" + el + '><span class="pa-sr">' + escapeHtml(start) + " </span>" + html +
      '<span class="pa-sr"> ' + escapeHtml(end) + "</span></" + el + ">";
  };

  Marks.prototype.inline = function (ops) {
    var self = this;
    return ops.map(function (op) { return op.tag === "equal" ? op.text : self.wrap(op.tag, op.text, op.note); }).join("");
  };

  Marks.prototype.whole = function (op, html) {
    return op.tag === "equal" ? html : this.wrap(op.tag, html);
  };

  function renderBlocks(ops, marks) {
    /* Flat blocks back into nested lists and tables: every <ins>/<del> stays inside one block. */
    var out = [], lists = [], table = null;
    function closeTable() {
      if (table) { out.push(table === "head" ? "</thead></table>" : "</tbody></table>"); table = null; }
    }
    function closeLists(depth) {
      while (lists.length && lists[lists.length - 1].depth >= depth) {
        out.push("</li></" + lists.pop().tag + ">");
      }
    }
    ops.forEach(function (op) {
      var b = op.block, depth = Math.min(b.depth || 0, lists.length);
      if (b.kind !== "row") closeTable();
      if (b.kind === "item") {
        var tag = b.ordered ? "ol" : "ul";
        closeLists(depth + 1);
        var top = lists[lists.length - 1];
        if (top && top.depth === depth && top.tag !== tag) { closeLists(depth); top = null; }
        if (top && top.depth === depth) out.push("</li>");
        else { out.push("<" + tag + ">"); lists.push({ depth: depth, tag: tag }); }
        out.push("<li>" + content(op, marks));
        return;
      }
      if (b.kind === "para") {
        closeLists(depth);
        out.push("<p>" + content(op, marks) + "</p>");
        return;
      }
      closeLists(0);
      if (b.kind === "heading") {
        var h = "h" + Math.min(Math.max(b.level || 3, 1), 6);
        out.push("<" + h + (b.id ? ' id="' + escapeHtml(b.id) + '"' : "") + ">" + content(op, marks) + "</" + h + ">");
      } else if (b.kind === "row") {
        if (!table) { out.push(b.header ? "<table><thead>" : "<table><tbody>"); table = b.header ? "head" : "body"; }
        else if (table === "head" && !b.header) { out.push("</thead><tbody>"); table = "body"; }
        var cellTag = b.header ? "th" : "td";
        var cells = op.tag === "change" ? op.cells.map(function (c) { return marks.inline(c); })
          : (b.cells || []).map(function (c) { return c && op.tag !== "equal" ? marks.wrap(op.tag, c) : c; });
        out.push("<tr>" + cells.map(function (c) { return "<" + cellTag + ">" + c + "</" + cellTag + ">"; }).join("") + "</tr>");
      } else if (op.tag === "equal") {
        out.push(b.html);
      } else {
        // Code or raw HTML changed as a whole: old and new, each marked and labelled.
        if (op.tag !== "insert") out.push(boxed("del", (op.old || b).html, marks));
        if (op.tag !== "delete") out.push(boxed("ins", b.html, marks));
      }
    });
    closeTable();
    closeLists(0);
    return out.join("");
  }

  function boxed(kind, html, marks) {
    var ins = kind === "ins", s = marks.s;
    return '<div class="pa-block--' + kind + '"><p class="pa-sr">' + escapeHtml(ins ? s.insStart : s.delStart) + "</p>" +
      html + '<p class="pa-sr">' + escapeHtml(ins ? s.insEnd : s.delEnd) + "</p></div>";
  }

  function content(op, marks) {
    if (op.tag === "change") return marks.inline(op.words);
    return marks.whole(op, op.block.html);
  }

  function renderChanges(changes, strings) {
    var marks = new Marks(strings), out = [], folded = [];
    changes.forEach(function (c) {
      var h = "h" + Math.min(Math.max(c.level, 1), 6);
      var label = (strings.status && strings.status[c.status]) || c.status;
      var html = '<section class="pa-redline-section pa-redline-section--' + c.status + '" data-status="' + c.status +
        '" data-name="' + escapeHtml(c.name) + '"><' + h + ' id="' + escapeHtml(c.anchor) + '">' + marks.inline(c.headingOps) +
        ' <span class="pa-status pa-status--' + c.status + '">' + escapeHtml(label) + "</span></" + h + ">" +
        renderBlocks(c.blocks, marks) + "</section>";
      if (c.status === "unchanged") folded.push(html);
      else {
        flush();
        out.push(html);
      }
    });
    flush();
    function flush() {
      if (!folded.length) return;
      out.push('<details class="pa-unchanged"><summary>' + escapeHtml(strings.unchangedSummary || "Unchanged sections") +
        " (" + folded.length + ")</summary>" + folded.join("") + "</details>");
      folded = [];
    }
    return out.join("");
  }

  function stringsOf(el) {
    var d = el.dataset;
    return {
      insStart: d.insStart || "start of addition",
      insEnd: d.insEnd || "end of addition",
      delStart: d.delStart || "start of deletion",
      delEnd: d.delEnd || "end of deletion",
      unchangedSummary: d.unchangedSummary || "",
      status: {
        added: d.statusAdded, removed: d.statusRemoved, modified: d.statusModified,
        unchanged: d.statusUnchanged, moved: d.statusMoved,
      },
    };
  }

  function renderInto(el, oldData, newData) {
    var changes = compare(oldData, newData);
    el.innerHTML = renderChanges(changes, stringsOf(el));
    el.setAttribute("data-pa-state", "done");
    el.dispatchEvent(new CustomEvent("pa-compare:done", { bubbles: true, detail: { changes: changes } }));
    return changes;
  }

  /* ------------------------------------------------------------------ loading */

  var cache = new Map();

  function fetchJson(url) {
    if (!cache.has(url)) {
      cache.set(url, fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status);
        return r.json();
      }));
    }
    return cache.get(url);
  }

  function load(template, id) {
    /* One version's data: per-version files ("{id}" in the address) or one file with all versions. */
    if (template.indexOf("{id}") >= 0) return fetchJson(template.replace("{id}", encodeURIComponent(id)));
    return fetchJson(template).then(function (all) {
      var found = (all.versions || []).filter(function (v) { return v.version === id; })[0];
      if (!found) throw new Error("unknown version " + id);
      return found;
    });
  }

  function init(el) {
    var params = new URLSearchParams(global.location ? global.location.search : "");
    var from = params.get("from") || el.dataset.from, to = params.get("to") || el.dataset.to;
    if (!from || !to || !el.dataset.dataUrl) return Promise.resolve(null);
    el.setAttribute("aria-busy", "true");
    return Promise.all([load(el.dataset.dataUrl, from), load(el.dataset.dataUrl, to)])
      .then(function (pairData) { return renderInto(el, pairData[0], pairData[1]); })
      .catch(function (err) {
        el.setAttribute("data-pa-state", "error");
        el.textContent = el.dataset.errorText || String(err.message || err);
      })
      .finally(function () { el.removeAttribute("aria-busy"); });
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pa-compare]"), init);
  }

  global.PolicyCompare = {
    SequenceMatcher: SequenceMatcher,
    tokenize: tokenize,
    diffWords: diffWords,
    diffBlocks: diffBlocks,
    compare: compare,
    renderChanges: renderChanges,
    renderInto: renderInto,
    load: load,
    init: init,
  };

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
    else initAll();
  }
})(this);
