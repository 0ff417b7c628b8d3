"""A small, tolerant HTML tree: what Python-Markdown (and authors' raw HTML) produce.

The redline works on what the reader sees, so it parses rendered HTML, not
Markdown. `html.parser` gives events; this module turns them into nodes,
closing elements the way browsers do for the common implied end tags.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# An id attribute as `attrs_html` writes it (every id in the redline's HTML has this spelling).
ID_ATTR = re.compile(r' id="([^"]*)"')
VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
# An open <p> (or <li>, <tr>, <td>...) ends when one of these starts, as in the HTML spec.
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ]
)
_IMPLIED = {
    "p": _CLOSES_P,
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr", "tbody", "tfoot"}),
    "td": frozenset({"td", "th", "tr", "tbody", "tfoot"}),
    "th": frozenset({"td", "th", "tr", "tbody", "tfoot"}),
    "thead": frozenset({"tbody", "tfoot"}),
    "tbody": frozenset({"tbody", "tfoot"}),
    "option": frozenset({"option"}),
}


@dataclass
class Node:
    """An element (tag set) or a text node (tag empty, `text` unescaped)."""

    tag: str
    attrs: list[tuple[str, str]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    text: str = ""

    @property
    def is_text(self) -> bool:
        return not self.tag

    def attr(self, name: str) -> str | None:
        for k, v in self.attrs:
            if k == name:
                return v
        return None

    def classes(self) -> list[str]:
        return (self.attr("class") or "").split()

    def text_content(self) -> str:
        if self.is_text:
            return self.text
        return "".join(c.text_content() for c in self.children)


def attrs_html(attrs: list[tuple[str, str]]) -> str:
    """Attributes as HTML, in their order, values escaped: `' id="x" class="y"'`."""
    return "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs)


def start_tag(node: Node) -> str:
    return f"<{node.tag}{attrs_html(node.attrs)}>"


def serialize(node: Node) -> str:
    """A node back to HTML (text escaped, attributes quoted): one canonical spelling."""
    if node.is_text:
        return escape_text(node.text)
    inner = "".join(serialize(c) for c in node.children)
    if node.tag in VOID:
        return start_tag(node)
    return f"{start_tag(node)}{inner}</{node.tag}>"


def escape_text(text: str) -> str:
    """Text for HTML that is also safe inside a Markdown line: `*`, `_`, `` ` ``, `[`... become entities,
    so a redlined heading embedded in a page's Markdown is never re-interpreted; quotes too, so text
    never looks like an attribute to the page's own passes over the HTML."""
    return text.translate(_TEXT_ESCAPES)


_TEXT_ESCAPES = {
    **{ord(c): f"&#{ord(c)};" for c in "*_`[]{}\\#|~"},
    **{ord(c): e for c, e in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))},
}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def _close_implied(self, tag: str) -> None:
        while len(self.stack) > 1 and tag in _IMPLIED.get(self.stack[-1].tag, ()):
            self.stack.pop()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close_implied(tag)
        node = Node(tag, [(k, v if v is not None else "") for k, v in attrs])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close_implied(tag)
        self.stack[-1].children.append(Node(tag, [(k, v if v is not None else "") for k, v in attrs]))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
        # A stray end tag closes nothing (browsers ignore it too).

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if parent.children and parent.children[-1].is_text:
            parent.children[-1].text += data
        else:
            parent.children.append(Node("", text=data))

    def handle_comment(self, data: str) -> None:
        pass  # comments are not shown to readers


def parse(markup: str) -> Node:
    """Parse an HTML fragment into a tree under a `#root` node."""
    builder = _Builder()
    if _read_simple(markup, builder):
        return builder.root
    builder = _Builder()  # something `_read_simple` does not read: html.parser reads it all
    builder.feed(markup)
    builder.close()
    return builder.root


# A start or end tag written plainly (double-quoted values), as the sanitiser writes every tag.
_SIMPLE_TAG = re.compile(
    r'<(?:([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"]*")?)*)\s*(/?)|/([a-zA-Z][a-zA-Z0-9]*)\s*)>'
)
_SIMPLE_ATTR = re.compile(r'\s+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?')
# Elements whose content is not markup to some version of `html.parser`.
_RAW_TEXT = frozenset(
    ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"]
)


def _read_simple(markup: str, builder: _Builder) -> bool:
    """Give `builder` the events `html.parser` would give, reading each tag with one regex (the
    parser takes several calls per tag); False, half read, when a `<` starts something else (a
    comment, a stray `<`, a script)."""
    pos = 0
    while (lt := markup.find("<", pos)) >= 0:
        if lt > pos:
            builder.handle_data(html.unescape(markup[pos:lt]))
        m = _SIMPLE_TAG.match(markup, lt)
        if m is None:
            return False
        if m.group(4):
            builder.handle_endtag(m.group(4).lower())
        else:
            tag = m.group(1).lower()
            if tag in _RAW_TEXT:
                return False
            attrs: list[tuple[str, str | None]] = [
                (name.lower(), html.unescape(value) if value else "")
                for name, value in _SIMPLE_ATTR.findall(m.group(2))
            ]
            if m.group(3):
                builder.handle_startendtag(tag, attrs)
            else:
                builder.handle_starttag(tag, attrs)
        pos = m.end()
    if pos < len(markup):
        builder.handle_data(html.unescape(markup[pos:]))
    return True
