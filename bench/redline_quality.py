"""Redline quality benchmark (issue 8): do the changes pages show exactly the words that changed?

For each history of `tests/corpus/` (or any site folder given with `--site`) this
copies the site to a temporary folder, runs a real `mkdocs build --strict` with the
build date pinned (SOURCE_DATE_EPOCH = 2026-12-01 12:00 UTC), and measures the
built HTML only (standard-library `html.parser`; the project's code is not imported):

* reference: the words of the old and new version pages (`versions/<id>/`, the
  `.pa-section` elements of `<article>` plus the heading-less preamble that sits
  directly in it; no title, meta, banner, table of contents, `.headerlink`,
  `.pa-sr`), diffed with `difflib.SequenceMatcher(autojunk=False)`. A word is a
  whitespace-separated token with leading and trailing punctuation and symbols
  stripped (Unicode categories P* and S*); tokens left empty are dropped; case is
  kept. A word inside a link is compared together with the link's address, so a
  link whose target changed counts as its words deleted and inserted (what a
  redline shows). A run of >= 4 deleted words that also occurs as a run of
  inserted words elsewhere is a move and leaves both sides.
* shown: the words inside `<ins>`/`<del>` (and inside whole-block marks
  `.pa-block--ins`/`.pa-block--del`) of the `.pa-change` sections of
  `versions/<id>/changes/`, without `.pa-sr`, `.pa-url`, `.headerlink`. A move marker
  (an element whose class contains `pa-moved`, even an `<ins>`/`<del>`) and the moved
  text in it are not counted; an `<ins>`/`<del>` nested inside the moved text is (an
  edit made while moving, which the reference counts too).
* recall = |shown & reference| / |reference|, precision = |shown & reference| / |shown|
  (multisets; inserted and deleted sides counted separately, then summed; micro-averaged
  over every consecutive pair of versions in every language).
* defects: leaked Markdown syntax in visible text (version, policy and changes pages),
  in-page links to ids missing on their page, mis-nested elements on changes pages,
  and modified or moved sections that show no mark at all.

Caveats: the reference is a *minimal* word diff, so a redline that replaces a whole
phrase where difflib keeps a few common words loses precision; multisets ignore
positions (a shown "de" matches any reference "de"); punctuation-only and formatting-only
changes (emphasis, list numbering) are invisible; moves are exact runs only, and short
coincidental matches can split a moved run below 4 words; a changed raw HTML block shown
as `.pa-block--changed` credits no word.

Usage: `.venv/bin/python bench/redline_quality.py [--history NAME] [--site DIR] [--keep] [--details] [--no-update]`.
Exit status 0 whatever the figures (it is a measurement); 2 when no site could be built.
`from redline_quality import measure_site, measure_built` (bench/ on sys.path) for tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from report import machine, write_block

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"
BENCHMARKS = REPO / "BENCHMARKS.md"
HEADING = "## Redline quality (issue 8)"
START, END = "<!-- redline-quality:start -->", "<!-- redline-quality:end -->"
BUILD_EPOCH = int(dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC).timestamp())
BIN = Path(sys.executable).parent
MOVE_MIN = 4  # words: a shorter common run is a coincidence, not a move
VERSION_ID = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _tags(names: str) -> frozenset[str]:
    """A set of tag names from a space-separated list."""
    return frozenset(names.split())


TARGETS = {"recall": 0.97, "precision": 0.9}
ZERO_TARGETS = ("leaked", "broken_anchors", "misnested", "unmarked")

VOID = _tags("area base br col embed hr img input link meta source track wbr param keygen")
RAW_TEXT = frozenset({"script", "style", "template", "textarea", "title"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCKS = _tags(
    "address article aside blockquote br caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table tbody td tfoot th "
    "thead tr ul"
)
# Start tags that close an open <p> (HTML spec, "in body" insertion mode).
P_CLOSERS = _tags(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer form h1 h2 h3 h4 "
    "h5 h6 header hgroup hr main menu nav ol p pre section summary table ul"
)
# Elements whose end tag may be omitted (HTML spec, "optional tags").
OPTIONAL_END = _tags("p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp")
SCOPE_BOUNDARY = _tags("html table td th caption template object marquee applet button")
# Brief's simple rule: <ins>/<del> sitting in phrasing context must not contain these.
INS_CONTEXT = HEADINGS | {"p", "td", "th", "li"}
NOT_IN_INS = HEADINGS | {"p", "div", "table", "ul", "ol", "li", "tr"}
LEAKS = {
    "{:": re.compile(r"\{:"),
    "{#": re.compile(r"\{#"),
    "**": re.compile(r"\*\*"),
    "__": re.compile(r"__"),
    "](": re.compile(r"\]\("),
    "line-start #": re.compile(r"^[ \t]*#", re.M),
    "closing ##": re.compile(r"\S[ \t]+#{2,}[ \t]*$", re.M),  # an ATX heading's closing hashes
    "===": re.compile(r"==="),
    "|---": re.compile(r"\|[ \t]*:?-{3,}"),
}


# --------------------------------------------------------------------------- a small DOM
@dataclass
class Node:
    """An element (tag) or a text node (tag "")."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text: str = ""
    parent: Node | None = field(default=None, repr=False)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def has_class(self, name: str) -> bool:
        return name in self.classes

    def iter(self) -> Iterator[Node]:
        """This node and every descendant, in document order."""
        yield self
        for child in self.children:
            yield from child.iter()

    def find(self, tag: str) -> Node | None:
        return next((n for n in self.iter() if n.tag == tag), None)


