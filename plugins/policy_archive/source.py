"""One source-level scanner for the policy's Markdown: headings, code, comments, ids, leftovers.

`load` validates with it and builds the model's headings from it, `checks`
compares with it: one reading of a file, so the checker and the pages never
disagree about where a section's heading is. It follows Python-Markdown (what
MkDocs renders) where that is unambiguous: ATX headings start at column 0, a
setext heading is the single line above its `===`/`---` underline, attribute
lists follow attr_list's syntax. Pure functions, no MkDocs import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# Python-Markdown's own ATX rule (HashHeaderProcessor), applied to one line: no space needed
# after the hashes, trailing hashes dropped, `#` followed by other text kept (`{#id}`).
_ATX = re.compile(r"^(?P<level>#{1,6})(?P<text>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*$")
_UNDERLINE = re.compile(r"^(=+|-+)[ \t]*$")
_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_QUOTE = re.compile(r"^ {0,3}>")
_TABLE_DELIMITER = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# The start of a raw HTML block: Python-Markdown leaves its lines alone (no heading underline there).
_HTML_BLOCK = re.compile(
    r"^ {0,3}</?(?:address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption|figure|footer"
    r"|form|h[1-6]|header|hr|iframe|main|nav|ol|p|pre|script|section|style|summary|table|ul)(?=[\s/>]|$)",
    re.IGNORECASE,
)
_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w -]*:(?:\s|$)")

# attr_list: `{: #id .class key="value" }`, the colon optional; `{{`/`}}` are templates, not attributes.
_ATTR_TOKEN = re.compile(r"""#[^\s{}]+|\.[^\s{}]+|[\w-]+(?:=(?:"[^"]*"|'[^']*'|[^\s"'{}]+))?""")
_ATTR_LIST = re.compile(r"(?<!\{)\{:?[ \t]*([^{}\n]*?)[ \t]*\}(?!\})")
_TRAILING_ATTR = re.compile(r"[ \t]*(?<!\{)\{:?[ \t]*([^{}\n]*?)[ \t]*\}$")

