/* Compare any two versions in the browser: the very redline the build writes on each
 * "changes" page, computed from the data the build writes once per version
 * (`versions/<id>/data.json`, format 3: see plugins/policy_archive/redline/data.py),
 * so the build stays linear in the number of versions.
 *
 * This is a line-by-line port of the Python engine (plugins/policy_archive/redline/:
 * blocks.py keys, words.py, align.py, flow.py, sections.py, emit.py) and of the per-section
 * page structure of pages.py (changes_page). Both must produce the same HTML for the
 * same two versions: tests/test_compare_js.py checks it in Chromium.
 *
 * Usage (no build step, no dependency):
 *
 *   <div data-pa-compare
 *        data-pa-data-url="../{id}/data.json"      (or one file holding {"versions": [...]})
 *        data-pa-from="2023-12-23" data-pa-to="2025-01-01"   (else ?from=&to= of the address)
 *        data-pa-versions="2023-12-23 2025-01-01"  (the only ids that may be loaded)
 *        data-pa-ins-start="début de l’ajout" data-pa-ins-end="fin de l’ajout"
 *        data-pa-del-start="début de la suppression" data-pa-del-end="fin de la suppression"
 *        data-pa-status-added="Section ajoutée" ... data-pa-status-renamed="Section renommée"
 *        data-pa-formatting-only="mise en forme seulement" data-pa-renamed-from="Anciennement « {title} »"
 *        data-pa-moved-from="… « {title} »" data-pa-moved-to="… « {title} »"
 *        data-pa-text-moved-to="déplacé vers « {title} »" data-pa-text-moved-from="déplacé depuis « {title} »"
 *        data-pa-unchanged-fold="{count} {count|section inchangée|sections inchangées} : {titles}"
 *        data-pa-counts="Sections : {modified} {modified|modifiée|modifiées}, …" data-pa-same-content="…"
 *        data-pa-error-text="…" data-pa-same-text="…"></div>
 *
 * Every attribute is `data-pa-*`: the only data attributes the build's sanitiser lets through,
 * so policy text can never plant a hook for this script. The page's own words come from them.
 *
 * or from code: PolicyCompare.renderInto(element, oldData, newData).
 * When done the container gets data-pa-state="done" and fires "pa-compare:done".
 * A `from`/`to` that is not a version of this document (data-pa-versions), an empty one, a path
 * or an address, is refused before anything is fetched: data-pa-state="error" and the page's
 * error text; the same version twice gives data-pa-state="same" and its own text.
 */