class _TreeBuilder(HTMLParser):
    """Tolerant tree: implied end tags of p/li/td/... applied, stray end tags ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def _close_implied(self, tag: str) -> None:
        top = self.stack[-1].tag
        if (
            (tag in P_CLOSERS and top == "p")
            or (tag == "li" and top == "li")
            or (tag in ("dt", "dd") and top in ("dt", "dd"))
        ):
            self.stack.pop()
        elif tag in ("td", "th", "tr", "tbody", "thead", "tfoot"):
            closes = {"td": ("td", "th"), "th": ("td", "th"), "tr": ("td", "th", "tr")}.get(
                tag, ("td", "th", "tr", "tbody", "thead", "tfoot")
            )
            while self.stack[-1].tag in closes:
                self.stack.pop()
        elif tag == "option" and top == "option":
            self.stack.pop()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close_implied(tag)
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        if any(n.tag == tag for n in self.stack[1:]):
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(Node("", text=data, parent=self.stack[-1]))


def parse(html: str) -> Node:
    """The document as a tree of `Node`s."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# --------------------------------------------------------------------------- words
def _strip(token: str) -> str:
    """A token without its leading and trailing punctuation and symbols."""
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] in "PS":
        end -= 1
    return token[start:end]


def split_words(text: str) -> list[str]:
    """Whitespace-separated tokens, punctuation-stripped, empty ones dropped."""
    return [w for w in (_strip(t) for t in text.split()) if w]


# Page furniture inside a section (permalinks, hidden labels, the link to its history): not policy text.
SKIP_TEXT = frozenset({"headerlink", "pa-sr", "pa-url", "pa-section__history"})


def _text_runs(node: Node, out: list[tuple[str, str]], href: str = "") -> None:
    """(text, link address) pieces of `node`, a space between blocks; skips permalinks and hidden labels."""
    for child in node.children:
        if not child.tag:
            out.append((child.text, href))
        elif child.tag in RAW_TEXT or SKIP_TEXT & set(child.classes):
            continue
        else:
            block = child.tag in BLOCKS
            if block:
                out.append((" ", ""))
            _text_runs(child, out, child.attrs.get("href", href) if child.tag == "a" else href)
            if block:
                out.append((" ", ""))