_COMMENT_OR_TICKS = re.compile(r"(`+)|<!--")
_EMPTY_ANCHOR = re.compile(
    r"""<a\b(?=[^<>]*\b(?:id|name)\s*=)[^<>]*?(?:/>|>\s*</a\s*>)""",
    re.IGNORECASE,
)
# Python-Markdown's inline HTML: no `<` or `>` inside a tag (which also keeps this linear).
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)((?:\s[^<>]*)?)/?>")
_HTML_ID = re.compile(r"""(?<![\w-])(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)

# An unfilled template placeholder: capitals in square brackets, not a link.
PLACEHOLDER = re.compile(r"\[([A-ZÀ-ÖØ-Ý][A-ZÀ-ÖØ-Ý0-9 ’'_\-]{2,})\](?![(\[:])")
# Template syntax nothing will expand: Jinja/Liquid `{{ }}`, `{% %}`, `{# #}`, Hugo `{{< >}}`.
TEMPLATE = re.compile(r"\{\{(?:(?!\}\}|\{\{).)*\}\}|\{%(?:(?!%\}|\{%).)*%\}|\{#(?:(?!#\}|\{#).)*#\}")


def normalise(text: str) -> str:
    """The text as the scanner and the model keep it: no BOM, LF line endings (line numbers unchanged)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_attrs(raw: str) -> tuple[str, str]:
    """Heading Markdown -> (text without its trailing attribute list, the list's contents)."""
    m = _TRAILING_ATTR.search(raw)
    if m and _is_attr_list(m.group(1)):
        return raw[: m.start()].rstrip(), m.group(1)
    return raw, ""


def attr_id(attrs: str) -> str | None:
    """The id an attribute list sets (`#id`); the last one wins, as in attr_list."""
    ids = [t[1:] for t in _ATTR_TOKEN.findall(attrs) if t.startswith("#") and len(t) > 1]
    return ids[-1] if ids else None


def _is_attr_list(contents: str) -> bool:
    """Only `#id`, `.class` and `key=value` words: CSS (`color: #fff`) and prose in braces are not."""
    if not contents.strip() or contents.rstrip().endswith("#"):
        return False
    return not _ATTR_TOKEN.sub("", contents).strip()


@dataclass(frozen=True)
class Heading:
    """One heading as written: where it is and what it says."""

    line: int  # 1-based line of the heading text
    end: int  # last line: `line` for ATX, `line + 1` for setext (the underline)
    level: int
    raw: str  # inline Markdown as written, trailing attribute list included
    source: str  # inline Markdown without the trailing attribute list
    attrs: str  # that attribute list's contents, without braces or colon
    glued: bool = False  # a setext heading right under a line of text: Python-Markdown renders a paragraph

    @property
    def id(self) -> str | None:
        return attr_id(self.attrs)

    @property
    def title(self) -> str:
        return plain_text(self.source)


def _heading(line: int, end: int, level: int, raw: str, glued: bool = False) -> Heading:
    raw = raw.strip()
    text, attrs = split_attrs(raw)
    return Heading(line, end, level, raw, text.strip(), attrs, glued)


@dataclass(frozen=True)
class Scan:
    """What a section's Markdown holds, line by line (1-based line numbers throughout)."""

    lines: tuple[str, ...]
    headings: tuple[Heading, ...]
    code: frozenset[int]  # lines inside fenced (fences included) or indented code
    prose: tuple[str, ...]  # each line as published text: code lines empty, comments and code spans removed
    uncommented: tuple[str, ...]  # each line without its HTML comments (code spans kept)
    unclosed_fence: tuple[int, str] | None  # (line, fence) of a fence never closed
    front_matter: int  # last line of YAML front matter at the top, 0 when there is none
    items_over_rules: tuple[int, ...] = ()  # list items right above `---`: read as item + rule, maybe meant as heading

    def heading_at(self, line: int) -> Heading | None:
        return next((h for h in self.headings if h.line == line), None)


def _strip_comments(line: str, in_comment: bool) -> tuple[str, str, bool]:
    """(line without comments, same with code spans blanked too, still inside a comment at the end)."""
    kept, prose, i = [], [], 0
    while i < len(line):
        if in_comment:
            j = line.find("-->", i)
            if j < 0:
                return "".join(kept), "".join(prose), True
            i, in_comment = j + 3, False
            continue
        m = _COMMENT_OR_TICKS.search(line, i)
        if not m:
            kept.append(line[i:])
            prose.append(line[i:])
            break
        if m.group(1):  # a code span: `<!--` inside it is literal text
            close = re.compile(rf"(?<!`){m.group(1)}(?!`)").search(line, m.end())
            end = close.end() if close else m.end()
            kept.append(line[i:end])
            prose.append(line[i : m.start()] + (" " if close else m.group(1)))
            i = end
            continue
        kept.append(line[i : m.start()])
        prose.append(line[i : m.start()])
        i, in_comment = m.end(), True
    return "".join(kept), "".join(prose), in_comment


def _front_matter(lines: list[str]) -> int:
    """Last line of a YAML front matter block (`---` ... `---`), 0 if the file has none."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for n, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return n if n > 2 and _FRONT_MATTER_KEY.match(lines[1]) else 0
    return 0


@lru_cache(maxsize=4096)
def scan(text: str) -> Scan:
    """Read Markdown once: headings (ATX and setext), code, comments, as Python-Markdown would see them.

    Cached by text: most sections are identical from one version to the next.
    """
    lines = normalise(text).split("\n")
    headings: list[Heading] = []
    code: set[int] = set()
    prose: list[str] = []
    uncommented: list[str] = []
    fence: tuple[str, int, int, int] | None = None  # (char, length, line, indent) of the open fence
    in_comment = False
    block: str | None = None  # kind of the current block; None after a blank line
    after_list = False  # the last top-level block was a list: indented blocks belong to it, not code
    # The previous line, if it could be a setext heading's text: (line, text, glued, is a list item).
    candidate: tuple[int, str, bool, bool] | None = None
    items_over_rules: list[int] = []
    front = _front_matter(lines)

    for n, line in enumerate(lines, start=1):
        previous, candidate = candidate, None
        if n <= front:
            code.add(n)
            prose.append("")
            uncommented.append(line)
            continue
        if fence is not None:
            code.add(n)
            prose.append("")
            uncommented.append(line)
            stripped = line.strip()
            char, length, _, opened_at = fence
            indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
            if stripped and set(stripped) == {char} and len(stripped) >= length and indent < opened_at + 4:
                fence, block = None, "fence"
            continue
        started_in_comment = in_comment
        kept, visible, in_comment = _strip_comments(line, in_comment)
        if not line.strip():
            prose.append("")
            uncommented.append(line)
            block = None if block != "code" else "code-gap"
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        at_block_start = block in (None, "heading", "fence", "comment", "hr", "code-gap")
        if (block in ("code", "code-gap") and indent >= 4) or (
            indent >= 4 and at_block_start and block != "code-gap" and not after_list and not started_in_comment
        ):
            code.add(n)
            prose.append("")
            uncommented.append(line)
            block = "code"
            continue
        if block in ("code", "code-gap"):
            block = None  # a line that is not indented ends the code block
            at_block_start = True
        if not started_in_comment and (m := _FENCE_OPEN.match(line)):
            char = m.group("fence")[0]
            if (indent <= 3 or after_list) and not (char == "`" and "`" in m.group("info")):
                fence = (char, len(m.group("fence")), n, indent)
                code.add(n)
                prose.append("")
                uncommented.append(line)
                continue
        prose.append(visible)
        uncommented.append(kept)
        if started_in_comment or (not kept.strip() and "<!--" in line):
            block = "comment" if at_block_start else block
            continue
        if m := _ATX.match(line):
            headings.append(_heading(n, n, len(m.group("level")), m.group("text")))
            block, after_list = "heading", False
            continue
        if previous is not None and _UNDERLINE.match(line) and previous[0] == n - 1:
            pline, ptext, glued, item = previous
            if item and line[0] == "-":  # `- x` / `1. x` over `---`: a list and a rule, not a heading
                items_over_rules.append(pline)
                block = "hr"
                continue
            headings.append(_heading(pline, n, 1 if line[0] == "=" else 2, ptext, glued))
            block, after_list = "heading", False
            continue
        # Classify the line to know whether the next one may underline it.
        if at_block_start:
            if _HR.match(line):
                block = "hr"
            elif _LIST_ITEM.match(line):
                block = "list"
            elif _QUOTE.match(line):
                block = "quote"
            elif _HTML_BLOCK.match(line):
                block = "html"
            elif line.lstrip().startswith("|"):
                block = "table"
            else:
                block = "para"
            if indent < 4:
                after_list = block == "list"
            if block in ("para", "list"):
                candidate = (n, line, False, block == "list")
            continue
        if _HR.match(line):
            block = "hr"  # a rule ends the block it interrupts
        elif block == "para" and "|" in line and _TABLE_DELIMITER.match(line) and "|" in lines[n - 2]:
            block = "table"
        elif block == "para" and not (_LIST_ITEM.match(line) or _QUOTE.match(line) or line.lstrip().startswith("|")):
            candidate = (n, line, True, False)

    return Scan(
        lines=tuple(lines),
        headings=tuple(headings),
        code=frozenset(code),
        prose=tuple(prose),
        uncommented=tuple(uncommented),
        unclosed_fence=(fence[2], fence[0] * fence[1]) if fence else None,
        front_matter=front,
        items_over_rules=tuple(items_over_rules),
    )


def find_headings(markdown: str) -> list[tuple[int, int, str]]:
    """(line, level, raw inline Markdown) of every heading, ATX or setext, outside code and comments.

    Kept for the modules that only need positions; `scan(...).headings` says more.
    """
    return [(h.line, h.level, h.raw) for h in scan(markdown).headings]


def heading_at(markdown: str, line: int) -> Heading | None:
    """The heading whose text is on `line`, if there is one there."""
    return scan(markdown).heading_at(line)


def is_head_line(uncommented: str) -> bool:
    """True for a line that may come before a section's heading: blank once comments and empty anchors go."""
    return not _EMPTY_ANCHOR.sub("", uncommented).strip()


def text_before(result: Scan, line: int) -> int | None:
    """First line before `line` holding something other than empty anchors, comments or blanks."""
    for n in range(1, line):
        if n in result.code or not is_head_line(result.uncommented[n - 1]):
            return n
    return None


def head_span(result: Scan, line: int | None = None) -> tuple[int, int]:
    """(first, last) lines of the head: the anchor/comment lines before the heading on `line`,
    or, for a preamble (`line` None), those at the top of the file; (0, 0) when there are none."""
    stop = line if line is not None else len(result.lines) + 1
    first = last = 0
    for n in range(1, stop):
        if n in result.code or not is_head_line(result.uncommented[n - 1]):
            break
        if result.lines[n - 1].strip():
            first, last = first or n, n
    return first, last


def _code_span_free(text: str) -> Iterator[tuple[bool, str]]:
    """(is_code, piece) pieces of inline Markdown: code spans are literal, the rest is Markdown."""
    i = 0
    for m in re.finditer(r"(?<![`\\])(`+)(?!`)", text):
        if m.start() < i:
            continue
        close = re.compile(rf"(?<!`){m.group(1)}(?!`)").search(text, m.end())
        if not close:
            continue
        yield False, text[i : m.start()]
        yield True, text[m.end() : close.start()].strip()
        i = close.end()
    yield False, text[i:]


_ESCAPABLE = "\\`*_{}[]()>#+-.!|"  # Python-Markdown's escapable characters, `|` from tables
_ESCAPE = re.compile(r"\\([" + re.escape(_ESCAPABLE) + "])")
_IMAGE_OR_LINK = re.compile(
    r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\](?:\((?:<[^>]*>|[^()\s]*(?:\([^()]*\)[^()\s]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)|\[[^\]]*\])"
)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+|mailto:[^\s<>]+|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# attr_list applies an inline list only right after an element (`*word*{: .x }`); elsewhere braces are text.
_INLINE_ATTR = re.compile(r"(?<=[*_`\])>])\{:?[ \t]*([^{}\n]*?)[ \t]*\}(?!\})")
# Spans never run past the next delimiter of their kind: linear time on any input.
_STRONG = re.compile(r"(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1")
_EM_STAR = re.compile(r"\*(?=\S)([^*]+?)(?<=\S)\*")
_EM_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=\S)((?:[^_]|(?<=\w)_(?=\w))+?)(?<=\S)_(?!\w)")


