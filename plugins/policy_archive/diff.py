"""Block-aware, word-level redline between two versions of the policy in one language.

Diffing a whole Markdown file as text breaks markup (DESIGN.md, "Diffs"), so:

1. each section's Markdown is split into blocks (headings, paragraphs, list items
   with their depth, table rows, fenced code as one block) the way Python-Markdown
   sees them;
2. blocks are aligned with `difflib.SequenceMatcher`, and the blocks of a changed
   stretch are paired by similarity (list markers and numbering ignored), like
   `difflib.Differ` pairs similar lines;
3. inside each pair, words are diffed, a link, an emphasis span, inline code or
   an HTML element counting as one token, so `<ins>`/`<del>` never cut markup.

The result (`BlockOp`/`WordOp`) is rendered as Markdown for the site
(`compare`, `SectionChange.body`) and as text for the terminal (`terminal_lines`).
`overrides/assets/compare.js` ports the same algorithm to the browser, fed by
`version_data`.

Published versions never change, so section results are cached by content hash.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from markdown.extensions.toc import slugify

from .l10n import t
from .load import find_headings, heading_text
from .model import Section, Version

ADDED, REMOVED, MODIFIED, UNCHANGED, MOVED = "added", "removed", "modified", "unchanged", "moved"
STATUSES = (ADDED, REMOVED, MODIFIED, UNCHANGED, MOVED)
EQUAL, INSERT, DELETE, CHANGE = "equal", "insert", "delete", "change"

# Two blocks are paired (diffed word by word) above this similarity; below, the
# old one is shown deleted and the new one inserted. Same cut-off idea as difflib.Differ.
PAIR_CUTOFF = 0.5
# ... or when the shorter block's words are nearly all in the longer one (a paragraph that
# became an intro and a list), provided they still share this much.
SPLIT_RATIO, SPLIT_CONTAINED = 0.3, 0.8
# Beyond this many candidate pairs in one changed stretch, pairing is skipped (rewrite).
PAIR_LIMIT = 2500

# --------------------------------------------------------------------------- blocks

_HEADING = re.compile(r"^(?P<indent>[ \t]*)(?P<hashes>#{1,6})[ \t]+(?P<text>.+?)(?:[ \t]+#+)?[ \t]*$")
_TRAILING_ATTR = re.compile(r"[ \t]*(\{[^{}]*\})[ \t]*$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?P<space>[ \t]+)(?P<text>\S.*)$")
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
_HR = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_SEP = re.compile(
    r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$|^[ \t]*\|[ \t]*:?-+:?[ \t]*\|[ \t]*$"
)
_HTML_BLOCK = re.compile(
    r"^<(?:div|table|details|section|aside|figure|p|ul|ol|dl|blockquote|pre|hr|iframe|script|style|nav|form)\b",
    re.I,
)
_QUOTE = re.compile(r"^(?P<prefix>[ \t]*>[ \t]?)(?P<text>.*)$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class Block:
    """One block of a section body, as Python-Markdown will see it."""

    kind: str  # "heading" | "para" | "item" | "row" | "sep" | "code" | "html"
    depth: int  # list nesting: 0 at top level, 1 inside a top-level list item, ...
    text: str  # inline Markdown (item: after its marker; heading: without #'s and {attrs})
    raw: str  # the source lines, re-emitted as they are when the block is unchanged
    prefix: str = ""  # what goes before the text: indent + marker, "#"*level + " ", "> "
    blank_before: bool = True  # a blank line preceded it (tight lists stay tight)
    level: int = 0  # heading level
    ordered: bool = False  # item of a numbered list
    header: bool = False  # table header row
    attrs: str = ""  # heading's own attribute list, "{#id .class}"

    @property
    def family(self) -> str:
        """Blocks of one family may be paired: a paragraph may become a list item."""
        return "text" if self.kind in ("para", "item") else self.kind

    @property
    def key(self) -> tuple:
        """What alignment compares: structure and words, not list numbering or line wrapping."""
        return (self.kind, self.depth, self.level, self.header, self.ordered, _norm(self.text))

    @property
    def cells(self) -> list[str]:
        """Cells of a table row, without the outer pipes."""
        body = self.text.strip()
        body = body[1:] if body.startswith("|") else body
        body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
        return [c.strip() for c in _CELL_SPLIT.split(body)]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _indent_width(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def split_blocks(markdown: str) -> list[Block]:
    """A section body as blocks; mirrors Python-Markdown (a list needs a blank line before it)."""
    return list(_split_blocks(markdown))


@lru_cache(maxsize=8192)
def _split_blocks(markdown: str) -> tuple[Block, ...]:
    """Cached by text: most sections are the same in many versions (blocks are frozen)."""
    lines = markdown.splitlines()
    blocks: list[Block] = []
    i, n, blank = 0, len(lines), True

    def starts_block(line: str) -> bool:
        return bool(_HEADING.match(line) or _FENCE.match(line) or not line.strip())

    while i < n:
        line = lines[i]
        if not line.strip():
            blank, i = True, i + 1
            continue
        indent = _indent_width(line)
        depth = indent // 4
        prev = blocks[-1] if blocks else None
        if m := _FENCE.match(line):
            fence, j = m.group("fence"), i + 1
            while j < n and not lines[j].strip().startswith(fence):
                j += 1
            raw = "\n".join(lines[i : j + 1])
            blocks.append(Block("code", depth, raw, raw, blank_before=blank))
            i = j + 1
        elif m := _HEADING.match(line):
            text, attrs = m.group("text"), ""
            if a := _TRAILING_ATTR.search(text):
                text, attrs = text[: a.start()], a.group(1)
            level = len(m.group("hashes"))
            blocks.append(
                Block("heading", depth, text, line, m.group("indent") + "#" * level + " ", blank, level, attrs=attrs)
            )
            i += 1
        elif _HR.match(line) and (blank or prev is None or prev.kind != "para"):
            blocks.append(Block("html", depth, line.strip(), line, blank_before=blank))
            i += 1
        elif (blank or prev is None or prev.kind == "heading") and (
            line.lstrip().startswith("|") or (i + 1 < n and "|" in line and _TABLE_SEP.match(lines[i + 1]))
        ):
            first = True
            while i < n and lines[i].strip() and "|" in lines[i]:
                row = lines[i]
                is_sep = bool(_TABLE_SEP.match(row))
                header = first and i + 1 < n and bool(_TABLE_SEP.match(lines[i + 1]))
                blocks.append(
                    Block(
                        "sep" if is_sep else "row",
                        depth,
                        row.strip(),
                        row,
                        row[: _indent_width(row)],
                        blank,
                        header=header,
                    )
                )
                first, blank, i = False, False, i + 1
        elif (m := _ITEM.match(line)) and (blank or prev is None or prev.kind in ("item", "heading")):
            text, j = [m.group("text")], i + 1
            while j < n and not starts_block(lines[j]) and not _ITEM.match(lines[j]):
                text.append(lines[j].strip())
                j += 1
            prefix = m.group("indent") + m.group("marker") + m.group("space")
            ordered = m.group("marker")[0].isdigit()
            blocks.append(Block("item", depth, "\n".join(text), "\n".join(lines[i:j]), prefix, blank, ordered=ordered))
            i = j
        elif depth == 0 and _HTML_BLOCK.match(line) and blank:
            j = i + 1
            while j < n and lines[j].strip():
                j += 1
            raw = "\n".join(lines[i:j])
            blocks.append(Block("html", 0, raw, raw, blank_before=blank))
            i = j
        else:
            quote = _QUOTE.match(line)
            prefix = quote.group("prefix") if quote else line[: len(line) - len(line.lstrip(" \t"))]
            text, j = [quote.group("text") if quote else line.strip()], i + 1
            while j < n and not starts_block(lines[j]):
                q = _QUOTE.match(lines[j]) if quote else None
                text.append(q.group("text") if q else lines[j].strip())
                j += 1
            blocks.append(Block("para", depth, "\n".join(text), "\n".join(lines[i:j]), prefix, blank))
            i = j
        blank = False
    return tuple(blocks)


# --------------------------------------------------------------------------- words

_TOKEN = re.compile(
    r"""
    (?P<code>(?P<ticks>`+)[\s\S]*?(?<!`)(?P=ticks)(?!`))
  | (?P<link>!?\[(?:[^\[\]\\]|\\.|\[[^\]]*\])*\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)|\[[^\]]*\]))
  | (?P<auto><(?:https?|mailto|ftp):[^>\s]+>|<[^@\s<>]+@[^>\s]+>)
  | (?P<elem><(?P<tag>[A-Za-z][\w-]*)\b[^>]*>[\s\S]*?</(?P=tag)\s*>)
  | (?P<tagtok></?[A-Za-z][\w-]*\b[^>]*>|<!--[\s\S]*?-->)
  | (?P<strong>\*\*\*(?!\s)[\s\S]+?(?<!\s)\*\*\*|\*\*(?!\s)[\s\S]+?(?<!\s)\*\*|(?<!\w)__(?!\s)[\s\S]+?(?<!\s)__(?!\w))
  | (?P<em>\*(?![\s*])[\s\S]+?(?<![\s*])\*|(?<!\w)_(?![\s_])[\s\S]+?(?<![\s_])_(?!\w))
  | (?P<attr>\{:?[^{}\n]*\})
  | (?P<br>[ ]{2,}\n)
  | (?P<ws>\s+)
  | (?P<escape>\\.)
  | (?P<word>\w+(?:['’.\-]\w+)*)
  | (?P<other>.)
    """,
    re.X,
)
_LINK_PARTS = re.compile(r"^(?P<bang>!?)\[(?P<text>[\s\S]*)\](?P<target>\([\s\S]*\)|\[[^\]]*\])$")
_WORDY = re.compile(r"\w")
_PLAIN_WORD = re.compile(r"\w+")
_TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str  # source text (whitespace flattened to one space, a hard break to <br>)

    @property
    def key(self) -> str:
        return self.text


def tokenize(text: str) -> list[Token]:
    """Inline Markdown to tokens; markup spans are single tokens so a change never cuts them."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind == "ticks":
            kind = "code"
        value = m.group(0)
        if kind == "ws":
            value = " "
        elif kind == "br":
            kind, value = "tagtok", "<br>"
        elif kind == "tag":
            kind = "elem"
        out.append(Token(kind, value))
    return out


@dataclass(frozen=True)
class WordOp:
    """A run of inline Markdown: unchanged, inserted or deleted.

    `note` is a link target to show next to a link whose URL changed but not its text.
    """

    tag: str  # "equal" | "insert" | "delete"
    text: str
    note: str = ""


def _emphasis_marker(token: Token) -> str:
    if token.kind not in ("strong", "em"):
        return ""
    return re.match(r"^[*_]+", token.text).group(0)  # type: ignore[union-attr]


def _nested(a: Token, b: Token) -> list[WordOp] | None:
    """Two tokens of the same kind diffed inside, so `**Nom**` -> `**Nom complet**` keeps the bold."""
    if (marker := _emphasis_marker(a)) and marker == _emphasis_marker(b):
        w = len(marker)
        return [WordOp(EQUAL, marker), *diff_words(a.text[w:-w], b.text[w:-w]), WordOp(EQUAL, marker)]
    if a.kind == b.kind == "link":
        la, lb = _LINK_PARTS.match(a.text), _LINK_PARTS.match(b.text)
        if not (la and lb) or la.group("bang") or lb.group("bang"):
            return None
        if la.group("target") == lb.group("target"):
            return [
                WordOp(EQUAL, "["),
                *diff_words(la.group("text"), lb.group("text")),
                WordOp(EQUAL, "](" + lb.group("target")[1:]),
            ]
        if _norm(la.group("text")) == _norm(lb.group("text")):
            return [
                WordOp(DELETE, a.text, _link_url(la.group("target"))),
                WordOp(INSERT, b.text, _link_url(lb.group("target"))),
            ]
    return None


def _link_url(target: str) -> str:
    inner = target[1:-1].strip()
    return inner.split()[0] if inner else inner


def _join(tokens: Iterable[Token]) -> str:
    return "".join(tok.text for tok in tokens)


def diff_words(old: str, new: str) -> list[WordOp]:
    """Word-level ops turning inline Markdown `old` into `new` (difflib on tokens)."""
    a, b = tokenize(old), tokenize(new)
    matcher = SequenceMatcher(None, [x.key for x in a], [x.key for x in b], autojunk=False)
    groups: list[list[Any]] = []  # [tag, old tokens, new tokens]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        groups.append([EQUAL if tag == EQUAL else CHANGE, a[i1:i2], b[j1:j2]])
    # A change, a space, a change: one change (reads better than <del>a</del> <del>b</del>).
    merged: list[list[Any]] = []
    for g in groups:
        if (
            merged
            and g[0] == CHANGE
            and len(merged) >= 2
            and merged[-1][0] == EQUAL
            and merged[-2][0] == CHANGE
            and all(tok.kind == "ws" for tok in merged[-1][2])
        ):
            space = merged.pop()
            merged[-1][1] = merged[-1][1] + space[1] + g[1]
            merged[-1][2] = merged[-1][2] + space[2] + g[2]
        else:
            merged.append(g)
    ops: list[WordOp] = []
    for tag, olds, news in merged:
        if tag == EQUAL:
            ops.append(WordOp(EQUAL, _join(news)))
            continue
        lead = trail = ""
        while (olds and olds[0].kind == "ws") or (news and news[0].kind == "ws"):
            if olds and olds[0].kind == "ws":
                olds = olds[1:]
            if news and news[0].kind == "ws":
                news = news[1:]
            lead = " "
        while (olds and olds[-1].kind == "ws") or (news and news[-1].kind == "ws"):
            if olds and olds[-1].kind == "ws":
                olds = olds[:-1]
            if news and news[-1].kind == "ws":
                news = news[:-1]
            trail = " "
        if lead:
            ops.append(WordOp(EQUAL, lead))
        inner = _nested(olds[0], news[0]) if len(olds) == 1 and len(news) == 1 else None
        if inner is not None:
            ops.extend(inner)
        else:
            if olds:
                ops.append(WordOp(DELETE, _join(olds)))
            if news:
                ops.append(WordOp(INSERT, _join(news)))
        if trail:
            ops.append(WordOp(EQUAL, trail))
    return _coalesce(ops)


def _coalesce(ops: list[WordOp]) -> list[WordOp]:
    out: list[WordOp] = []
    for op in ops:
        if not op.text:
            continue
        if out and out[-1].tag == op.tag == EQUAL:
            out[-1] = WordOp(EQUAL, out[-1].text + op.text)
        else:
            out.append(op)
    return out


def count_words(text: str) -> int:
    """Words a reader sees in a run of inline Markdown (markup tokens count their words)."""
    return sum(1 for tok in tokenize(text) if tok.kind != "ws" and _WORDY.search(tok.text) and tok.kind != "attr")


# --------------------------------------------------------------------------- block ops


@dataclass(frozen=True)
class BlockOp:
    """One block of the redline: kept, inserted, deleted, or changed (with its word ops).

    For a changed table row, `cells` holds the word ops of each cell of the new row.
    """

    tag: str  # "equal" | "insert" | "delete" | "change"
    old: Block | None
    new: Block | None
    words: tuple[WordOp, ...] = ()
    cells: tuple[tuple[WordOp, ...], ...] = ()

    @property
    def block(self) -> Block:
        """The block whose structure is shown: the new one, or the old one when deleted."""
        return self.new or self.old  # type: ignore[return-value]

    @property
    def inserted(self) -> int:
        if self.tag == INSERT:
            return _block_words(self.new)
        return sum(count_words(w.text) for w in self._all_words() if w.tag == INSERT)

    @property
    def deleted(self) -> int:
        if self.tag == DELETE:
            return _block_words(self.old)
        return sum(count_words(w.text) for w in self._all_words() if w.tag == DELETE)

    def _all_words(self) -> Iterator[WordOp]:
        yield from self.words
        for cell in self.cells:
            yield from cell


def _block_words(block: Block | None) -> int:
    if block is None or block.kind == "sep":
        return 0
    return count_words(block.text)


def _ratio(a: Block, b: Block) -> float:
    """Similarity of two blocks' words (list markers and numbering are not part of the text)."""
    if a.family != b.family:
        return 0.0
    if a.kind == "row" and a.header != b.header:
        return 0.0
    if a.kind == "row" and a.header:
        return 1.0  # a table keeps one header row: always paired
    wa, wb = _plain_words(a.text), _plain_words(b.text)
    if not wa and not wb:
        return 1.0
    if a.kind == "heading" and a.level == b.level:
        floor = PAIR_CUTOFF + 0.001  # a heading in the same place at the same level is a reworded heading
        return max(floor, SequenceMatcher(None, wa, wb, autojunk=False).ratio())
    sm = SequenceMatcher(None, wa, wb, autojunk=False)
    if sm.real_quick_ratio() < SPLIT_RATIO or sm.quick_ratio() < SPLIT_RATIO:
        return 0.0
    ratio = sm.ratio()
    if ratio >= PAIR_CUTOFF:
        return ratio
    # A paragraph split into an intro and a list: the short block is (almost) all in the long one.
    shorter = min(len(wa), len(wb))
    matches = sum(m.size for m in sm.get_matching_blocks())
    if ratio >= SPLIT_RATIO and shorter >= 2 and matches / shorter >= SPLIT_CONTAINED:
        return PAIR_CUTOFF + ratio / 10  # pairs, but after any ordinary pair
    return 0.0


def _plain_words(text: str) -> list[str]:
    """The words a reader sees (markup and link targets dropped): what similarity is measured on."""
    return _PLAIN_WORD.findall(heading_text(_TAGS.sub(" ", text)).lower())


def _pair(olds: list[Block], news: list[Block]) -> list[BlockOp]:
    """Pair a changed stretch of blocks by similarity, keeping order (like difflib.Differ._fancy_replace)."""
    if not olds or not news or len(olds) * len(news) > PAIR_LIMIT:
        return [BlockOp(DELETE, o, None) for o in olds] + [BlockOp(INSERT, None, b) for b in news]
    scores = [[_ratio(o, b) for b in news] for o in olds]

    def best(i1: int, i2: int, j1: int, j2: int) -> list[BlockOp]:
        top, at = PAIR_CUTOFF - 1e-9, None
        for i in range(i1, i2):
            for j in range(j1, j2):
                if scores[i][j] > top:
                    top, at = scores[i][j], (i, j)
        if at is None:
            return [BlockOp(DELETE, o, None) for o in olds[i1:i2]] + [BlockOp(INSERT, None, b) for b in news[j1:j2]]
        i, j = at
        return [*best(i1, i, j1, j), _change(olds[i], news[j]), *best(i + 1, i2, j + 1, j2)]

    return best(0, len(olds), 0, len(news))


def _change(old: Block, new: Block) -> BlockOp:
    if new.kind == "row":
        return BlockOp(CHANGE, old, new, cells=_diff_cells(old.cells, new.cells))
    if new.kind in ("code", "html"):
        if old.text == new.text:
            return BlockOp(EQUAL, old, new)
        return BlockOp(CHANGE, old, new, words=tuple(_diff_lines(old.text, new.text)))
    return BlockOp(CHANGE, old, new, words=tuple(diff_words(old.text, new.text)))


def _diff_lines(old: str, new: str) -> list[WordOp]:
    """Code is compared line by line: no markup can be cut inside it."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    ops: list[WordOp] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == EQUAL:
            ops.append(WordOp(EQUAL, "".join(b[j1:j2])))
            continue
        if i2 > i1:
            ops.append(WordOp(DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(WordOp(INSERT, "".join(b[j1:j2])))
    return ops


def _diff_cells(old: list[str], new: list[str]) -> tuple[tuple[WordOp, ...], ...]:
    """Cell by cell, keeping the new row's cell count (the table's shape is the new one)."""
    out: list[list[WordOp]] = []
    leftover: list[WordOp] = []  # deleted cells with no counterpart: shown in the next cell
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        olds, news = old[i1:i2], new[j1:j2]
        for k in range(max(len(olds), len(news))):
            if k < len(news):
                ops = diff_words(olds[k], news[k]) if k < len(olds) else [WordOp(INSERT, news[k])] if news[k] else []
                if tag == EQUAL:
                    ops = [WordOp(EQUAL, news[k])]
                out.append([*leftover, *ops])
                leftover = []
            elif olds[k]:
                leftover.append(WordOp(DELETE, olds[k]))
    if leftover:
        if out:
            out[-1].extend([WordOp(EQUAL, " "), *leftover])
        else:
            out.append(leftover)
    return tuple(tuple(c) for c in out)


def diff_blocks(old_md: str, new_md: str) -> list[BlockOp]:
    """The structured redline of two section bodies: aligned blocks, changed ones with word ops."""
    return _diff_blocks(old_md, new_md)


@lru_cache(maxsize=4096)
def _diff_blocks(old_md: str, new_md: str) -> list[BlockOp]:
    a, b = split_blocks(old_md), split_blocks(new_md)
    matcher = SequenceMatcher(None, [x.key for x in a], [x.key for x in b], autojunk=False)
    ops: list[BlockOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == EQUAL:
            ops.extend(BlockOp(EQUAL, a[i1 + k], b[j1 + k]) for k in range(i2 - i1))
        else:
            ops.extend(_pair(a[i1:i2], b[j1:j2]))
    return ops


# --------------------------------------------------------------------------- Markdown for the site


@dataclass(frozen=True)
class _Marks:
    ins_start: str
    ins_end: str
    del_start: str
    del_end: str

    @classmethod
    def of(cls, lang: str) -> _Marks:
        return cls(t(lang, "ins_start"), t(lang, "ins_end"), t(lang, "del_start"), t(lang, "del_end"))

    def wrap(self, tag: str, text: str, note: str = "") -> str:
        """`<ins>`/`<del>` with visually hidden start/end words in the page's language (A1)."""
        start, end, element = (
            (self.ins_start, self.ins_end, "ins") if tag == INSERT else (self.del_start, self.del_end, "del")
        )
        if note:
            text += f'<span class="pa-url"> (<code>{html.escape(note)}</code>)</span>'
        return (
            f'<{element}><span class="pa-sr">{html.escape(start)} </span>{text}'
            f'<span class="pa-sr"> {html.escape(end)}</span></{element}>'
        )


def inline_markdown(ops: Iterable[WordOp], marks: _Marks) -> str:
    return "".join(op.text if op.tag == EQUAL else marks.wrap(op.tag, op.text, op.note) for op in ops)


def _flat(text: str) -> str:
    """A changed block is written on one line: soft line breaks are spaces to the reader."""
    return _join(tokenize(text))


def _heading_id(block: Block, anchor: str, used: set[str]) -> str:
    """Ids like pages._with_ids: from the heading's own text (new text, old when removed)."""
    base = f"{anchor}-{slugify(block.text, '-')}"
    ident, n = base, 2
    while ident in used:
        ident, n = f"{base}-{n}", n + 1
    used.add(ident)
    return ident


def _attrs(block: Block, anchor: str, used: set[str]) -> str:
    if block.attrs and "#" in block.attrs:
        return block.attrs
    ident = _heading_id(block, anchor, used)
    if block.attrs:
        return "{#" + ident + " " + block.attrs.strip("{} :") + "}"
    return "{#" + ident + "}"


def _prefix(block: Block, depth: int) -> str:
    """The block's prefix, re-indented when its list is not open in the output (never a code block)."""
    if depth == block.depth:
        return block.prefix
    indent = "    " * depth
    if block.kind == "item":
        return indent + block.prefix.lstrip(" \t")
    if block.kind == "para" and block.prefix.strip().startswith(">"):
        return indent + block.prefix.lstrip(" \t")
    return indent


def _code_html(ops: Iterable[WordOp], marks: _Marks, whole: str | None = None) -> str:
    parts = []
    for op in ops:
        text = html.escape(op.text)
        parts.append(text if op.tag == EQUAL else marks.wrap(op.tag, text))
    return '<pre class="pa-code"><code>' + "".join(parts) + "</code></pre>"


def _code_lines(raw: str) -> str:
    """The code inside a fence."""
    lines = raw.splitlines()
    if lines and _FENCE.match(lines[0]):
        lines = lines[1:]
        if lines and _FENCE.match(lines[-1]):
            lines = lines[:-1]
    return "\n".join(lines) + "\n"


def render_blocks(ops: Iterable[BlockOp], anchor: str, lang: str) -> str:
    """Markdown of a redlined body: every `<ins>`/`<del>` sits inside one block."""
    marks = _Marks.of(lang)
    used: set[str] = {anchor}
    out: list[str] = []
    prev: Block | None = None
    allowed = 0  # deepest list level open at this point of the output
    for op in ops:
        block = op.block
        if block.kind == "sep" and op.tag == DELETE:
            continue
        depth = min(block.depth, allowed) if block.kind in ("item", "para", "row", "sep") else 0
        if block.kind == "item" and block.depth > allowed:
            depth = allowed
        text = _block_markdown(op, block, depth, anchor, used, marks)
        if prev is not None:
            tight = not block.blank_before and (
                (prev.kind in ("row", "sep") and block.kind in ("row", "sep"))
                or (prev.kind == "item" and block.kind == "item")
            )
            out.append("\n" if tight else "\n\n")
        out.append(text)
        prev = block
        allowed = depth + 1 if block.kind == "item" else depth if block.kind == "para" else 0
    return "".join(out).strip("\n") + ("\n" if out else "")


def _block_markdown(op: BlockOp, block: Block, depth: int, anchor: str, used: set[str], marks: _Marks) -> str:
    prefix = _prefix(block, depth)
    if block.kind == "sep":
        return prefix + block.text
    if block.kind == "code":
        if op.tag == EQUAL and depth == block.depth:
            return block.raw
        if op.tag == CHANGE:
            return _code_html(_diff_lines(_code_lines(op.old.raw), _code_lines(op.new.raw)), marks)  # type: ignore[union-attr]
        return _code_html([WordOp(op.tag, _code_lines(block.raw))], marks)
    if block.kind == "html":
        if op.tag == EQUAL:
            return block.raw
        kind = "pa-block--" + ("ins" if op.tag == INSERT else "del" if op.tag == DELETE else "changed")
        label = marks.wrap(INSERT if op.tag != DELETE else DELETE, "")
        return f'<div class="{kind}" markdown="1">\n\n{label}\n\n{block.raw}\n\n</div>'
    if block.kind == "row":
        if op.tag == EQUAL:
            return block.raw.strip() if depth == 0 else prefix + block.text
        if op.tag == CHANGE:
            cells = [inline_markdown(c, marks) for c in op.cells]
        else:
            cells = [marks.wrap(op.tag, c) if c else "" for c in block.cells]
        return prefix + "| " + " | ".join(cells) + " |"
    if op.tag == EQUAL and block.kind != "heading" and depth == block.depth:
        return block.raw
    if op.tag == EQUAL:
        inline = _flat(block.text)
    elif op.tag == CHANGE:
        inline = inline_markdown(op.words, marks)
    else:
        inline = marks.wrap(op.tag, _flat(block.text))
    if block.kind == "heading":
        return f"{block.prefix.lstrip()}{inline} {_attrs(block, anchor, used)}"
    return prefix + inline


# --------------------------------------------------------------------------- terminal


def terminal_inline(ops: Iterable[WordOp]) -> str:
    """`git diff --word-diff=plain` style: [-deleted-]{+inserted+}."""
    parts = []
    for op in ops:
        if op.tag == DELETE:
            parts.append(f"[-{op.text}-]")
        elif op.tag == INSERT:
            parts.append(f"{{+{op.text}+}}")
        else:
            parts.append(op.text)
    return "".join(parts)


def block_word_ops(op: BlockOp) -> list[WordOp]:
    """Every block op as one list of word ops (rows joined with ' | '), for text renderers."""
    block = op.block
    if op.tag == CHANGE and block.kind == "row":
        ops: list[WordOp] = [WordOp(EQUAL, "| ")]
        for k, cell in enumerate(op.cells):
            ops.extend([WordOp(EQUAL, " | ")] if k else [])
            ops.extend(cell)
        return [*ops, WordOp(EQUAL, " |")]
    if op.tag == CHANGE:
        return list(op.words)
    text = block.raw.strip() if block.kind in ("code", "html") else _flat(block.text)
    return [WordOp(EQUAL if op.tag == EQUAL else op.tag, text)]


def block_label(block: Block) -> str:
    """The structural prefix a terminal shows before a block: `## `, `  - `, `| `..."""
    indent = "  " * block.depth
    if block.kind == "heading":
        return "#" * block.level + " "
    if block.kind == "item":
        return indent + block.prefix.strip() + " "
    return indent


# --------------------------------------------------------------------------- sections


@dataclass
class SectionChange:
    """One section of a redline between two versions, in one language."""

    name: str  # file name, identity
    anchor: str  # Section.anchor
    status: str  # "added" | "removed" | "modified" | "unchanged" | "moved"
    title: str  # plain heading text (new, or old when removed)
    heading: str  # redlined heading inline Markdown (no leading #'s, no {#id})
    level: int  # heading level
    body: str  # redlined body Markdown (everything after the heading line)
    # Extras (for the terminal and statistics): not needed to render the page.
    old_name: str | None = None  # file name in the old version (differs when moved by renaming)
    words_inserted: int = 0
    words_deleted: int = 0
    heading_ops: tuple[WordOp, ...] = field(default=(), repr=False)
    blocks: tuple[BlockOp, ...] = field(default=(), repr=False)

    @property
    def changed(self) -> bool:
        """True when the text differs (a moved section may be unchanged in its words)."""
        return bool(self.words_inserted or self.words_deleted) or any(b.tag != EQUAL for b in self.blocks)


def _heading_raw(section: Section) -> tuple[str, str]:
    """The section heading's inline Markdown and its own attribute list."""
    raw = find_headings(section.markdown)[0][2]
    if a := _TRAILING_ATTR.search(raw):
        return raw[: a.start()], a.group(1)
    return raw, ""


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Results per pair of section texts, keyed on content hashes: published versions never
# change, so a site with N versions computes each consecutive pair once per process.
_SECTION_CACHE: dict[tuple[str, str, str, str], tuple[Any, ...]] = {}
_SECTION_CACHE_MAX = 20000


def _diff_section(old: Section | None, new: Section | None, lang: str) -> tuple[Any, ...]:
    anchor = (new or old).anchor  # type: ignore[union-attr]
    key = (_sha(old.markdown) if old else "", _sha(new.markdown) if new else "", anchor, lang)
    if (hit := _SECTION_CACHE.get(key)) is not None:
        return hit
    marks = _Marks.of(lang)
    old_head = _heading_raw(old) if old else ("", "")
    new_head = _heading_raw(new) if new else ("", "")
    if old and new:
        heading_ops = tuple(
            [WordOp(EQUAL, _flat(new_head[0]))] if old_head[0] == new_head[0] else diff_words(old_head[0], new_head[0])
        )
        blocks = tuple(
            [BlockOp(EQUAL, b, b) for b in split_blocks(new.body)]
            if old.markdown == new.markdown
            else diff_blocks(old.body, new.body)
        )
    elif new:
        heading_ops = (WordOp(INSERT, _flat(new_head[0])),)
        blocks = tuple(BlockOp(INSERT, None, b) for b in split_blocks(new.body))
    else:
        heading_ops = (WordOp(DELETE, _flat(old_head[0])),)
        blocks = tuple(BlockOp(DELETE, b, None) for b in split_blocks(old.body))  # type: ignore[union-attr]
    heading = inline_markdown(heading_ops, marks)
    body = render_blocks(blocks, anchor, lang)
    ins = sum(count_words(w.text) for w in heading_ops if w.tag == INSERT) + sum(b.inserted for b in blocks)
    dele = sum(count_words(w.text) for w in heading_ops if w.tag == DELETE) + sum(b.deleted for b in blocks)
    result = (heading, body, ins, dele, heading_ops, blocks)
    if len(_SECTION_CACHE) >= _SECTION_CACHE_MAX:
        _SECTION_CACHE.clear()
    _SECTION_CACHE[key] = result
    return result


def _match_sections(olds: list[Section], news: list[Section]) -> dict[int, int]:
    """new index -> old index: same file name; else same anchor (renumbered file); else same text."""
    match: dict[int, int] = {}
    by_name = {s.name: i for i, s in enumerate(olds)}
    for j, s in enumerate(news):
        if s.name in by_name:
            match[j] = by_name[s.name]
    for attr in ("anchor", "markdown"):
        taken = set(match.values())
        free = {getattr(s, attr): i for i, s in enumerate(olds) if i not in taken}
        for j, s in enumerate(news):
            if j not in match and (i := free.pop(getattr(s, attr), None)) is not None:
                match[j] = i
    return match


def compare(old: Version, new: Version, lang: str) -> list[SectionChange]:
    """The redline of every section, in the new version's order, removed sections at their old position."""
    olds, news = old.sections.get(lang, []), new.sections.get(lang, [])
    match = _match_sections(olds, news)
    # Sections whose relative order is kept (difflib's matching blocks); the others moved.
    seq_new = [j for j in range(len(news)) if j in match]
    seq_old = sorted(seq_new, key=lambda j: match[j])
    in_order: set[int] = set()
    for blk in SequenceMatcher(None, seq_old, seq_new, autojunk=False).get_matching_blocks():
        in_order.update(seq_new[blk.b : blk.b + blk.size])

    entries: list[tuple[tuple[int, int, int], SectionChange]] = []
    for j, section in enumerate(news):
        i = match.get(j)
        previous = olds[i] if i is not None else None
        heading, body, ins, dele, heading_ops, blocks = _diff_section(previous, section, lang)
        if previous is None:
            status = ADDED
        elif j not in in_order or previous.name != section.name:  # out of order, or renamed (renumbered)
            status = MOVED
        elif previous.markdown == section.markdown:
            status = UNCHANGED
        else:
            status = MODIFIED
        change = SectionChange(
            section.name, section.anchor, status, section.title, heading, section.level, body,
            previous.name if previous else None, ins, dele, heading_ops, blocks,
        )  # fmt: skip
        entries.append(((j, 0, 0), change))
    kept = sorted((match[j], j) for j in in_order)
    matched_old = set(match.values())
    for i, section in enumerate(olds):
        if i in matched_old:
            continue
        after = max((j for oi, j in kept if oi < i), default=-1)
        heading, body, ins, dele, heading_ops, blocks = _diff_section(section, None, lang)
        change = SectionChange(
            section.name, section.anchor, REMOVED, section.title, heading, section.level, body,
            section.name, ins, dele, heading_ops, blocks,
        )  # fmt: skip
        entries.append(((after, 1, i), change))
    return [change for _, change in sorted(entries, key=lambda e: e[0])]


def stats(changes: list[SectionChange]) -> dict[str, int]:
    """Sections per status (every status present) and words inserted/deleted, for summaries."""
    out = dict.fromkeys(STATUSES, 0)
    for c in changes:
        out[c.status] += 1
    out["words_inserted"] = sum(c.words_inserted for c in changes)
    out["words_deleted"] = sum(c.words_deleted for c in changes)
    return out


def section_markdown(change: SectionChange) -> str:
    """One section of a redline as page Markdown: its heading with the section anchor, then its body."""
    return f"{'#' * change.level} {change.heading} {{#{change.anchor}}}\n\n{change.body}"


def _section_lines(change: SectionChange) -> Iterator[tuple[str, list[WordOp]]]:
    """(structural prefix, word ops) of each line a terminal shows for one section."""
    title = list(change.heading_ops) or [WordOp(EQUAL, change.title)]
    if change.status != UNCHANGED:
        yield "#" * change.level + " ", title
    if change.status == UNCHANGED or not change.changed:
        return
    for op in change.blocks:
        if op.tag != EQUAL and op.block.kind != "sep":
            yield block_label(op.block), block_word_ops(op)


def _section_header(change: SectionChange) -> str:
    moved = f", was {change.old_name}" if change.status == MOVED and change.old_name != change.name else ""
    return f"== {change.name}: {change.status}{moved} =="


def _summary(changes: list[SectionChange]) -> str:
    counts = stats(changes)
    parts = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    return f"{parts or 'no sections'}; {counts['words_inserted']} word(s) inserted, {counts['words_deleted']} deleted"


def terminal_plain(changes: list[SectionChange]) -> str:
    """The redline as plain text, `git diff --word-diff=plain` markers: [-deleted-]{+inserted+}."""
    out: list[str] = []
    for change in changes:
        out.append(_section_header(change))
        out.extend(label + terminal_inline(ops) for label, ops in _section_lines(change))
    out.append(_summary(changes))
    return "\n".join(out) + "\n"


def terminal_rich(changes: list[SectionChange]) -> Any:
    """The redline as `rich` text: deletions red and struck, insertions green and underlined."""
    from rich.text import Text

    styles = {DELETE: "bold red strike", INSERT: "bold green underline"}
    status_style = {ADDED: "green", REMOVED: "red", MODIFIED: "yellow", MOVED: "cyan", UNCHANGED: "dim"}
    text = Text()
    for change in changes:
        text.append(_section_header(change) + "\n", style=f"bold {status_style[change.status]}")
        for label, ops in _section_lines(change):
            text.append(label, style="dim")
            for op in ops:
                text.append(op.text, style=styles.get(op.tag, ""))
            text.append("\n")
    text.append(_summary(changes) + "\n", style="bold")
    return text


# --------------------------------------------------------------------------- data for compare.js

_P = re.compile(r"^\s*<p>([\s\S]*)</p>\s*$")


@lru_cache(maxsize=65536)
def _render_cached(render: Callable[[str], str], markdown: str) -> str:
    return render(markdown)


_BLOCK_START = re.compile(r"^([ \t]*)(\d+)([.)])(?=[ \t])|^([ \t]*)([-+*>#])(?=[ \t]|#|$)")


def _inline_html(render: Callable[[str], str], markdown: str) -> str:
    """Rendered inline HTML of a block's text, without the paragraph Python-Markdown wraps it in.

    Out of its context, "1. Objectifs" (a heading's text) would render as a list: escape that.
    """
    if not markdown.strip():
        return ""
    markdown = _BLOCK_START.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}" if m[2] else f"{m[4]}\\{m[5]}", markdown)
    out = _render_cached(render, markdown).strip()
    m = _P.match(out)
    return m.group(1) if m and "<p>" not in m.group(1) else out


def version_data(version: Version, lang: str, render: Callable[[str], str]) -> dict:
    """The data `compare.js` needs to redline this version against any other, in one language.

    Written by the build per version and language (e.g. `versions/<id>/data.json`), so
    comparing any two of N versions costs the build N files, not N² pages. `render`
    turns Markdown into HTML with the site's extensions; it should be one long-lived
    function so its results are cached across versions (most blocks never change).

    Format (JSON)::

        {
          "format": 1,
          "version": "2025-01-01",          # version id (its effective date)
          "lang": "fr",
          "sections": [
            {
              "name": "05-renseignements.md",   # identity across versions
              "anchor": "renseignements",       # the section's id on pages
              "level": 2,                       # heading level
              "title": "5. Renseignements",     # plain heading text
              "heading": "5. Renseignements",   # heading inline HTML
              "hash": "<sha256 of the section's Markdown>",   # equal hash: unchanged section
              "blocks": [
                {"kind": "para", "depth": 0, "html": "inline HTML of the paragraph"},
                {"kind": "item", "depth": 0, "ordered": false, "html": "inline HTML of the item's first paragraph"},
                {"kind": "heading", "depth": 0, "level": 3, "id": "renseignements-sub", "html": "..."},
                {"kind": "row", "depth": 0, "header": true, "html": "", "cells": ["cell HTML", "..."]},
                {"kind": "code", "depth": 0, "html": "<pre><code>...</code></pre>"},
                {"kind": "html", "depth": 0, "html": "raw block HTML"}
              ]
            }
          ]
        }

    `kind` is one of para, item, heading, row, code, html; `depth` is the list nesting
    (0 at top level; a paragraph inside a top-level item has depth 1). Table separator
    rows are left out. Blocks are the same ones the Python diff aligns.
    """
    sections = []
    for section in version.sections.get(lang, []):
        used: set[str] = {section.anchor}
        blocks = []
        for block in split_blocks(section.body):
            if block.kind == "sep":
                continue
            item: dict[str, Any] = {"kind": block.kind, "depth": block.depth}
            if block.kind == "heading":
                item["level"] = block.level
                item["id"] = _attrs(block, section.anchor, used).strip("{}").split()[0].lstrip("#")
            if block.kind == "item":
                item["ordered"] = block.ordered
            if block.kind == "row":
                item["header"] = block.header
                item["cells"] = [_inline_html(render, c) for c in block.cells]
                item["html"] = ""
            elif block.kind in ("code", "html"):
                item["html"] = _render_cached(render, block.raw).strip()
            else:
                item["html"] = _inline_html(render, block.text)
            blocks.append(item)
        sections.append(
            {
                "name": section.name,
                "anchor": section.anchor,
                "level": section.level,
                "title": section.title,
                "heading": _inline_html(render, _heading_raw(section)[0]),
                "hash": _sha(section.markdown),
                "blocks": blocks,
            }
        )
    return {"format": 1, "version": version.id, "lang": lang, "sections": sections}


__all__ = [
    "ADDED",
    "MODIFIED",
    "MOVED",
    "REMOVED",
    "UNCHANGED",
    "Block",
    "BlockOp",
    "SectionChange",
    "WordOp",
    "block_label",
    "block_word_ops",
    "compare",
    "diff_blocks",
    "diff_words",
    "render_blocks",
    "section_markdown",
    "split_blocks",
    "stats",
    "terminal_inline",
    "terminal_plain",
    "terminal_rich",
    "tokenize",
    "version_data",
]