def linked_words(node: Node) -> list[tuple[str, str]]:
    """(word, address of the link it sits in, or "") for every word of `node`'s visible text."""
    runs: list[tuple[str, str]] = []
    _text_runs(node, runs)
    text = "".join(t for t, _ in runs)
    owner: list[str] = []
    for t, href in runs:
        owner.extend([href] * len(t))
    words = []
    for m in re.finditer(r"\S+", text):
        if word := _strip(m.group()):
            words.append((word, owner[m.start()]))
    return words


def policy_nodes(page: Node) -> list[Node]:
    """The policy's text on a version page: `.pa-section`s, and the preamble lying directly in `<article>`."""
    article = page.find("article")
    if article is None:
        return []
    found: list[Node] = []

    def walk(node: Node) -> None:
        for child in node.children:
            if not child.tag:
                continue
            if child.has_class("pa-section"):
                found.append(child)
            elif node is article and not child.classes and child.tag not in ("h1", "nav", "aside", "script", "style"):
                found.append(child)  # the preamble's paragraphs, before the table of contents
            else:
                walk(child)

    walk(article)
    return found


def page_words(page: Node) -> list[tuple[str, str]]:
    """The version page's policy text as (word, link address) tokens, in page order."""
    return [w for node in policy_nodes(page) for w in linked_words(node)]


def _moves(deleted: list[list[tuple[str, str]]], inserted: list[list[tuple[str, str]]]) -> int:
    """Remove (in place) common runs of >= MOVE_MIN tokens from deleted and inserted runs; returns words moved."""
    sentinel = iter(range(10**9))
    a = [tok for run in deleted for tok in [*run, ("\0", next(sentinel))]]
    b = [tok for run in inserted for tok in [*run, ("\1", next(sentinel))]]
    moved = 0
    while True:
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        i, j, size = matcher.find_longest_match(0, len(a), 0, len(b))
        if size < MOVE_MIN:
            break
        moved += size
        a[i : i + size] = [("\0", next(sentinel)) for _ in range(size)]
        b[j : j + size] = [("\1", next(sentinel)) for _ in range(size)]
    deleted[:] = [[tok for tok in a if tok[0] != "\0"]]
    inserted[:] = [[tok for tok in b if tok[0] != "\1"]]
    return moved