@lru_cache(maxsize=65536)  # titles repeat from version to version
def plain_text(markdown: str) -> str:
    """Inline Markdown to the text a reader sees: for titles, tables of contents and messages.

    Tags, emphasis, code backticks, link targets and attribute lists go; entities
    and backslash escapes become their characters; whitespace is collapsed.
    """
    out = []
    for is_code, piece in _code_span_free(split_attrs(markdown.strip())[0]):
        if is_code:
            out.append(piece)
            continue
        # Escaped characters are hidden from the other rules, then restored as literals.
        escaped: list[str] = []

        def hide(m: re.Match[str], escaped: list[str] = escaped) -> str:
            escaped.append(m.group(1))
            return f"\ue000{len(escaped) - 1}\ue001"

        text = _ESCAPE.sub(hide, piece)
        text = _COMMENT.sub("", text)
        text = _INLINE_ATTR.sub(lambda m: "" if _is_attr_list(m.group(1)) else m.group(0), text)
        text = _AUTOLINK.sub(lambda m: m.group(1), text)
        text = _TAG.sub("", text)
        previous = None
        while previous != text:
            previous = text
            text = _IMAGE_OR_LINK.sub(lambda m: m.group(1), text)
            text = _STRONG.sub(lambda m: m.group(2), text)
            text = _EM_STAR.sub(lambda m: m.group(1), text)
            text = _EM_UNDERSCORE.sub(lambda m: m.group(1), text)
        text = html.unescape(text)
        out.append(re.sub("\ue000(\\d+)\ue001", lambda m, e=escaped: e[int(m.group(1))], text))
    return " ".join("".join(out).split())


