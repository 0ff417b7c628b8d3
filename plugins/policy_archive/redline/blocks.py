"""Rendered HTML of a section -> the blocks a reader sees, each a run of inline tokens.

A block is a leaf of the document: a paragraph, a heading, the text of a list
item, a table row (cells), preformatted text, or an opaque element (an iframe,
a rule) that can only be compared whole. Each block remembers the containers
around it (lists, items, tables, quotes), so the redline can rebuild valid HTML
whatever mix of old and new blocks it shows.

Inside a block, text is split into tokens (words, spaces, punctuation), each
with its *context*: the inline elements around it (`<strong>`, `<a href=...>`).
A change of emphasis or of a link target therefore changes the token's key, and
`<ins>`/`<del>` are always placed by the emitter, never cut into markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from .tree import VOID, Node, attrs_html, parse, serialize, start_tag

# Elements whose children are blocks.
CONTAINERS = frozenset(
    [
        "ul",
        "ol",
        "li",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "div",
        "section",
        "article",
        "aside",
        "details",
        "dl",
        "dt",
        "dd",
        "figure",
        "nav",
        "header",
        "footer",
        "main",
        "center",
    ]
)
# Elements whose content is inline text: one block each.
TEXTUAL = frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "summary", "figcaption", "address", "pre", "legend"]
)
# Inline (phrasing) elements: context for the text inside them.
PHRASING = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
    ]
)
ROW = "tr"
CELLS = frozenset({"td", "th"})
# Block kinds.
TEXT, HEADING, ROW_KIND, OPAQUE = "text", "heading", "row", "opaque"

# A word, a run of spaces or any other character (group 1, 2 or 3: its kind, read without a second test).
_WORD = re.compile(r"(\w+(?:['’.\-]\w+)*)|(\s+)|(.)", re.S)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_SPACE = re.compile(r"\s+")


class Token(NamedTuple):
    """A word, a space or a character in its inline context; or an atomic element (`atom`).

    A tuple, not a dataclass: a build makes hundreds of thousands, and caches hash them."""

    ctx: tuple[str, ...]  # start tags of the inline elements around it, outermost first
    text: str  # unescaped text; for an atom, its HTML
    kind: str  # "word" | "space" | "punct" | "atom"

    @property
    def key(self) -> str:
        """What the diff compares: spaces are equal whatever their context; words carry theirs."""
        if self.kind == "space":
            return " "
        return "".join(self.ctx) + "\x00" + self.text


@dataclass(frozen=True)
class Container:
    tag: str
    attrs: str  # attributes as HTML
    uid: str  # unique in its section render ("n12"); the emitter maps old ones onto new ones


@dataclass(frozen=True)
class Cell:
    tag: str  # "td" | "th"
    attrs: str
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class Block:
    kind: str  # text | heading | row | opaque
    tag: str  # element of a text block ("p", "h3", "" for bare text in a list item), "tr", or the opaque tag
    attrs: str  # its attributes as HTML (a heading's id included)
    path: tuple[Container, ...]
    tokens: tuple[Token, ...] = ()
    cells: tuple[Cell, ...] = ()
    html: str = ""  # an opaque block's HTML
    preserve: bool = False  # pre: whitespace is content

    @property
    def level(self) -> int:
        return int(self.tag[1]) if self.kind == HEADING else 0

    @property
    def depth(self) -> int:
        """List nesting, part of what alignment compares."""
        return sum(1 for c in self.path if c.tag in ("ul", "ol"))

    @property
    def header(self) -> bool:
        return self.kind == ROW_KIND and any(c.tag == "thead" for c in self.path)

    def all_tokens(self) -> tuple[Token, ...]:
        if self.kind == ROW_KIND:
            out: list[Token] = []
            for cell in self.cells:
                out.extend(cell.tokens)
                out.append(Token((), " ", "space"))
            return tuple(out)
        return self.tokens

    @cached_property
    def key(self) -> str:
        """Alignment key: kind, level, list depth and the tokens' keys (spaces collapsed)."""
        if self.kind == OPAQUE:
            return f"opaque|{_SPACE.sub(' ', self.html)}"
        if self.kind == ROW_KIND:
            body = "\x1f".join(_tokens_key(c.tokens, False) for c in self.cells)
            return f"row|{int(self.header)}|{body}"
        return f"{self.kind}|{self.level}|{self.depth}|{_tokens_key(self.tokens, self.preserve)}"

    def words(self) -> list[str]:
        """The words a reader sees: what similarity is measured on."""
        return list(self._words)

    @cached_property
    def _words(self) -> tuple[str, ...]:
        return tuple(t.text for t in self.all_tokens() if t.kind == "word")

    def plain(self) -> str:
        return "".join(t.text if t.kind != "atom" else "" for t in self.all_tokens())