(function (global) {
  "use strict";

  // align.py
  var PAIR_CUTOFF = 0.5;
  var SPLIT_RATIO = 0.3;
  var SPLIT_CONTAINED = 0.8;
  var PAIR_LIMIT = 2500;
  // sections.py
  var RENAME_CUTOFF = 0.5;
  var MOVE_CUTOFF = 0.75;
  var MOVE_MIN_WORDS = 4;
  var MOVE_LIMIT = 40000;
  var MOVE_TEXT_SHARE = 0.8;
  var REWRITE_CUTOFF = 0.3;
  var MOVE_RUN_WORDS = 5;
  var MOVE_RUN_LIMIT = 400;

  var EQUAL = "equal", INSERT = "insert", DELETE = "delete", CHANGE = "change";
  var MOVED_TEXT = "moved-text", MOVED_IN = "moved-in"; // words.py: a passage moved, out of here / in here
  var TEXT = "text", HEADING = "heading", ROW = "row", OPAQUE = "opaque";
  var ADDED = "added", REMOVED = "removed", MODIFIED = "modified", UNCHANGED = "unchanged",
    MOVED = "moved", RENAMED = "renamed", RENUMBERED = "renumbered";
  var STATUSES = [MODIFIED, ADDED, REMOVED, RENAMED, MOVED, RENUMBERED, UNCHANGED];
  var FOLDED = [UNCHANGED, RENUMBERED]; // pages.FOLDED: what a reader need not read again
  var KINDS = { w: "word", s: "space", p: "punct", a: "atom" };

  // blocks.PHRASING
  var PHRASING = new Set(("a abbr b bdi bdo cite code data del dfn em font i ins kbd label mark q rp rt ruby s " +
    "samp small span strike strong sub sup time tt u var").split(" "));

  /* Python's `\s` and `\w` (str patterns): JavaScript's differ outside ASCII. */
  var PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var PY_WORD = "\\p{L}\\p{N}_";
  var SPACES = new RegExp("[" + PY_SPACE + "]+", "gu"); // blocks._SPACE
  var TAG_NAME = new RegExp("^<([a-zA-Z][" + PY_WORD + "-]*)", "u"); // emit._TAG_NAME
  var HREF = new RegExp('^<a(?![' + PY_WORD + '])[^>]*[' + PY_SPACE + ']href="([^"]*)"', "u"); // words._HREF
  var ID_ATTR = / id="([^"]*)"/g;
  var FRAGMENT_HREF = / href="#([^"]*)"/g;

  /* ------------------------------------------------------------------ difflib.SequenceMatcher
   * A port of Python's SequenceMatcher(None, a, b, autojunk=False): no junk, no popular elements. */
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
    found.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
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

  function calculateRatio(matches, length) {
    return length ? (2.0 * matches) / length : 1.0;
  }

  SequenceMatcher.prototype.ratio = function () {
    var matches = 0, blocks = this.getMatchingBlocks();
    for (var n = 0; n < blocks.length; n++) matches += blocks[n][2];
    return calculateRatio(matches, this.a.length + this.b.length);
  };

  SequenceMatcher.prototype.quickRatio = function () {
    var full = new Map(), avail = new Map(), matches = 0, n;
    for (var j = 0; j < this.b.length; j++) full.set(this.b[j], (full.get(this.b[j]) || 0) + 1);
    for (var i = 0; i < this.a.length; i++) {
      var elt = this.a[i];
      n = avail.has(elt) ? avail.get(elt) : full.get(elt) || 0;
      avail.set(elt, n - 1);
      if (n > 0) matches++;
    }
    return calculateRatio(matches, this.a.length + this.b.length);
  };

  SequenceMatcher.prototype.realQuickRatio = function () {
    var la = this.a.length, lb = this.b.length;
    return calculateRatio(Math.min(la, lb), la + lb);
  };

  /* ------------------------------------------------------------------ HTML text (tree.py, emit.py) */

  var ESCAPE_ATTR = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

  function escapeAttr(s) {
    /* html.escape(s, quote=True) */
    return String(s).replace(/[&<>"']/g, function (c) { return ESCAPE_ATTR[c]; });
  }

  function escapeText(s) {
    /* tree.escape_text: html.escape(quote=False), then Markdown's special characters as entities. */
    return String(s).replace(/[&<>"'*_`[\]{}\\#|~]/g, function (c) {
      if (ESCAPE_ATTR[c]) return ESCAPE_ATTR[c];
      return "&#" + c.charCodeAt(0) + ";";
    });
  }

  function pyFormat(template, values, lang) {
    /* str.format with named fields only ("{title}", "{count}"; "{{" and "}}" for braces), and
       l10n.t's "{count|one|other}": the form that agrees with the number, by the page language's
       plural rule (Intl.PluralRules: in French 0 and 1 take the singular, as Babel says). */
    return String(template).replace(/\{\{|\}\}|\{([^{}]*)\}/g, function (m, name) {
      if (m === "{{") return "{";
      if (m === "}}") return "}";
      var forms = name.split("|");
      var key = forms.length === 3 ? forms[0] : name.split(/[!:]/)[0];
      if (!Object.prototype.hasOwnProperty.call(values, key)) throw new Error("no value for {" + key + "}");
      if (forms.length === 3) return pluralOne(Number(values[key]), lang) ? forms[1] : forms[2];
      return String(values[key]);
    });
  }

  function pluralOne(n, lang) {
    try { return new Intl.PluralRules(lang || "en").select(n) === "one"; } catch (e) { return n === 1; }
  }

  function ids(attrs) {
    var out = [], m;
    ID_ATTR.lastIndex = 0;
    while ((m = ID_ATTR.exec(attrs))) out.push(m[1]);
    return out;
  }

  function dropTaken(html, taken) {
    /* emit._drop_taken: a struck copy never holds an id that the new text uses. */
    return html.replace(ID_ATTR, function (all, id) { return taken.has(id) ? "" : all; });
  }

  function withoutId(attrs) {
    return attrs.replace(ID_ATTR, "");
  }

  function tagName(start) {
    var m = TAG_NAME.exec(start);
    return m ? m[1].toLowerCase() : "";
  }

  /* ------------------------------------------------------------------ blocks (blocks.py) */

  function Token(ctx, ctxKey, text, kind) {
    this.ctx = ctx; // start tags of the inline elements around it, outermost first
    this.text = text; // unescaped text; for an atom, its HTML
    this.kind = kind; // word | space | punct | atom
    this.key = kind === "space" ? " " : ctxKey + "\u0000" + text;
  }

  var NO_CTX = { tags: [], key: "" };
  var ROW_SPACE = new Token([], "", " ", "space");

  function tokensKey(tokens, preserve) {
    var out = [];
    for (var n = 0; n < tokens.length; n++) {
      var tok = tokens[n];
      if (tok.kind === "space" && !preserve) {
        if (out.length && out[out.length - 1] !== " ") out.push(" ");
      } else {
        out.push(!preserve || tok.kind !== "space" ? tok.key : tok.text);
      }
    }
    while (out.length && out[out.length - 1] === " ") out.pop();
    return out.join("");
  }

  function Block(kind, tag, attrs, path, tokens, cells, html, preserve) {
    this.kind = kind;
    this.tag = tag;
    this.attrs = attrs;
    this.path = path; // containers, outermost first: {tag, attrs, uid}
    this.tokens = tokens;
    this.cells = cells; // {tag, attrs, tokens}
    this.html = html;
    this.preserve = preserve;
    this.level = kind === HEADING ? parseInt(tag.charAt(1), 10) : 0;
    var depth = 0, header = false;
    for (var n = 0; n < path.length; n++) {
      if (path[n].tag === "ul" || path[n].tag === "ol") depth++;
      if (path[n].tag === "thead") header = true;
    }
    this.depth = depth;
    this.header = kind === ROW && header;
    this._key = null;
    this._words = null;
    this._all = null;
  }

  Block.prototype.allTokens = function () {
    if (this._all) return this._all;
    var out = this.tokens;
    if (this.kind === ROW) {
      out = [];
      for (var n = 0; n < this.cells.length; n++) {
        out.push.apply(out, this.cells[n].tokens);
        out.push(ROW_SPACE);
      }
    }
    return (this._all = out);
  };

  Block.prototype.key = function () {
    if (this._key !== null) return this._key;
    var key;
    if (this.kind === OPAQUE) {
      key = "opaque|" + this.html.replace(SPACES, " ");
    } else if (this.kind === ROW) {
      key = "row|" + (this.header ? 1 : 0) + "|" +
        this.cells.map(function (c) { return tokensKey(c.tokens, false); }).join("\u001f");
    } else {
      key = this.kind + "|" + this.level + "|" + this.depth + "|" + tokensKey(this.tokens, this.preserve);
    }
    return (this._key = key);
  };

  Block.prototype.words = function () {
    if (this._words) return this._words;
    var all = this.allTokens(), out = [];
    for (var n = 0; n < all.length; n++) if (all[n].kind === "word") out.push(all[n].text);
    return (this._words = out);
  };

  function readSection(sec) {
    /* One section of data.json (format 3, or 2) -> {name, anchor, level, title, hash, heading, blocks}. */
    var ctx = (sec.ctx || []).map(function (tags) { return { tags: tags, key: tags.join("") }; });
    var containers = (sec.containers || []).map(function (c) { return { tag: c[0], attrs: c[1], uid: c[2] }; });
    function tokens(list) {
      /* Format 3: "wword" (kind letter, text), a number before them their context; format 2: [ctx, kind, text]. */
      var out = [], c = NO_CTX;
      (list || []).forEach(function (t) {
        if (typeof t === "number") {
          c = t >= 0 ? ctx[t] : NO_CTX;
        } else if (typeof t === "string") {
          out.push(new Token(c.tags, c.key, t.slice(1), KINDS[t.charAt(0)]));
        } else {
          var old = t[0] >= 0 ? ctx[t[0]] : NO_CTX;
          out.push(new Token(old.tags, old.key, t[2], KINDS[t[1]]));
        }
      });
      return out;
    }
    function block(b) {
      if (!b) return null;
      var path = (b.p || []).map(function (n) { return containers[n]; });
      var cells = (b.c || []).map(function (c) { return { tag: c[0], attrs: c[1], tokens: tokens(c[2]) }; });
      return new Block(b.k, b.t, b.a, path, tokens(b.x), cells, b.h || "", !!b.w);
    }
    return {
      name: sec.name,
      anchor: sec.anchor,
      level: sec.level,
      title: sec.title,
      hash: sec.hash,
      heading: block(sec.heading),
      blocks: (sec.blocks || []).map(block),
    };
  }

  function readVersion(data) {
    if (!data || (data.format !== 3 && data.format !== 2) || !Array.isArray(data.sections)) {
      throw new Error("unsupported data format " + (data && data.format));
    }
    return data.sections.map(readSection);
  }

  /* ------------------------------------------------------------------ words (words.py) */

  function Run(tag, tokens, note) {
    this.tag = tag;
    this.tokens = tokens;
    this.note = note || "";
  }

  function keysOf(tokens) {
    return tokens.map(function (t) { return t.key; });
  }

  function isSpace(t) {
    return t.kind === "space";
  }

  function texts(tokens) {
    return tokens.map(function (t) { return t.text; });
  }

  function sameList(a, b) {
    if (a.length !== b.length) return false;
    for (var n = 0; n < a.length; n++) if (a[n] !== b[n]) return false;
    return true;
  }

  function diffTokens(old, neu) {
    /* Runs turning `old` into `new`: a change, a space, a change read as one change; spaces at
     * the edges of a change stay outside it. */
    var matcher = new SequenceMatcher(keysOf(old), keysOf(neu));
    return runsOf(matcher.getOpcodes().map(function (op) {
      return [op[0] !== "equal", old.slice(op[1], op[2]), neu.slice(op[3], op[4])];
    }));
  }

  function runsOf(raw) {
    /* words.runs_of: groups [changed?, old tokens, new tokens] of kept or changed tokens, in order
     * -> runs, tidied for reading. */
    var groups = [];
    raw.forEach(function (g) {
      var changed = g[0], olds = g[1], news = g[2];
      if (!olds.length && !news.length) return;
      var n = groups.length;
      if (changed && n >= 2 && !groups[n - 1][0] && groups[n - 2][0] && groups[n - 1][2].every(isSpace)) {
        var space = groups.pop();
        groups[n - 2][1] = groups[n - 2][1].concat(space[1], olds);
        groups[n - 2][2] = groups[n - 2][2].concat(space[2], news);
      } else if (changed && n && groups[n - 1][0]) {
        groups[n - 1][1] = groups[n - 1][1].concat(olds);
        groups[n - 1][2] = groups[n - 1][2].concat(news);
      } else {
        groups.push([changed, olds.slice(), news.slice()]);
      }
    });
    var runs = [];
    groups.forEach(function (g) {
      var olds = g[1], news = g[2];
      if (!g[0]) {
        runs.push(new Run(EQUAL, news));
        return;
      }
      var lead = [], trail = [];
      while (olds.length && news.length && olds[0].kind === news[0].kind && news[0].kind === "space") {
        lead.push(news[0]);
        olds = olds.slice(1);
        news = news.slice(1);
      }
      while (olds.length && news.length && olds[olds.length - 1].kind === news[news.length - 1].kind &&
        news[news.length - 1].kind === "space") {
        trail.unshift(news[news.length - 1]);
        olds = olds.slice(0, -1);
        news = news.slice(0, -1);
      }
      // A pure insertion or deletion starts after its space: "Act. {+It reports+}", not "Act.{+ It+}".
      var only = !olds.length ? news : !news.length ? olds : [];
      if (only.length > 1 && only[0].kind === "space") {
        lead.push(only[0]);
        if (only === news) news = news.slice(1);
        else olds = olds.slice(1);
      }
      runs.push(new Run(EQUAL, lead));
      var retarget = sameList(texts(olds), texts(news));
      runs.push(new Run(DELETE, olds, retarget ? href(olds) : ""));
      runs.push(new Run(INSERT, news, retarget ? href(news) : ""));
      runs.push(new Run(EQUAL, trail));
    });
    return coalesce(runs);
  }

  function href(tokens) {
    /* The target of the first link among the tokens, HTML-escaped as in the source. */
    for (var n = 0; n < tokens.length; n++) {
      for (var c = 0; c < tokens[n].ctx.length; c++) {
        var m = HREF.exec(tokens[n].ctx[c]);
        if (m) return m[1];
      }
    }
    return "";
  }

  function coalesce(runs) {
    var out = [];
    runs.forEach(function (run) {
      if (!run.tokens.length) return;
      var last = out[out.length - 1];
      if (last && last.tag === run.tag && last.note === run.note) {
        out[out.length - 1] = new Run(run.tag, last.tokens.concat(run.tokens), run.note);
      } else {
        out.push(run);
      }
    });
    return out;
  }

  function countWords(tokens) {
    var n = 0;
    for (var i = 0; i < tokens.length; i++) {
      if (tokens[i].kind === "word" || (tokens[i].kind === "atom" && !invisible(tokens[i]))) n++;
    }
    return n;
  }

  var EMPTY_ELEMENT = /^<(a|span|abbr|b|i|em|strong)\b[^>]*>\s*<\/\1>$/;

  function visibleOp(op) {
    /* sections._visible: whether a reader sees this op as a change (an anchor added is not one). */
    if (op.move) return true;
    if ((op.tag === INSERT || op.tag === DELETE) && (op.block.kind === TEXT || op.block.kind === HEADING)) {
      return !op.block.tokens.every(invisible);
    }
    return op.tag !== EQUAL;
  }

  function invisible(token) {
    /* words.invisible: an empty element (an anchor): on the page, but nothing to read. */
    return token.kind === "atom" && EMPTY_ELEMENT.test(token.text);
  }

  function similarity(a, b) {
    /* [difflib ratio, share of the shorter side found in the longer] of two word lists. */
    if (!a.length && !b.length) return [1.0, 1.0];
    var matches = 0;
    new SequenceMatcher(a, b).getMatchingBlocks().forEach(function (m) { matches += m[2]; });
    var shorter = Math.min(a.length, b.length);
    return [(2.0 * matches) / (a.length + b.length), shorter ? matches / shorter : 0.0];
  }

  /* ------------------------------------------------------------------ alignment (align.py) */

  function BlockOp(tag, old, neu, runs, cells, move) {
    this.tag = tag; // equal | insert | delete | change
    this.old = old;
    this.new = neu;
    this.runs = runs || [];
    this.cells = cells || [];
    this.move = move || null; // ["from"|"to", title of the other section]
    this.block = neu || old;
  }

  BlockOp.prototype._runs = function () {
    var out = this.runs.slice();
    this.cells.forEach(function (cell) { out.push.apply(out, cell); });
    return out;
  };

  BlockOp.prototype._count = function (tag) {
    if (this.move && this.move[0] === "to") return 0;
    if (this.tag === tag) return countWords(this.block.allTokens());
    var n = 0;
    this._runs().forEach(function (r) { if (r.tag === tag) n += countWords(r.tokens); });
    return n;
  };

  BlockOp.prototype.inserted = function () { return this._count(INSERT); };
  BlockOp.prototype.deleted = function () { return this._count(DELETE); };

  function ratio(a, b) {
    /* How alike two blocks are, 0 when they may not be paired. */
    if (a.kind !== b.kind) return 0.0;
    if (a.kind === ROW && a.header !== b.header) return 0.0;
    if (a.kind === ROW && a.header) return 1.0;
    if (a.kind === OPAQUE) return a.tag === b.tag ? 1.0 : 0.0;
    var wa = a.words(), wb = b.words();
    if (!wa.length && !wb.length) {
      return a.allTokens().length || b.allTokens().length ? 1.0 : PAIR_CUTOFF + 0.001;
    }
    if (a.kind === HEADING && a.level === b.level) {
      var s = similarity(wa, wb)[0], floor = PAIR_CUTOFF + 0.001;
      return s > floor ? s : floor;
    }
    var sim = similarity(wa, wb), r = sim[0];
    if (r >= PAIR_CUTOFF) return r;
    if (r >= SPLIT_RATIO && Math.min(wa.length, wb.length) >= 2 && sim[1] >= SPLIT_CONTAINED) {
      return PAIR_CUTOFF + r / 10;
    }
    return 0.0;
  }

  function split(olds, news) {
    return olds.map(function (o) { return new BlockOp(DELETE, o, null); })
      .concat(news.map(function (b) { return new BlockOp(INSERT, null, b); }));
  }

  function pair(olds, news) {
    /* Pair a changed stretch by similarity, keeping order (like difflib.Differ._fancy_replace). */
    if (!olds.length || !news.length || olds.length * news.length > PAIR_LIMIT) return split(olds, news);
    var scores = olds.map(function (o) { return news.map(function (b) { return ratio(o, b); }); });
    function best(i1, i2, j1, j2) {
      var top = PAIR_CUTOFF - 1e-9, at = null;
      for (var i = i1; i < i2; i++) {
        for (var j = j1; j < j2; j++) {
          if (scores[i][j] > top) {
            top = scores[i][j];
            at = [i, j];
          }
        }
      }
      if (!at) return split(olds.slice(i1, i2), news.slice(j1, j2));
      return best(i1, at[0], j1, at[1]).concat([change(olds[at[0]], news[at[1]])], best(at[0] + 1, i2, at[1] + 1, j2));
    }
    return best(0, olds.length, 0, news.length);
  }

  function change(old, neu) {
    /* The word-level difference of two paired blocks (equal when only formatting differs). */
    if (old.key() === neu.key()) return new BlockOp(EQUAL, old, neu);
    if (neu.kind === ROW) return new BlockOp(CHANGE, old, neu, null, diffCells(old, neu));
    if (neu.kind === OPAQUE) return new BlockOp(CHANGE, old, neu);
    return new BlockOp(CHANGE, old, neu, diffTokens(old.tokens, neu.tokens));
  }

  function cellKey(tokens) {
    return keysOf(tokens).join("");
  }

  function diffCells(old, neu) {
    /* Cell by cell, in the new row's shape; a deleted cell's text shows in the cell after it (or last). */
    var a = old.cells.map(function (c) { return cellKey(c.tokens); });
    var b = neu.cells.map(function (c) { return cellKey(c.tokens); });
    var out = [], leftover = [];
    new SequenceMatcher(a, b).getOpcodes().forEach(function (op) {
      var tag = op[0], i1 = op[1], i2 = op[2], j1 = op[3], j2 = op[4];
      for (var k = 0; k < Math.max(i2 - i1, j2 - j1); k++) {
        var oc = k < i2 - i1 ? old.cells[i1 + k].tokens : null;
        if (k < j2 - j1) {
          var nc = neu.cells[j1 + k].tokens, runs;
          if (tag === "equal") runs = [new Run(EQUAL, nc)];
          else if (oc !== null) runs = diffTokens(oc, nc);
          else runs = nc.length ? [new Run(INSERT, nc)] : [];
          out.push(leftover.concat(runs));
          leftover = [];
        } else if (oc && oc.length) {
          leftover.push(new Run(DELETE, oc));
        }
      }
    });
    if (leftover.length) {
      if (out.length) out[out.length - 1] = out[out.length - 1].concat(leftover);
      else out.push(leftover);
    }
    return out;
  }

  function diffBlocks(old, neu) {
    /* The aligned blocks of two versions of a section body. */
    var keyOf = function (b) { return b.key(); };
    var ops = [];
    new SequenceMatcher(old.map(keyOf), neu.map(keyOf)).getOpcodes().forEach(function (op) {
      if (op[0] === "equal") {
        for (var k = 0; k < op[2] - op[1]; k++) ops.push(new BlockOp(EQUAL, old[op[1] + k], neu[op[3] + k]));
      } else {
        var olds = old.slice(op[1], op[2]), news = neu.slice(op[3], op[4]);
        var paired = splitPairs(pair(olds, news));
        if (flows(olds, news)) {
          var flowed = flow(olds, news);
          if (shown(flowed) < shown(paired)) paired = flowed;
        }
        ops.push.apply(ops, paired);
      }
    });
    return ops;
  }

  // A paragraph split in two (or two merged into one): the part that went to the other block must
  // share this much of its words, and the split must show this many more words as unchanged.
  var SPLIT_PART = 0.6;
  var SPLIT_GAIN = 3;
  var SPLIT_REACH = 8; // how many blocks away the other half may be

  function splitPairs(ops) {
    /* A changed paragraph whose tail (or head) became a paragraph of its own nearby, or that absorbed
     * a deleted one: each part is compared with its own counterpart. */
    for (var i = 0; i < ops.length; i++) {
      var op = ops[i];
      if (op.tag !== CHANGE || !op.old || !op.new || op.old.kind !== TEXT || op.new.kind !== TEXT) continue;
      for (var j = Math.max(0, i - SPLIT_REACH); j < Math.min(ops.length, i + SPLIT_REACH + 1); j++) {
        var other = ops[j], done;
        if (other.tag === INSERT && other.new && other.new.kind === TEXT) {
          done = splitBlock(op.old, op.new, other.new, j > i, true);
        } else if (other.tag === DELETE && other.old && other.old.kind === TEXT) {
          done = splitBlock(op.new, op.old, other.old, j > i, false);
        } else {
          continue;
        }
        if (done !== null) {
          ops[i] = done[0];
          ops[j] = done[1];
          break;
        }
      }
    }
    return ops;
  }

  function matches(a, b) {
    var n = 0;
    new SequenceMatcher(a, b).getMatchingBlocks().forEach(function (m) { n += m[2]; });
    return n;
  }

  function wordTexts(tokens) {
    var out = [];
    for (var n = 0; n < tokens.length; n++) if (tokens[n].kind === "word") out.push(tokens[n].text);
    return out;
  }

  function withTokens(b, tokens) {
    return new Block(b.kind, b.tag, b.attrs, b.path, tokens, b.cells, b.html, b.preserve);
  }

  function splitBlock(whole, kept, other, otherAfter, wholeIsOld) {
    /* Split `whole` at a sentence end so that one part pairs with `kept` and the other with `other`. */
    var tokens = whole.tokens, ends = [], k, n;
    for (k = 1; k < tokens.length - 1; k++) {
      if (tokens[k].kind === "punct" && ".;:!?".indexOf(tokens[k].text) >= 0 && tokens[k + 1].kind === "space") {
        ends.push(k);
      }
    }
    if (!ends.length) return null;
    var keptWords = kept.words(), otherWords = other.words();
    var best = matches(whole.words(), keptWords) + SPLIT_GAIN, bestK = -1;
    for (n = 0; n < ends.length; n++) {
      k = ends[n];
      var head = tokens.slice(0, k + 1), tail = tokens.slice(k + 2);
      var mine = otherAfter ? head : tail, theirs = otherAfter ? tail : head;
      var theirsWords = wordTexts(theirs);
      if (!theirsWords.length) continue;
      var mOther = matches(theirsWords, otherWords);
      if (2 * mOther < SPLIT_PART * (theirsWords.length + otherWords.length)) continue;
      var score = matches(wordTexts(mine), keptWords) + mOther;
      if (score > best) {
        best = score;
        bestK = k;
      }
    }
    if (bestK < 0) return null;
    var h = tokens.slice(0, bestK + 1), t = tokens.slice(bestK + 2);
    var partMine = withTokens(whole, otherAfter ? h : t), partTheirs = withTokens(whole, otherAfter ? t : h);
    if (wholeIsOld) return [change(partMine, kept), change(partTheirs, other)];
    return [change(kept, partMine), change(other, partTheirs)];
  }

  /* ------------------------------------------------------------------ flowing text (flow.py) */

  // Beyond this many tokens in a changed stretch, text is not followed across blocks.
  var FLOW_LIMIT = 6000;
  var SEP = new Token([], "", " ", "sep"); // the boundary between blocks, compared by identity

  function flows(olds, news) {
    /* Whether a changed stretch may be read as flowing text: only paragraphs, items and headings. */
    if (!olds.length || !news.length) return false;
    var blocks = olds.concat(news), total = 0;
    for (var n = 0; n < blocks.length; n++) {
      var b = blocks[n];
      if ((b.kind !== TEXT && b.kind !== HEADING) || b.preserve) return false;
      total += b.tokens.length;
    }
    return total <= FLOW_LIMIT;
  }

  function flatten(blocks) {
    /* Tokens of every block, each block followed by a boundary; and the block of each token. */
    var tokens = [], owner = [];
    blocks.forEach(function (block, n) {
      for (var k = 0; k < block.tokens.length; k++) {
        tokens.push(block.tokens[k]);
        owner.push(n);
      }
      tokens.push(SEP);
      owner.push(n);
    });
    return [tokens, owner];
  }

  function flow(olds, news) {
    /* The changed stretch read as one text, diffed word by word, shown in the new blocks. */
    var fa = flatten(olds), fb = flatten(news);
    var a = fa[0], aOwner = fa[1], b = fb[0], bOwner = fb[1];
    var matcher = new SequenceMatcher(keysOf(a), keysOf(b));
    var perBlock = news.map(function () { return []; });
    var shared = news.map(function () { return new Map(); }); // kept tokens from each old block
    var whole = new Map(); // new block index before which old blocks deleted whole are shown
    var starts = new Set();
    for (var s = 0; s < a.length; s++) if (s === 0 || a[s - 1] === SEP) starts.add(s);

    function home(j) {
      /* The new block that shows a deletion made before new token j. */
      if (j > 0 && b[j - 1] !== SEP) return bOwner[j - 1];
      return j < b.length ? bOwner[j] : news.length - 1;
    }

    matcher.getOpcodes().forEach(function (op) {
      var tag = op[0], i1 = op[1], i2 = op[2], j1 = op[3], j2 = op[4], j;
      if (tag === "equal") {
        for (j = j1; j < j2; j++) {
          if (b[j] !== SEP) {
            perBlock[bOwner[j]].push([false, [b[j]], [b[j]]]);
            var oldBlock = aOwner[i1 + j - j1], counts = shared[bOwner[j]];
            counts.set(oldBlock, (counts.get(oldBlock) || 0) + 1);
          }
        }
        return;
      }
      var i = i1;
      while (i < i2) {
        var ob = aOwner[i], end = i;
        while (end < i2 && aOwner[end] === ob) end++;
        // Every word of the old block is gone (its boundary may have matched another): shown whole.
        if (starts.has(i) && (a[end - 1] === SEP || a[end] === SEP)) {
          var at = j1 < b.length ? home(j1) : news.length;
          if (!whole.has(at)) whole.set(at, []);
          whole.get(at).push(ob);
        } else {
          var deleted = a.slice(i, end).map(function (t) { return t !== SEP ? t : new Token([], "", " ", "space"); });
          perBlock[home(j1)].push([true, deleted, []]);
        }
        i = end;
      }
      for (j = j1; j < j2; j++) {
        if (b[j] !== SEP) perBlock[bOwner[j]].push([true, [], [b[j]]]);
      }
    });

    var ops = [];
    function deletedWhole(n) {
      (whole.get(n) || []).forEach(function (ob) { ops.push(new BlockOp(DELETE, olds[ob], null)); });
    }
    news.forEach(function (block, n) {
      deletedWhole(n);
      var runs = runsOf(perBlock[n]);
      var source = null, most = 0; // max by (count, -index)
      shared[n].forEach(function (count, k) {
        if (source === null || count > most || (count === most && k < source)) {
          source = k;
          most = count;
        }
      });
      var allEqual = runs.every(function (r) { return r.tag === EQUAL; });
      if (allEqual && source !== null) ops.push(new BlockOp(EQUAL, olds[source], block));
      else if (runs.every(function (r) { return r.tag === INSERT; })) ops.push(new BlockOp(INSERT, null, block));
      else ops.push(new BlockOp(CHANGE, source !== null ? olds[source] : null, block, runs));
    });
    deletedWhole(news.length);
    return ops;
  }

  function shown(ops) {
    /* Words a redline marks: the fewer, the closer to what really changed. */
    var n = 0;
    ops.forEach(function (op) { n += op.inserted() + op.deleted(); });
    return n;
  }

  /* ------------------------------------------------------------------ HTML (emit.py) */

  function Marks(s) {
    this.s = s;
  }

  Marks.prototype.open = function (tag, cls) {
    if (tag === MOVED_TEXT || tag === MOVED_IN) {
      return '<span class="pa-moved pa-moved--' + (tag === MOVED_TEXT ? "out" : "in") + '">';
    }
    var ins = tag === INSERT, element = ins ? "ins" : "del", start = ins ? this.s.insStart : this.s.delStart;
    var attr = cls ? ' class="' + cls + '"' : "";
    return "<" + element + attr + '><span class="pa-sr">' + escapeAttr(start) + " </span>";
  };

  Marks.prototype.close = function (tag, note) {
    if (tag === MOVED_TEXT || tag === MOVED_IN) {
      var where = escapeAttr(pyFormat(tag === MOVED_TEXT ? this.s.textMovedTo : this.s.textMovedFrom, { title: note }));
      return '<span class="pa-moved__note"> (' + where + ")</span></span>";
    }
    var ins = tag === INSERT, element = ins ? "ins" : "del", end = ins ? this.s.insEnd : this.s.delEnd;
    var url = note ? '<span class="pa-url"> (<code>' + note + "</code>)</span>" : "";
    return url + '<span class="pa-sr"> ' + escapeAttr(end) + "</span></" + element + ">";
  };

  function inline(runs, marks) {
    /* Runs of tokens as inline HTML; contexts reopened as needed, <ins>/<del> inside them. */
    var out = [], stack = []; // ["ctx", start tag] | [op, note]
    function closeTo(n) {
      while (stack.length > n) {
        var e = stack.pop();
        out.push(e[0] === "ctx" ? "</" + tagName(e[1]) + ">" : marks.close(e[0], e[1]));
      }
    }
    runs.forEach(function (run) {
      var op = run.tag;
      run.tokens.forEach(function (tok) {
        var ctx = tok.ctx, kept = 0, i = 0, s;
        for (s = 0; s < stack.length; s++) {
          var kind = stack[s][0], value = stack[s][1];
          if (kind === "ctx" && i < ctx.length && ctx[i] === value) i++;
          else if (kind === op && value === run.note && ctx.slice(i).every(function (c) {
            return PHRASING.has(tagName(c));
          })) { /* the change goes on (it never wraps a block such as a cell's <p>) */ }
          else break;
          kept++;
        }
        closeTo(kept);
        var marked = false;
        for (s = 0; s < stack.length; s++) if (stack[s][0] === op) marked = true;
        while (i < ctx.length && (op === EQUAL || marked || !PHRASING.has(tagName(ctx[i])))) {
          stack.push(["ctx", ctx[i]]);
          out.push(ctx[i]);
          i++;
        }
        if (op !== EQUAL && !marked) {
          stack.push([op, run.note]);
          out.push(marks.open(op, ""));
        }
        while (i < ctx.length) {
          stack.push(["ctx", ctx[i]]);
          out.push(ctx[i]);
          i++;
        }
        out.push(tok.kind === "atom" ? tok.text : escapeText(tok.text));
      });
    });
    closeTo(0);
    return out.join("");
  }

  function whole(tag, tokens) {
    if (tokens.length && tokens.every(invisible)) return [new Run(EQUAL, tokens)]; // an anchor: nothing to mark
    return tokens.length ? [new Run(tag, tokens)] : [];
  }

  function leaf(op, marks, taken) {
    var block = op.block, attrs = block.attrs;
    if (!op.new || (op.move && op.move[0] === "to")) { // shown from the old text only
      if (ids(attrs).some(function (i) { return taken.has(i); })) attrs = withoutId(attrs);
    }
    if (block.kind === OPAQUE) {
      if (op.tag === EQUAL) return block.html;
      if (op.tag === CHANGE) {
        return marks.open(DELETE, "pa-block") + dropTaken(op.old.html, taken) + marks.close(DELETE) +
          marks.open(INSERT, "pa-block") + block.html + marks.close(INSERT);
      }
      var shown = op.tag === DELETE ? dropTaken(block.html, taken) : block.html;
      return marks.open(op.tag, "pa-block") + shown + marks.close(op.tag);
    }
    if (block.kind === ROW) {
      var body = "";
      if (op.tag === CHANGE) {
        var cells = op.cells.map(function (runs) { return inline(runs, marks); });
        var shape = block.cells.map(function (c) { return [c.tag, c.attrs]; });
        while (shape.length < cells.length) shape.push(["td", ""]);
        for (var n = 0; n < Math.min(shape.length, cells.length); n++) {
          body += "<" + shape[n][0] + shape[n][1] + ">" + cells[n] + "</" + shape[n][0] + ">";
        }
        return "<tr" + attrs + ">" + body + "</tr>";
      }
      var cls = op.tag === EQUAL ? "" : ' class="pa-row--' + (op.tag === INSERT ? "ins" : "del") + '"';
      block.cells.forEach(function (c) {
        body += "<" + c.tag + c.attrs + ">" + inline(whole(op.tag, c.tokens), marks) + "</" + c.tag + ">";
      });
      return "<tr" + attrs + cls + ">" + body + "</tr>";
    }
    var text, inner, note;
    if (op.move && op.move[0] === "to") {
      note = escapeAttr(pyFormat(marks.s.movedTo, { title: op.move[1] }));
      text = inline(whole(EQUAL, block.tokens), marks);
      inner = block.tag ? "<" + block.tag + attrs + ">" + text + "</" + block.tag + ">" : text;
      return '<div class="pa-moved pa-moved--out"><p class="pa-moved__note">' + note + "</p>" + inner + "</div>";
    }
    var runs = op.tag === CHANGE ? op.runs : whole(op.tag, block.tokens);
    text = inline(runs, marks);
    inner = block.tag ? "<" + block.tag + attrs + ">" + text + "</" + block.tag + ">" : text;
    if (op.move) {
      note = escapeAttr(pyFormat(marks.s.movedFrom, { title: op.move[1] }));
      return '<div class="pa-moved pa-moved--in"><p class="pa-moved__note">' + note + "</p>" + inner + "</div>";
    }
    return inner;
  }

  function containerMap(ops) {
    /* Old container uid -> the new container it was aligned with (level by level, same tag). */
    var mapping = new Map();
    ops.forEach(function (op) {
      if (!op.old || !op.new || op.move) return;
      var n = Math.min(op.old.path.length, op.new.path.length);
      for (var k = 0; k < n; k++) {
        var old = op.old.path[k], neu = op.new.path[k];
        if (old.tag !== neu.tag) break;
        if (!mapping.has(old.uid)) mapping.set(old.uid, neu);
      }
    });
    return mapping;
  }

  function body(ops, marks, initial) {
    /* The redlined body of a section as HTML. */
    var mapping = containerMap(ops), taken = new Set(initial || []);
    ops.forEach(function (op) {
      if (!op.new) return;
      ids(op.new.attrs).forEach(function (i) { taken.add(i); });
      if (op.new.kind === OPAQUE) ids(op.new.html).forEach(function (i) { taken.add(i); });
      op.new.path.forEach(function (c) { ids(c.attrs).forEach(function (i) { taken.add(i); }); });
    });
    var out = [], stack = [];
    ops.forEach(function (op) {
      var block = op.block, path;
      if (op.new) {
        path = block.path;
      } else {
        path = block.path.map(function (c) {
          return mapping.get(c.uid) || { tag: c.tag, attrs: withoutId(c.attrs), uid: "o" + c.uid };
        });
      }
      var common = 0;
      while (common < stack.length && common < path.length && stack[common].uid === path[common].uid) common++;
      while (stack.length > common) out.push("</" + stack.pop().tag + ">");
      for (var k = common; k < path.length; k++) {
        stack.push(path[k]);
        out.push("<" + path[k].tag + path[k].attrs + ">");
      }
      out.push(leaf(op, marks, taken));
    });
    while (stack.length) out.push("</" + stack.pop().tag + ">");
    return out.join("");
  }

  /* ------------------------------------------------------------------ sections (sections.py) */

  function sectionWords(s) {
    var out = s.heading ? s.heading.words().slice() : [];
    s.blocks.forEach(function (b) { out.push.apply(out, b.words()); });
    return out;
  }

  function sectionKey(s) {
    if (s._textKey === undefined) {
      s._textKey = JSON.stringify([s.heading ? s.heading.key() : ""].concat(s.blocks.map(function (b) { return b.key(); })));
    }
    return s._textKey;
  }

  function byScore(x, y) {
    /* sorted() of (-ratio, i, j) tuples */
    return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1] || x[2] - y[2];
  }

  function matchSections(olds, news) {
    /* new index -> old index: by file name, anchor, identical text, then similar text. */
    var match = new Map(), byName = new Map();
    olds.forEach(function (s, i) { byName.set(s.name, i); });
    news.forEach(function (s, j) { if (byName.has(s.name)) match.set(j, byName.get(s.name)); });
    ["anchor", "text"].forEach(function (attr) {
      var key = function (s) { return attr === "anchor" ? s.anchor : sectionKey(s); };
      var taken = new Set(match.values()), free = new Map();
      olds.forEach(function (s, i) {
        if (!taken.has(i) && !free.has(key(s))) free.set(key(s), i);
      });
      news.forEach(function (s, j) {
        if (match.has(j)) return;
        var k = key(s);
        if (free.has(k)) {
          match.set(j, free.get(k));
          free.delete(k);
        }
      });
    });
    var taken = new Set(match.values());
    var leftOld = [], leftNew = [];
    olds.forEach(function (s, i) { if (!taken.has(i)) leftOld.push(i); });
    news.forEach(function (s, j) { if (!match.has(j)) leftNew.push(j); });
    if (leftOld.length && leftNew.length && leftOld.length * leftNew.length <= 400) {
      var scored = [];
      leftOld.forEach(function (i) {
        var wa = sectionWords(olds[i]);
        leftNew.forEach(function (j) {
          var r = similarity(wa, sectionWords(news[j]))[0];
          var place = order(olds[i].name), samePlace = place !== null && place === order(news[j].name);
          if (r >= RENAME_CUTOFF || (samePlace && r >= REWRITE_CUTOFF)) scored.push([-r, i, j]);
        });
      });
      scored.sort(byScore);
      var usedOld = new Set();
      scored.forEach(function (s) {
        if (!usedOld.has(s[1]) && !match.has(s[2])) {
          match.set(s[2], s[1]);
          usedOld.add(s[1]);
        }
      });
    }
    return match;
  }

  var ORDER = /^(\d+[a-z]?)[-_.]/;
  var NUMBER = /^\s*(\d+(?:\.\d+)*[a-z]?)[.)]?\s+/; // sections._NUMBER: "5. ", "5) ", "5.2 "

  function renumbered(oldTitle, newTitle) {
    /* sections.renumbered: two headings that differ only in their leading number. */
    var a = NUMBER.exec(oldTitle), b = NUMBER.exec(newTitle);
    return !!(a && b && a[1] !== b[1] && oldTitle.slice(a[0].length) === newTitle.slice(b[0].length));
  }

  function order(name) {
    /* sections._order: "02-what.md" -> "02"; a rewritten section keeps its order number. */
    var m = ORDER.exec(name);
    return m ? m[1] : null;
  }

  function headingRuns(old, neu) {
    if (old && neu) {
      var op = change(old, neu);
      return op.tag === CHANGE ? op.runs : [new Run(EQUAL, neu.tokens)];
    }
    if (neu) return [new Run(INSERT, neu.tokens)];
    if (old) return [new Run(DELETE, old.tokens)];
    return [];
  }

  function idOf(block) {
    var m = block ? / id="([^"]*)"/.exec(block.attrs) : null;
    return m ? m[1] : "";
  }

  function movable(b) {
    return (b.kind === TEXT || b.kind === HEADING) && countWords(b.tokens) >= MOVE_MIN_WORDS;
  }

  function findMoves(entries) {
    /* Deleted and inserted blocks that are the same paragraph: marked as moves (one-to-one). */
    var gone = [], came = [];
    entries.forEach(function (e) {
      e.ops.forEach(function (op, k) { if (op.tag === DELETE && movable(op.old)) gone.push([e, k]); });
    });
    entries.forEach(function (e) {
      e.ops.forEach(function (op, k) { if (op.tag === INSERT && movable(op.new)) came.push([e, k]); });
    });
    if (!gone.length || !came.length || gone.length * came.length > MOVE_LIMIT) return;
    var scored = [];
    gone.forEach(function (g, gi) {
      var wa = g[0].ops[g[1]].old.words();
      came.forEach(function (c, ci) {
        var sm = new SequenceMatcher(wa, c[0].ops[c[1]].new.words());
        if (sm.realQuickRatio() < MOVE_CUTOFF || sm.quickRatio() < MOVE_CUTOFF) return;
        var r = sm.ratio();
        if (r >= MOVE_CUTOFF) scored.push([-r, gi, ci]);
      });
    });
    scored.sort(byScore);
    var usedG = new Set(), usedC = new Set();
    scored.forEach(function (s) {
      var gi = s[1], ci = s[2];
      if (usedG.has(gi) || usedC.has(ci)) return;
      usedG.add(gi);
      usedC.add(ci);
      var ge = gone[gi][0], gk = gone[gi][1], ce = came[ci][0], ck = came[ci][1];
      var old = ge.ops[gk].old, neu = ce.ops[ck].new;
      ge.ops[gk] = new BlockOp(DELETE, old, null, null, null, ["to", ce.change.title]);
      var runs = old.key() !== neu.key() ? diffTokens(old.tokens, neu.tokens) : [new Run(EQUAL, neu.tokens)];
      ce.ops[ck] = new BlockOp(CHANGE, old, neu, runs, null, ["from", ge.change.title]);
    });
  }

  function deletedRuns(op) {
    if (op.tag === DELETE && op.old && (op.old.kind === TEXT || op.old.kind === HEADING) && !op.move) {
      return [new Run(DELETE, op.old.tokens)];
    }
    if (op.tag === CHANGE && !op.move && op.old && (op.old.kind === TEXT || op.old.kind === HEADING)) return op.runs;
    return [];
  }

  function wordSpan(tokens, first, last) {
    /* Token indexes [start, end) covering words first..last-1. */
    var start = 0, end = 0, n = 0;
    for (var k = 0; k < tokens.length; k++) {
      if (tokens[k].kind === "word") {
        if (n === first) start = k;
        if (n === last - 1) end = k + 1;
        n++;
      }
    }
    return [start, end];
  }

  function findMovedText(entries) {
    /* A new block or a new section's heading whose words were deleted elsewhere (four sentences of a
     * paragraph become the headings of four sections): shown as moved text on both sides. */
    var candidates = [];
    entries.forEach(function (e, ei) {
      if (e.change.status === ADDED && e.new && e.new.level) {
        var head = e.new.heading;
        if (head && countWords(head.tokens) >= MOVE_MIN_WORDS) candidates.push([ei, -1, head]);
      }
      e.ops.forEach(function (op, k) {
        if (op.tag === INSERT && !op.move && op.new && movable(op.new)) candidates.push([ei, k, op.new]);
      });
    });
    var fragments = 0;
    entries.forEach(function (e) { e.ops.forEach(function (op) { fragments += deletedRuns(op).length; }); });
    if (!candidates.length || candidates.length * fragments > MOVE_LIMIT) return;
    candidates.forEach(function (cand) {
      var ei = cand[0], k = cand[1], block = cand[2];
      var words = block.words(), best = null;
      if (words.length < MOVE_MIN_WORDS) return; // images or numbers only: nothing to recognise
      entries.forEach(function (e, fi) {
        e.ops.forEach(function (op, fk) {
          deletedRuns(op).forEach(function (run, ri) {
            var gone = wordTexts(run.tokens);
            if (run.tag !== DELETE || gone.length < MOVE_MIN_WORDS) return;
            var found = new SequenceMatcher(gone, words).getMatchingBlocks().filter(function (m) { return m[2]; });
            var matched = 0;
            found.forEach(function (m) { matched += m[2]; });
            if (!found.length || matched < MOVE_TEXT_SHARE * words.length) return;
            var first = found[0][0], lastBlock = found[found.length - 1], last = lastBlock[0] + lastBlock[2];
            // The moved words must make up most of the passage they are taken from.
            if (matched >= MOVE_TEXT_SHARE * (last - first) && (best === null || matched > best[0])) {
              best = [matched, fi, fk, ri, first, last];
            }
          });
        });
      });
      if (best === null) return;
      var fi = best[1], fk = best[2], ri = best[3];
      var source = entries[fi].change, target = entries[ei].change;
      var op = entries[fi].ops[fk];
      var runs = deletedRuns(op).slice();
      var tokens = runs[ri].tokens;
      var span = wordSpan(tokens, best[4], best[5]), start = span[0], end = span[1];
      var parts = [
        new Run(DELETE, tokens.slice(0, start)),
        new Run(MOVED_TEXT, tokens.slice(start, end), target.title),
        new Run(DELETE, tokens.slice(end)),
      ].filter(function (r) { return r.tokens.length; });
      runs.splice.apply(runs, [ri, 1].concat(parts));
      entries[fi].ops[fk] = new BlockOp(CHANGE, op.old, op.new, runs);
      var movedRuns = diffTokens(tokens.slice(start, end), block.tokens);
      if (k < 0) {
        target.headingMovedFrom = source.title;
        target.headingRuns = movedRuns;
      } else {
        entries[ei].ops[k] = new BlockOp(CHANGE, null, block, movedRuns, null, ["from", source.title]);
      }
    });
  }

  function splitRun(run, first, last, tag, note) {
    var span = wordSpan(run.tokens, first, last);
    return [
      new Run(run.tag, run.tokens.slice(0, span[0])), // as in Python: the parts left keep no note
      new Run(tag, run.tokens.slice(span[0], span[1]), note),
      new Run(run.tag, run.tokens.slice(span[1])),
    ].filter(function (r) { return r.tokens.length; });
  }

  function textRuns(op) {
    /* The runs of a changed, inserted or deleted paragraph or heading (not of moved ones). */
    var block = op.block;
    if (op.move || (block.kind !== TEXT && block.kind !== HEADING)) return [];
    if (op.tag === CHANGE) return op.runs;
    if (op.tag === INSERT || op.tag === DELETE) return [new Run(op.tag, block.tokens)];
    return [];
  }

  function findMovedPassages(entries) {
    /* Passages of a changed paragraph that reappear, word for word, in another changed paragraph:
     * moved on both sides (the longest first, so a passage is never cut by a shorter one). */
    for (;;) {
      var gone = [], came = [];
      entries.forEach(function (e, ei) {
        e.ops.forEach(function (op, k) {
          textRuns(op).forEach(function (run, ri) {
            var words = []; // keys: a link's words carry its target
            run.tokens.forEach(function (t) { if (t.kind === "word") words.push(t.key); });
            if (words.length < MOVE_RUN_WORDS) return;
            if (run.tag === DELETE) gone.push([ei, k, ri, words]);
            else if (run.tag === INSERT) came.push([ei, k, ri, words]);
          });
        });
      });
      if (!gone.length || !came.length || gone.length * came.length > MOVE_RUN_LIMIT) return;
      var best = null;
      gone.forEach(function (g) {
        came.forEach(function (c) {
          var m = new SequenceMatcher(g[3], c[3]).findLongestMatch(0, g[3].length, 0, c[3].length);
          if (m[2] >= MOVE_RUN_WORDS && (best === null || m[2] > best[0])) best = [m[2], g, c, m[0], m[1]];
        });
      });
      if (best === null) return;
      var size = best[0], g = best[1], c = best[2];
      var source = entries[g[0]].change, target = entries[c[0]].change;
      var sides = [[g, best[3], MOVED_TEXT, target.title], [c, best[4], MOVED_IN, source.title]];
      // In one paragraph, split the later run first: splitting the earlier one would shift it.
      sides.sort(function (x, y) {
        return y[0][0] - x[0][0] || y[0][1] - x[0][1] || y[0][2] - x[0][2];
      });
      sides.forEach(function (side) {
        var ei = side[0][0], k = side[0][1], ri = side[0][2];
        var op = entries[ei].ops[k];
        var runs = textRuns(op).slice();
        runs.splice.apply(runs, [ri, 1].concat(splitRun(runs[ri], side[1], side[1] + size, side[2], side[3])));
        entries[ei].ops[k] = new BlockOp(CHANGE, op.old, op.new, runs);
      });
    }
  }

  function pairSections(old, neu, inOrder) {
    var ops;
    if (old && neu && old.hash === neu.hash && (old.level > 0) === (neu.level > 0)) {
      ops = neu.blocks.map(function (b) { return new BlockOp(EQUAL, b, b); }); // the same text: nothing to align
    } else if (old && neu) ops = diffBlocks(old.blocks, neu.blocks);
    else if (neu) ops = neu.blocks.map(function (b) { return new BlockOp(INSERT, null, b); });
    else ops = old.blocks.map(function (b) { return new BlockOp(DELETE, b, null); });
    var ref = neu || old;
    var status = !old ? ADDED : !neu ? REMOVED : MODIFIED;
    if (old && neu && old.name !== neu.name && old.anchor !== neu.anchor) status = RENAMED;
    var c = {
      name: ref.name,
      anchor: ref.anchor,
      status: status,
      title: ref.title,
      level: ref.level,
      headingHtml: "",
      headingId: idOf((neu || old).heading),
      bodyHtml: "",
      oldName: old ? old.name : null,
      oldTitle: old ? old.title : "",
      moved: !!(old && neu && (!inOrder || old.name !== neu.name) && status !== RENAMED),
      formattingOnly: false,
      wordsInserted: 0,
      wordsDeleted: 0,
      headingRuns: [],
      headingMovedFrom: "", // the heading is text moved from this section (its title)
      ops: [],
    };
    return { change: c, ops: ops, old: old, new: neu };
  }

  function finish(e, marks) {
    var c = e.change, ops = e.ops, old = e.old, neu = e.new;
    if (c.headingMovedFrom) {
      var note = escapeAttr(pyFormat(marks.s.textMovedFrom, { title: c.headingMovedFrom }));
      c.headingHtml = '<span class="pa-moved pa-moved--in">' + inline(c.headingRuns, marks) +
        '<span class="pa-moved__note"> (' + note + ")</span></span>";
    } else {
      c.headingRuns = headingRuns(old ? old.heading : null, neu ? neu.heading : null);
      c.headingHtml = inline(c.headingRuns, marks);
    }
    c.ops = ops;
    c.bodyHtml = body(ops, marks, c.headingId ? [c.headingId] : []);
    var headingOps = c.headingRuns.filter(function (r) { return r.tag !== EQUAL; });
    var ins = 0, del = 0;
    headingOps.forEach(function (r) {
      if (r.tag === INSERT) ins += countWords(r.tokens);
      if (r.tag === DELETE) del += countWords(r.tokens);
    });
    ops.forEach(function (o) {
      ins += o.inserted();
      del += o.deleted();
    });
    c.wordsInserted = ins;
    c.wordsDeleted = del;
    if (c.status === MODIFIED) {
      var visible = headingOps.length > 0 || ops.some(visibleOp);
      if (!visible) c.formattingOnly = !!(old && neu && old.hash !== neu.hash);
      c.status = c.moved ? MOVED : visible ? MODIFIED : UNCHANGED;
      if (c.status === MODIFIED && old && neu && renumbered(old.title, neu.title) && !ops.some(visibleOp)) {
        c.status = RENUMBERED;
      }
    }
  }

  function compareSections(olds, news, marks) {
    /* The redline of every section, in the new version's order, removed sections at their old place. */
    var match = matchSections(olds, news);
    var seqNew = [];
    news.forEach(function (s, j) { if (match.has(j)) seqNew.push(j); });
    var seqOld = seqNew.slice().sort(function (x, y) { return match.get(x) - match.get(y); });
    var inOrder = new Set();
    new SequenceMatcher(seqOld, seqNew).getMatchingBlocks().forEach(function (m) {
      for (var k = 0; k < m[2]; k++) inOrder.add(seqNew[m[1] + k]);
    });
    var entries = [];
    news.forEach(function (s, j) {
      var prev = match.has(j) ? olds[match.get(j)] : null;
      var e = pairSections(prev, s, inOrder.has(j));
      e.pos = [j, 0, 0];
      entries.push(e);
    });
    var kept = [];
    inOrder.forEach(function (j) { kept.push([match.get(j), j]); });
    var matched = new Set(match.values());
    olds.forEach(function (s, i) {
      if (matched.has(i)) return;
      var after = -1;
      kept.forEach(function (p) { if (p[0] < i && p[1] > after) after = p[1]; });
      var e = pairSections(s, null, true);
      e.pos = [after, 1, i];
      entries.push(e);
    });
    entries.sort(function (x, y) { return x.pos[0] - y.pos[0] || x.pos[1] - y.pos[1] || x.pos[2] - y.pos[2]; });
    findMoves(entries);
    findMovedText(entries);
    findMovedPassages(entries);
    return entries.map(function (e) {
      finish(e, marks);
      return e.change;
    });
  }

  function stats(changes) {
    /* Sections per status (every status present), formatting-only ones, and words inserted/deleted. */
    var out = {};
    STATUSES.forEach(function (s) { out[s] = 0; });
    out.formatting_only = 0;
    out.words_inserted = 0;
    out.words_deleted = 0;
    changes.forEach(function (c) {
      out[c.status] += 1;
      if (c.formattingOnly) out.formatting_only += 1;
      out.words_inserted += c.wordsInserted;
      out.words_deleted += c.wordsDeleted;
    });
    return out;
  }

  function compare(oldData, newData, strings) {
    /* SectionChanges of two versions' data (format 3 or 2), as sections.compare computes them. */
    return compareSections(readVersion(oldData), readVersion(newData), new Marks(strings || defaults()));
  }

  /* ------------------------------------------------------------------ the page (pages.py) */

  function dedupeIds(changes) {
    /* Each section was rendered alone: an id repeated on the page is dropped after its first use. */
    var seen = new Set(["top"]);
    changes.forEach(function (c) {
      seen.add(c.anchor);
      if (c.headingId) {
        if (seen.has(c.headingId) && c.headingId !== c.anchor) c.headingId = "";
        seen.add(c.headingId);
      }
      c.bodyHtml = c.bodyHtml.replace(ID_ATTR, function (m, id) {
        if (seen.has(id)) return "";
        seen.add(id);
        return m;
      });
    });
    // Struck text may link to a part of the old text that is gone: such a link goes nowhere, so it
    // keeps its words but loses its target.
    changes.forEach(function (c) {
      c.bodyHtml = c.bodyHtml.replace(FRAGMENT_HREF, function (m, id) { return seen.has(id) ? m : ""; });
    });
  }

  function statusLabel(c, s) {
    var label = escapeAttr(s.status[c.status]);
    if (c.formattingOnly) label += " (" + escapeAttr(s.formattingOnly) + ")";
    if (c.status === RENAMED) label += " — " + escapeAttr(pyFormat(s.renamedFrom, { title: c.oldTitle }));
    var moved = c.status === MOVED ? " pa-moved" : ""; // its mark: the section itself moved
    return '<p class="pa-status pa-status--' + c.status + moved + '">' + label + "</p>";
  }

  function changeHeading(c) {
    if (!c.level) return "";
    var h = "h" + c.level;
    return "<" + h + (c.headingId ? ' id="' + c.headingId + '"' : "") + ">" + c.headingHtml + "</" + h + ">";
  }

  function changeBlock(c, s) {
    var ident = c.headingId === c.anchor ? "" : ' id="' + escapeAttr(c.anchor) + '"';
    return '<section class="pa-change pa-change--' + c.status + '"' + ident + ' data-section="' + escapeAttr(c.name) +
      '">' + statusLabel(c, s) + changeHeading(c) + '<div class="pa-redline">' + oneLine(c.bodyHtml) +
      "</div></section>";
  }

  function oneLine(markup) {
    /* pages._one_line: the page's Markdown keeps raw HTML on one line (the same text once parsed). */
    return markup.replace(/\r/g, "&#13;").replace(/\n/g, "&#10;");
  }

  function fold(group, s) {
    var titles = group.map(function (c) { return c.title || "—"; }).join(", ");
    var template = group[0].status === RENUMBERED ? s.renumberedFold : s.unchangedFold;
    var summary = escapeAttr(pyFormat(template, { count: group.length, titles: titles }, s.lang));
    return '<details class="pa-unchanged"><summary>' + summary + "</summary>" +
      group.map(function (c) { return changeBlock(c, s); }).join("") + "</details>";
  }

  function grouped(changes) {
    /* pages._grouped: consecutive unchanged sections in one group, consecutive renumbered ones in another. */
    var out = [], group = [];
    changes.forEach(function (c) {
      if (group.length && c.status !== group[0].status) {
        out.push(group);
        group = [];
      }
      if (FOLDED.indexOf(c.status) >= 0) {
        group.push(c);
        return;
      }
      out.push([c]);
    });
    if (group.length) out.push(group);
    return out;
  }

  function changesToc(changes, s) {
    /* pages._changes_toc: the changed sections, by their plain titles, with what happened to each. */
    var items = changes.filter(function (c) { return FOLDED.indexOf(c.status) < 0; }).map(function (c) {
      return '<li><a href="#' + escapeAttr(c.anchor) + '">' + escapeAttr(c.title || c.name) + "</a> " +
        '<span class="pa-toc__status">(' + escapeAttr(s.status[c.status]) + ")</span></li>";
    }).join("");
    if (!items) return "";
    return '<nav class="pa-toc" aria-labelledby="pa-toc-title"><p class="pa-toc__title" id="pa-toc-title">' +
      escapeAttr(s.tocTitle) + "</p><ol>" + items + "</ol></nav>";
  }

  function renderChanges(changes, s) {
    /* The summary counts, then each section as on a changes page (unchanged ones folded). */
    dedupeIds(changes);
    var counts = stats(changes);
    var same = changes.some(function (c) { return c.status !== UNCHANGED; })
      ? "" : '<p class="pa-summary__same"><strong>' + escapeAttr(s.sameContent) + "</strong></p>";
    var values = {};
    STATUSES.forEach(function (k) { values[k] = counts[k] || 0; });
    var out = ['<div class="pa-summary">' + same + '<p class="pa-summary__counts">' +
      escapeAttr(pyFormat(s.counts, values, s.lang)) + "</p></div>" + changesToc(changes, s)];
    grouped(changes).forEach(function (group) {
      out.push(FOLDED.indexOf(group[0].status) >= 0 ? fold(group, s) : changeBlock(group[0], s));
    });
    return out.join("");
  }

  function defaults() {
    return {
      tocTitle: "Contents",
      insStart: "start of addition",
      insEnd: "end of addition",
      delStart: "start of deletion",
      delEnd: "end of deletion",
      movedFrom: "Paragraph moved from the section “{title}”",
      movedTo: "Paragraph moved to the section “{title}”",
      textMovedTo: "moved to “{title}”",
      textMovedFrom: "moved from “{title}”",
      status: {
        added: "Section added",
        removed: "Section removed",
        modified: "Section modified",
        unchanged: "Section unchanged",
        renamed: "Section renamed",
        renumbered: "Section renumbered",
        moved: "Section moved",
      },
      formattingOnly: "formatting only",
      renamedFrom: "Formerly “{title}”",
      unchangedFold: "{count} {count|unchanged section|unchanged sections}: {titles}",
      renumberedFold: "{count} {count|renumbered section|renumbered sections}, text unchanged: {titles}",
      counts: "Sections: {modified} modified, {added} added, {removed} removed, {renamed} renamed, {moved} moved, {renumbered} renumbered, {unchanged} unchanged.",
      sameContent: "The text of this version is the same as that of the previous version: only the formatting of the source file changed.",
      lang: "en",  // the plural rule of the counts (Intl.PluralRules)
    };
  }

  function data(el, key) {
    /* data-pa-<key> ("insStart" -> data-pa-ins-start), or undefined. */
    return el.dataset["pa" + key.charAt(0).toUpperCase() + key.slice(1)];
  }

  function stringsOf(el) {
    var s = defaults();
    function pick(value, fallback) {
      return value === undefined ? fallback : value;
    }
    [["insStart"], ["insEnd"], ["delStart"], ["delEnd"], ["movedFrom"], ["movedTo"], ["textMovedTo"],
      ["textMovedFrom"], ["formattingOnly"],
      ["renamedFrom"], ["unchangedFold"], ["renumberedFold"], ["counts"], ["sameContent"], ["tocTitle"], ["lang"]].forEach(function (k) {
      s[k[0]] = pick(data(el, k[0]), s[k[0]]);
    });
    STATUSES.forEach(function (status) {
      s.status[status] = pick(data(el, "status" + status.charAt(0).toUpperCase() + status.slice(1)), s.status[status]);
    });
    return s;
  }

  function renderInto(el, oldData, newData) {
    var s = stringsOf(el);
    var changes = compare(oldData, newData, s);
    el.innerHTML = renderChanges(changes, s);
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

  var VERSION_ID = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;

  function isVersion(id, known) {
    /* A version id this page may load: the shape of one (no path, no address), and listed when
     * the page lists its document's versions. */
    return typeof id === "string" && VERSION_ID.test(id) && id.indexOf("..") < 0 && (!known || known.indexOf(id) >= 0);
  }

  function load(template, id, known) {
    /* One version's data: per-version files ("{id}" in the address) or one file with all versions. */
    if (!isVersion(id, known)) return Promise.reject(new Error("unknown version"));
    if (template.indexOf("{id}") >= 0) return fetchJson(template.replace("{id}", encodeURIComponent(id)));
    return fetchJson(template).then(function (all) {
      var found = (all.versions || []).filter(function (v) { return v.version === id; })[0];
      if (!found) throw new Error("unknown version " + id);
      return found;
    });
  }

  function knownVersions(el) {
    var list = data(el, "versions");
    return list ? list.split(/\s+/).filter(Boolean) : null;
  }

  function choice(el, search) {
    /* What the reader asked for, checked before anything is fetched:
     * {state: "idle"} (nothing asked), "error" (not two versions of this document), "same", or
     * "ok" with from and to. The address (?from=&to=) wins over data-pa-from/-to. */
    var params = new URLSearchParams(search || "");
    var asked = params.has("from") || params.has("to");
    var from = asked ? params.get("from") : data(el, "from");
    var to = asked ? params.get("to") : data(el, "to");
    if (!asked && !from && !to) return { state: "idle" };
    var known = knownVersions(el);
    if (!isVersion(from, known) || !isVersion(to, known)) return { state: "error" };
    if (from === to) return { state: "same", from: from, to: to };
    return { state: "ok", from: from, to: to };
  }

  function fail(el, state, text) {
    el.setAttribute("data-pa-state", state);
    el.textContent = text || "";
    return null;
  }

  function init(el) {
    var url = data(el, "dataUrl");
    if (!url) return Promise.resolve(null);
    var chosen = choice(el, global.location ? global.location.search : "");
    if (chosen.state === "idle") return Promise.resolve(null);
    if (chosen.state === "error") return Promise.resolve(fail(el, "error", data(el, "errorText")));
    if (chosen.state === "same") return Promise.resolve(fail(el, "same", data(el, "sameText")));
    var known = knownVersions(el);
    el.setAttribute("aria-busy", "true");
    return Promise.all([load(url, chosen.from, known), load(url, chosen.to, known)])
      .then(function (pairData) { return renderInto(el, pairData[0], pairData[1]); })
      .catch(function () { return fail(el, "error", data(el, "errorText")); })
      .finally(function () { el.removeAttribute("aria-busy"); });
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pa-compare]"), init);
  }

  global.PolicyCompare = {
    SequenceMatcher: SequenceMatcher,
    diffTokens: diffTokens,
    diffBlocks: diffBlocks,
    compare: compare,
    stats: stats,
    renderChanges: renderChanges,
    renderInto: renderInto,
    stringsOf: stringsOf,
    load: load,
    choice: choice,
    init: init,
    _py: { escapeAttr: escapeAttr, escapeText: escapeText, format: pyFormat, SPACE: PY_SPACE, WORD: PY_WORD },
  };

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
    else initAll();
  }
})(this);