heading_text = plain_text  # the name load.py has always exported


def explicit_ids(result: Scan) -> list[tuple[str, int]]:
    """(id, line) of every id the text sets itself: attribute lists and HTML `id`/`<a name>`.

    A heading's own attribute list is read from the heading; code, code spans and
    comments set no id.
    """
    found: list[tuple[str, int]] = []
    heading_lines = {h.line: h for h in result.headings}
    for n, text in enumerate(result.prose, start=1):
        if not text:
            continue
        heading = heading_lines.get(n)
        if heading is not None:
            if heading.id:
                found.append((heading.id, n))
            text = heading.source if heading.attrs else text
        for m in _ATTR_LIST.finditer(text):
            if _is_attr_list(m.group(1)) and (i := attr_id(m.group(1))):
                found.append((i, n))
        for tag in _TAG.finditer(text):
            if tag.group(1):
                continue
            for a in _HTML_ID.finditer(tag.group(3)):
                value = next(v for v in a.group(2, 3, 4) if v is not None)
                if value and (a.group(1).lower() == "id" or tag.group(2).lower() == "a"):
                    found.append((value, n))
    return found


def templates(result: Scan) -> list[tuple[str, int]]:
    """(tag, line) of template syntax left in the published text (`{{ x }}`, `{% x %}`)."""
    return [(m.group(0), n) for n, text in enumerate(result.prose, start=1) for m in TEMPLATE.finditer(text)]