def reference_changes(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> tuple[Counter, Counter, int]:
    """Deleted and inserted words (multisets) of the minimal word diff, moves taken out; and the moved count."""
    deleted: list[list[tuple[str, str]]] = []
    inserted: list[list[tuple[str, str]]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            deleted.append(old[i1:i2])
        if tag in ("insert", "replace"):
            inserted.append(new[j1:j2])
    moved = _moves(deleted, inserted) if deleted and inserted else 0
    return (
        Counter(w for run in deleted for w, _ in run),
        Counter(w for run in inserted for w, _ in run),
        moved,
    )


def _marked(node: Node) -> tuple[str, bool] | None:
    """("ins" | "del", whole block?) when `node` marks a change."""
    if node.tag in ("ins", "del"):
        return node.tag, False
    if node.has_class("pa-block--ins"):
        return "ins", True
    if node.has_class("pa-block--del"):
        return "del", True
    return None


def _is_move(node: Node) -> bool:
    return "pa-moved" in node.attrs.get("class", "")


def change_sections(page: Node) -> list[Node]:
    """The `.pa-change` sections of a changes page (outermost only)."""
    article = page.find("article") or page
    found: list[Node] = []

    def walk(node: Node) -> None:
        for child in node.children:
            if child.tag and any(c.startswith("pa-change") for c in child.classes):
                found.append(child)
            elif child.tag:
                walk(child)

    walk(article)
    return found


def shown_changes(page: Node) -> tuple[Counter, Counter]:
    """Words shown inserted and deleted on a changes page (multisets), moves and hidden labels excluded."""
    shown = {"ins": Counter(), "del": Counter()}

    def walk(node: Node) -> None:
        for child in node.children:
            if not child.tag or child.tag in RAW_TEXT:
                continue
            if (mark := _marked(child)) and not _is_move(child):
                shown[mark[0]].update(w for w, _ in linked_words(child))
            else:  # a move marker is not a change; edits marked inside the moved text still are
                walk(child)

    for section in change_sections(page):
        walk(section)
    return shown["ins"], shown["del"]


# --------------------------------------------------------------------------- defects
def _visible_lines(node: Node, out: list[str]) -> None:
    for child in node.children:
        if not child.tag:
            out.append(child.text)
        elif child.tag in RAW_TEXT or child.tag in ("code", "pre", "svg", "head", "noscript"):
            continue
        else:
            block = child.tag in BLOCKS
            if block:
                out.append("\n")
            _visible_lines(child, out)
            if block:
                out.append("\n")


def leaked_syntax(page: Node) -> Counter:
    """Occurrences of Markdown syntax in the visible text of `<body>` (outside code)."""
    body = page.find("body") or page
    parts: list[str] = []
    _visible_lines(body, parts)
    text = "".join(parts)
    return Counter({name: n for name, rx in LEAKS.items() if (n := len(rx.findall(text)))})


def broken_anchors(page: Node, url: str) -> list[str]:
    """In-page links (`#x`, or this page's own address with `#x`) whose target id is not on the page."""
    ids = {n.attrs["id"] for n in page.iter() if n.tag and "id" in n.attrs}
    ids |= {n.attrs["name"] for n in page.iter() if n.tag == "a" and "name" in n.attrs}
    here = urlsplit(url).path
    broken = []
    for n in page.iter():
        href = n.attrs.get("href") if n.tag == "a" else None
        if not href or "#" not in href:
            continue
        target = urlsplit(urljoin(url, href))
        path = re.sub(r"index\.html$", "", target.path)
        if path == here and target.fragment and unquote(target.fragment) not in ids:
            broken.append(href)
    return broken


class _StrictChecker(HTMLParser):
    """Stack-based nesting check of the author's markup, one problem per defect (no cascades).

    Counted: an end tag that does not close the open element (implied end tags of
    p/li/td/... are fine), a block start tag that would implicitly close a `<p>` or
    `<li>` that is not the current element, and an `<ins>`/`<del>` in phrasing context
    (inside p, h1-h6, td, th, li) that contains p, div, table, ul, ol, li, tr or h1-h6.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list] = []  # [tag, reported?]
        self.problems: list[str] = []
        self.recovered: Counter = Counter()  # elements popped by recovery: their later end tag is not counted again

    def _tags(self) -> list[str]:
        return [t for t, _ in self.stack]

    def _report(self, message: str) -> None:
        self.problems.append(f"line {self.getpos()[0]}: {message}")

    def _in_scope(self, tag: str, extra: frozenset[str] = frozenset()) -> int | None:
        """Index of the innermost open `tag` not hidden behind a scope boundary."""
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                return i
            if self.stack[i][0] in SCOPE_BOUNDARY or self.stack[i][0] in extra:
                return None
        return None

    def _check_ins(self, tag: str) -> bool:
        """Report a block start tag inside a phrasing-context ins/del (once per ins/del)."""
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] in ("ins", "del"):
                tags = self._tags()[:i]
                context = next((t for t in reversed(tags) if t in BLOCKS or t in ("body", "article")), "")
                if context in INS_CONTEXT:
                    if not self.stack[i][1]:
                        self.stack[i][1] = True
                        self._report(f"<{tag}> inside <{self.stack[i][0]}> inside <{context}>")
                    return True
        return False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        flagged = tag in NOT_IN_INS and self._check_ins(tag)
        top = self.stack[-1][0] if self.stack else ""
        if tag in P_CLOSERS and (i := self._in_scope("p")) is not None:
            if top == "p":
                self.stack.pop()
            elif not flagged:
                self._report(f"<{tag}> inside <{'><'.join(self._tags()[i:])}> (would close the <p>)")
        elif tag == "li" and (i := self._in_scope("li", frozenset({"ol", "ul"}))) is not None:
            if top == "li":
                self.stack.pop()
            elif not flagged:
                self._report(f"<li> inside <{'><'.join(self._tags()[i:])}> (would close the <li>)")
        elif tag in ("dt", "dd") and top in ("dt", "dd"):
            self.stack.pop()
        elif tag in ("td", "th", "tr", "tbody", "thead", "tfoot"):
            closes = {"td": ("td", "th"), "th": ("td", "th"), "tr": ("td", "th", "tr")}.get(
                tag, ("td", "th", "tr", "tbody", "thead", "tfoot")
            )
            while self.stack and self.stack[-1][0] in closes:
                self.stack.pop()
        elif tag == "option" and top == "option":
            self.stack.pop()
        if tag not in VOID:
            self.stack.append([tag, False])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """`<x/>`: balanced (SVG icons); never checked."""

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        tags = self._tags()
        if tags and tags[-1] == tag:
            self.stack.pop()
        elif tag in tags:
            index = len(tags) - 1 - tags[::-1].index(tag)
            above = [t for t in tags[index + 1 :] if t not in OPTIONAL_END]
            if above:
                self._report(f"</{tag}> while <{'><'.join(above)}> open")
                self.recovered.update(above)
            del self.stack[index:]
        elif self.recovered[tag]:
            self.recovered[tag] -= 1
        else:
            self._report(f"stray </{tag}> (open: <{'><'.join(tags[-3:])}>)")


def misnested(html: str) -> list[str]:
    """Nesting problems of one page (see `_StrictChecker`)."""
    checker = _StrictChecker()
    checker.feed(html)
    checker.close()
    return checker.problems


def unmarked_sections(page: Node) -> list[str]:
    """`data-section` of modified or moved sections that contain no ins/del/move mark."""
    out = []
    for section in change_sections(page):
        if not ({"pa-change--modified", "pa-change--moved"} & set(section.classes)):
            continue
        if not any(n.tag and (_marked(n) or _is_move(n)) for n in section.iter() if n is not section):
            out.append(section.attrs.get("data-section", section.attrs.get("id", "?")))
    return out


# --------------------------------------------------------------------------- one site
@dataclass
class PairScore:
    """One consecutive pair of versions in one language."""

    lang: str
    old: str
    new: str
    ref_ins: int = 0
    ref_del: int = 0
    moved: int = 0
    shown_ins: int = 0
    shown_del: int = 0
    hits: int = 0  # shown words that are reference words (multiset intersection, both sides)
    missing_page: str = ""

    @property
    def reference(self) -> int:
        return self.ref_ins + self.ref_del

    @property
    def shown(self) -> int:
        return self.shown_ins + self.shown_del

    @property
    def recall(self) -> float:
        return self.hits / self.reference if self.reference else 1.0

    @property
    def precision(self) -> float:
        return self.hits / self.shown if self.shown else 1.0

    @property
    def label(self) -> str:
        return f"{self.new} {self.lang}"


@dataclass
class SiteResult:
    """Figures for one built site."""

    name: str
    pairs: list[PairScore] = field(default_factory=list)
    leaked: Counter = field(default_factory=Counter)
    leak_pages: Counter = field(default_factory=Counter)
    broken: list[str] = field(default_factory=list)
    nesting: list[str] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)
    build_seconds: float | None = None
    error: str = ""

    @property
    def recall(self) -> float:
        ref = sum(p.reference for p in self.pairs)
        return sum(p.hits for p in self.pairs) / ref if ref else 1.0

    @property
    def precision(self) -> float:
        shown = sum(p.shown for p in self.pairs)
        return sum(p.hits for p in self.pairs) / shown if shown else 1.0

    @property
    def worst(self) -> PairScore | None:
        scored = [p for p in self.pairs if p.reference or p.shown]
        return min(scored, key=lambda p: (min(p.recall, p.precision), p.new)) if scored else None

    def figures(self) -> dict[str, float | int]:
        return {
            "recall": self.recall,
            "precision": self.precision,
            "leaked": sum(self.leaked.values()),
            "broken_anchors": len(self.broken),
            "misnested": len(self.nesting),
            "unmarked": len(self.unmarked),
        }


def _languages(site: Path) -> dict[str, Path]:
    """Language -> folder of its pages: the default language at the root (its `<html lang>`), others below."""
    langs: dict[str, Path] = {}
    root_page = site / "index.html"
    default = "root"
    if root_page.is_file() and (m := re.search(r'<html[^>]*\blang="([^"]+)"', root_page.read_text(encoding="utf-8"))):
        default = m.group(1).split("-")[0]
    if (site / "versions").is_dir():
        langs[default] = site
    for sub in sorted(p for p in site.iterdir() if p.is_dir() and re.fullmatch(r"[a-z]{2}(-[A-Za-z]+)?", p.name)):
        if (sub / "versions").is_dir():
            langs[sub.name] = sub
    return langs


def _url(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return "/" + re.sub(r"index\.html$", "", rel)


def measure_built(site: Path, name: str = "") -> SiteResult:
    """Measure a built site folder (the output of `mkdocs build`)."""
    result = SiteResult(name or site.name)
    cache: dict[Path, Node] = {}

    def load(path: Path) -> Node:
        if path not in cache:
            cache[path] = parse(path.read_text(encoding="utf-8"))
        return cache[path]

    def defects(path: Path, changes: bool) -> None:
        page, url = load(path), _url(site, path)
        leaks = leaked_syntax(page)
        result.leaked.update(leaks)
        if leaks:
            result.leak_pages[url] += sum(leaks.values())
        result.broken += [f"{url} -> {href}" for href in broken_anchors(page, url)]
        if changes:
            result.nesting += [f"{url} {p}" for p in misnested(path.read_text(encoding="utf-8"))]
            result.unmarked += [f"{url} {s}" for s in unmarked_sections(page)]

    for lang, root in _languages(site).items():
        ids = sorted(p.name for p in (root / "versions").iterdir() if VERSION_ID.match(p.name))
        if (root / "index.html").is_file():
            defects(root / "index.html", changes=False)
        for vid in ids:
            if (root / "versions" / vid / "index.html").is_file():
                defects(root / "versions" / vid / "index.html", changes=False)
        for old, new in itertools.pairwise(ids):
            score = PairScore(lang, old, new)
            result.pairs.append(score)
            paths = [root / "versions" / v / "index.html" for v in (old, new)]
            changes = root / "versions" / new / "changes" / "index.html"
            missing = [p for p in [*paths, changes] if not p.is_file()]
            if missing:
                score.missing_page = _url(site, missing[0])
                continue
            ref_del, ref_ins, score.moved = reference_changes(page_words(load(paths[0])), page_words(load(paths[1])))
            shown_ins, shown_del = shown_changes(load(changes))
            score.ref_ins, score.ref_del = sum(ref_ins.values()), sum(ref_del.values())
            score.shown_ins, score.shown_del = sum(shown_ins.values()), sum(shown_del.values())
            score.hits = sum((shown_ins & ref_ins).values()) + sum((shown_del & ref_del).values())
            defects(changes, changes=True)
            cache.pop(paths[0], None)  # keep memory flat: each page is needed by two pairs at most
    return result


def _pin_paths(config: Path, origin: Path) -> None:
    """Make the copied mkdocs.yml's relative `custom_dir` absolute (it points outside the site folder)."""
    text = config.read_text(encoding="utf-8")

    def absolute(m: re.Match[str]) -> str:
        value = m.group(2).strip().strip("\"'")
        path = Path(value)
        return m.group(1) + str(path if path.is_absolute() else (origin / path).resolve())

    config.write_text(re.sub(r"^(\s*custom_dir:\s*)(\S.*?)\s*$", absolute, text, flags=re.M), encoding="utf-8")


def build_site(folder: Path, work: Path) -> tuple[Path, float]:
    """Copy a site folder into `work` and build it (`mkdocs build --strict`); returns (site dir, seconds).

    Raises RuntimeError with mkdocs's output when the build fails.
    """
    root = work / folder.name
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(folder, root, ignore=shutil.ignore_patterns("site", "__pycache__"))
    _pin_paths(root / "mkdocs.yml", folder)
    (root / "docs").mkdir(exist_ok=True)
    out = root / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(BUILD_EPOCH)}
    cmd = [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(out)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode:
        raise RuntimeError((proc.stdout + proc.stderr).strip())
    return out, seconds


def measure_site(folder: Path, work: Path | None = None) -> SiteResult:
    """Build a site folder (mkdocs.yml, policy/, docs/) in a temporary copy and measure it."""
    own = work is None
    work = work or Path(tempfile.mkdtemp(prefix="pa-redline-"))
    try:
        try:
            site, seconds = build_site(folder, work)
        except RuntimeError as exc:
            return SiteResult(folder.name, error=str(exc))
        result = measure_built(site, folder.name)
        result.build_seconds = seconds
        return result
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)


# --------------------------------------------------------------------------- reporting
def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def verdicts(result: SiteResult) -> dict[str, bool]:
    """Each target met or not."""
    f = result.figures()
    out = {k: f[k] >= v for k, v in TARGETS.items()}
    out.update({k: f[k] == 0 for k in ZERO_TARGETS})
    return out


def table(results: list[SiteResult]) -> str:
    """Markdown table: one row per history."""
    rows = [
        "| history | pairs | recall | precision | worst pair (R / P) | leaked | broken anchors | mis-nested "
        "| unmarked | build s |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.error:
            first = next((ln for ln in r.error.splitlines() if "ERROR" in ln or "Error" in ln), r.error[:100])
            rows.append(f"| {r.name} | build failed: {first.strip()[:150].replace('|', '/')} | | | | | | | | |")
            continue
        f, ok, w = r.figures(), verdicts(r), r.worst
        worst = f"{w.label} ({w.recall:.2f} / {w.precision:.2f})" if w else "-"
        rows.append(
            f"| {r.name} | {len(r.pairs)} | {f['recall']:.3f} {_mark(ok['recall'])} "
            f"| {f['precision']:.3f} {_mark(ok['precision'])} | {worst} "
            f"| {f['leaked']} {_mark(ok['leaked'])} | {f['broken_anchors']} {_mark(ok['broken_anchors'])} "
            f"| {f['misnested']} {_mark(ok['misnested'])} | {f['unmarked']} {_mark(ok['unmarked'])} "
            f"| {r.build_seconds:.1f} |"
        )
    return "\n".join(rows)


TARGET_LINE = (
    f"Targets: recall ≥ {TARGETS['recall']}, precision ≥ {TARGETS['precision']}, "
    "zero leaked syntax, zero broken anchors, zero mis-nested elements, zero unmarked sections."
)


def details(r: SiteResult, limit: int = 5) -> str:
    """Where the figures come from: worst pairs and the first examples of each defect."""
    lines = [f"-- {r.name}"]
    if r.error:
        return "\n".join([*lines, r.error])
    missing = [p for p in r.pairs if p.missing_page]
    if missing:
        lines.append(f"   missing pages: {len(missing)}, e.g. {missing[0].missing_page}")
    worst = sorted((p for p in r.pairs if p.reference or p.shown), key=lambda p: min(p.recall, p.precision))
    for p in worst[:limit]:
        lines.append(
            f"   {p.old} -> {p.new} {p.lang}: recall {p.recall:.2f} precision {p.precision:.2f} "
            f"(reference -{p.ref_del} +{p.ref_ins}, moved {p.moved}; shown -{p.shown_del} +{p.shown_ins})"
        )
    if r.leaked:
        lines.append("   leaked: " + ", ".join(f"{k} ×{v}" for k, v in r.leaked.most_common()))
        lines.append("     pages: " + ", ".join(f"{k} ×{v}" for k, v in r.leak_pages.most_common(limit)))
    for title, items in (("broken anchors", r.broken), ("mis-nested", r.nesting), ("unmarked", r.unmarked)):
        if items:
            lines.append(f"   {title}: " + "; ".join(items[:limit]) + (" ..." if len(items) > limit else ""))
    return "\n".join(lines)


def update_benchmarks(results: list[SiteResult], command: str, today: str) -> None:
    """Replace our block in BENCHMARKS.md (rows of histories not run this time are kept); touch nothing else."""
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    new_rows = table(results).splitlines()
    rows = new_rows[2:]
    kept: list[str] = []
    if START in text and END in text:
        old_block = text.split(START, 1)[1].split(END, 1)[0]
        ran = {r.name for r in results}
        kept = [ln for ln in old_block.splitlines() if ln.startswith("| ") and not ln.startswith("| history")]
        kept = [ln for ln in kept if ln.split("|")[1].strip() not in ran]
        rows = sorted(rows + kept, key=lambda ln: ln.split("|")[1].strip())
    block = "\n".join(
        [
            START,
            f"Latest run: {today}, {machine()}, `{command}`"
            + (" (the other rows are from earlier runs)." if kept else "."),
            "Corpus: `tests/corpus/` (3 bilingual histories); what is measured: `bench/redline_quality.py`'s docstring.",
            "",
            *new_rows[:2],
            *rows,
            "",
            TARGET_LINE,
            END,
        ]
    )
    write_block(BENCHMARKS, HEADING, START, END, block)


def histories() -> list[Path]:
    """Site folders of the corpus (each with a mkdocs.yml)."""
    return sorted(p.parent for p in CORPUS.glob("*/mkdocs.yml"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--history", action="append", help="corpus history to measure (repeatable; default: all)")
    parser.add_argument("--site", type=Path, action="append", help="any site folder to measure (e.g. examples/demo)")
    parser.add_argument("--keep", action="store_true", help="keep the built sites and print where")
    parser.add_argument("--details", action="store_true", help="print the worst pairs and examples of each defect")
    parser.add_argument("--no-update", action="store_true", help="do not touch BENCHMARKS.md")
    args = parser.parse_args(argv)
    folders = [p.resolve() for p in args.site or []]
    if args.history or not folders:
        available = {p.name: p for p in histories()}
        unknown = sorted(set(args.history or []) - available.keys())
        if unknown:
            parser.error(f"unknown history {', '.join(unknown)}; available: {', '.join(available)}")
        folders += [available[n] for n in args.history] if args.history else list(available.values())
    work = Path(tempfile.mkdtemp(prefix="pa-redline-"))
    results = []
    try:
        for folder in folders:
            started = time.perf_counter()
            result = measure_site(folder, work)
            results.append(result)
            status = "build failed" if result.error else f"{len(result.pairs)} pairs"
            print(f"{folder.name}: {status} [{time.perf_counter() - started:.0f} s]", flush=True)
            if result.error or args.details:
                print(details(result), flush=True)
    finally:
        if args.keep:
            print(f"built sites kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(results))
    print()
    print(TARGET_LINE)
    for r in results:
        if not r.error:
            ok = verdicts(r)
            print(f"  {r.name}: " + ", ".join(f"{k} {_mark(v)}" for k, v in ok.items()))
    corpus_only = all(f.parent == CORPUS for f in folders)
    if not args.no_update and corpus_only:
        given = sys.argv[1:] if argv is None else argv
        command = " ".join(["bench/redline_quality.py", *given])
        update_benchmarks(results, command, dt.date.today().isoformat())
        print(f"\nupdated {BENCHMARKS.relative_to(REPO)}")
    return 2 if results and all(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