@lru_cache(maxsize=65536)
def _tokens_key(tokens: tuple[Token, ...], preserve: bool) -> str:
    """Cached: a paragraph kept from one version to the next has the same (shared) tokens."""
    out: list[str] = []
    for ctx, text, kind in tokens:  # `Token.key` spelt out: this runs for every token of every block
        if kind != "space":
            out.append("".join(ctx) + "\x00" + text)
        elif preserve:
            out.append(text)
        elif out and out[-1] != " ":
            out.append(" ")
    while out and out[-1] == " ":
        out.pop()
    return "".join(out)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: results are cached per object
class Rendered:
    """A section as the reader sees it: its heading block (None for a preamble) and its blocks."""

    heading: Block | None
    blocks: tuple[Block, ...]


def tokens_of(nodes: list[Node], preserve: bool = False, ctx: tuple[str, ...] = ()) -> list[Token]:
    """Inline content -> tokens; inline elements become context, empty or void ones atoms."""
    out: list[Token] = []
    for node in nodes:
        if node.is_text:
            out += _text_tokens(node.text, ctx, preserve)
        elif node.tag in VOID or (not _has_text(node) and not _has_void(node)):
            out.append(Token(ctx, serialize(node), "atom"))
        elif "headerlink" in node.classes():
            continue  # the permalink Python-Markdown adds to headings: the page adds its own
        else:
            out.extend(tokens_of(node.children, preserve or node.tag == "pre", (*ctx, start_tag(node))))
    return out


@lru_cache(maxsize=65536)
def _text_tokens(text: str, ctx: tuple[str, ...], preserve: bool) -> tuple[Token, ...]:
    """A text node's tokens. Cached: most paragraphs recur unchanged in many versions' texts, and
    sharing their tokens saves the regex and the allocations (and the garbage collector's work)."""
    out: list[Token] = []
    for word, space, punct in _WORD.findall(text):
        if word:
            out.append(Token(ctx, word, "word"))
        elif space:
            out.append(Token(ctx, space if preserve else " ", "space"))
        else:
            out.append(Token(ctx, punct, "punct"))
    return tuple(out)


def _has_text(node: Node) -> bool:
    """Whether any text inside is not blank (`node.text_content().strip()`, without the joins)."""
    return any((c.text != "" and not c.text.isspace()) if c.is_text else _has_text(c) for c in node.children)


def _has_void(node: Node) -> bool:
    return any(c.tag in VOID or (not c.is_text and _has_void(c)) for c in node.children)


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.counter = 0

    def uid(self) -> str:
        self.counter += 1
        return f"n{self.counter}"

    def walk(self, children: list[Node], path: tuple[Container, ...]) -> None:
        inline: list[Node] = []

        def flush() -> None:
            if any(not n.is_text or n.text.strip() for n in inline):
                tokens = _trim(tokens_of(inline))
                if tokens:
                    self.blocks.append(Block(TEXT, "", "", path, tuple(tokens)))
            inline.clear()

        for node in children:
            tag = node.tag
            if node.is_text or tag in PHRASING or (tag in VOID and tag != "hr"):
                inline.append(node)
                continue
            flush()
            if tag in TEXTUAL:
                kind = HEADING if tag in _HEADINGS else TEXT
                preserve = tag == "pre"
                tokens = tokens_of(node.children, preserve)
                tokens = tokens if preserve else _trim(tokens)
                self.blocks.append(Block(kind, tag, attrs_html(node.attrs), path, tuple(tokens), preserve=preserve))
            elif tag == ROW:
                cells = tuple(
                    Cell(c.tag, attrs_html(c.attrs), tuple(_trim(tokens_of(c.children))))
                    for c in node.children
                    if c.tag in CELLS
                )
                self.blocks.append(Block(ROW_KIND, "tr", attrs_html(node.attrs), path, cells=cells))
            elif tag in CONTAINERS:
                container = Container(tag, attrs_html(node.attrs), self.uid())
                before = len(self.blocks)
                self.walk(node.children, (*path, container))
                if len(self.blocks) == before:  # an empty container (<div id="x"></div>): keep it visible
                    self.blocks.append(Block(OPAQUE, tag, "", path, html=serialize(node)))
            else:
                self.blocks.append(Block(OPAQUE, tag, "", path, html=serialize(node)))
        flush()


def _trim(tokens: list[Token]) -> list[Token]:
    while tokens and tokens[0].kind == "space":
        tokens = tokens[1:]
    while tokens and tokens[-1].kind == "space":
        tokens = tokens[:-1]
    return tokens


def blocks_of(markup: str, has_heading: bool) -> Rendered:
    """The rendered HTML of a whole section -> its heading and its blocks."""
    walker = _Walker()
    walker.walk(parse(markup).children, ())
    blocks = walker.blocks
    heading = None
    if has_heading:
        for i, b in enumerate(blocks):
            if b.kind == HEADING and not b.path:
                heading = b
                blocks = blocks[:i] + blocks[i + 1 :]
                break
    return Rendered(heading, tuple(blocks))