def placeholders(result: Scan) -> list[tuple[str, int]]:
    """(placeholder, line) of unfilled `[CAPITALS]` placeholders in the published text."""
    return [(m.group(0), n) for n, text in enumerate(result.prose, start=1) for m in PLACEHOLDER.finditer(text)]


_MARKER = re.compile(r"^[*+-][ \t]+")
_STARTS_LINE = re.compile(r"^(?:[*+-][ \t]|\d{1,9}[.)][ \t]|#|>|\||`{3,}|~{3,}|<|=+$|-+$|\{:?)")


@lru_cache(maxsize=4096)
def comparable(markdown: str) -> str:
    """The text with formatting noise removed, to tell a real change from a re-save.

    Trailing spaces, line endings, blank-line runs, re-wrapped paragraphs and the
    choice of `-`, `*` or `+` for list items are not changes; words are.
    """
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(" ".join(" ".join(current).split()))
            current.clear()

    for line in normalise(markdown).split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if _STARTS_LINE.match(stripped):
            flush()
            stripped = _MARKER.sub("- ", stripped)
        current.append(stripped)
    flush()
    return "\n".join(blocks)


__all__ = [
    "PLACEHOLDER",
    "TEMPLATE",
    "Heading",
    "Scan",
    "attr_id",
    "comparable",
    "explicit_ids",
    "find_headings",
    "head_span",
    "heading_at",
    "heading_text",
    "is_head_line",
    "normalise",
    "placeholders",
    "plain_text",
    "scan",
    "split_attrs",
    "templates",
    "text_before",
]
