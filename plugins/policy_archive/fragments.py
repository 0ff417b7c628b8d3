"""Render once what many pages share: each distinct block of policy text, whatever page holds it.

A site of N versions has N version pages per language, each holding the whole text, but most
sections are the same text from one version to the next. Python-Markdown was most of the build:
it converted every copy. Here a generated page's Markdown is split before MkDocs converts it:

- a policy section (`<section class="pa-section" ... markdown="1">` ... `</section>`, written by
  `pages._wrapped_section`) becomes a placeholder; its body is converted once per distinct text
  (and per Markdown configuration) and put back after MkDocs has converted the rest;
- a block of raw HTML that is one whole element (a redline section, the metadata, the archive's
  table) becomes a placeholder too: Markdown would only pass it through, after parsing it with
  its HTML parser, which was most of what converting a page's own markup cost.

What MkDocs would have computed from those blocks is computed here: the table of contents
(heading tokens in page order), unique heading ids across the page (as `toc` does), the ids
present (anchor validation) and the page's links to its own anchors. No MkDocs import: the
plugin passes the page's values in and out.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import markdown
from markdown.extensions.toc import nest_toc_tokens, unique

# A marker no text can forge: it is made anew each run and gone from the output.
_NONCE = secrets.token_hex(8)
_PLACEHOLDER = "<!--pa-fragment-" + _NONCE + "-{}-->"  # {}: the pieces' numbers, comma-separated
_PLACEHOLDER_START = "<!--pa-fragment-" + _NONCE + "-"
_PLACEHOLDER_RE = re.compile(r"(?:<p>)?<!--pa-fragment-" + _NONCE + r"-(\d+(?:,\d+)*)-->(?:</p>)?")
# The same placeholder as text, while the sanitiser (which drops comments) runs (`cleaned`).
_PLACEHOLDER_TEXT = re.compile(r"pa-fragment-" + _NONCE + r"-\d+(?:,\d+)*")
_PLACEHOLDER_COMMENT = re.compile(f"<!--({_PLACEHOLDER_TEXT.pattern})-->")
_SECTION_OPEN = re.compile(r'^(<section class="pa-section"[^\n<>]*?) markdown="1">$')
# What ends a section of a version's text after a blank line (`pages.history_link`): raw HTML that
# Markdown passes through, kept apart so the section's text is rendered alone, as the redline does.
_TAIL = re.compile(r'^<p class="pa-section__history"[^\n]*</p>$')
# A block of raw HTML (from a blank line to the next) that is one element, start to end: Markdown
# passes it through as it is, after parsing it with its HTML parser at some cost.
_RAW_OPEN = re.compile(r"^<(div|p|nav|section|details|form|table|ul|ol|dl|aside|figure|blockquote|h[1-6])(?=[\s>])")


def _whole_element(chunk: str, tag: str) -> bool:
    """Whether `chunk` is one `tag` element that closes exactly at its end, with no Markdown inside
    (`markdown="1"`): then Python-Markdown would store it unchanged, and so can we."""
    if "markdown=" in chunk:
        return False
    depth = 0
    for m in re.finditer(rf"<(/?){tag}(?=[\s>/])[^>]*>", chunk):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end() == len(chunk.rstrip())
    return False


_ID = re.compile(r'\sid="([^"]*)"')
_SELF_LINK = re.compile(r'(?<!class="headerlink")\shref="#([^"]+)"')  # a heading's own permalink aside
_HEADING = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.S)


@dataclass(frozen=True)
class Fragment:
    """One block's HTML and what MkDocs would have read from it."""

    html: str
    toc: tuple[dict[str, Any], ...] = ()  # flat heading tokens (level, id, name, html, data-toc-label)
    ids: tuple[str, ...] = ()  # every id in it, in order
    links: tuple[str, ...] = ()  # its links to anchors of the same page ("#x")

    def to_json(self) -> dict[str, Any]:
        return {"html": self.html, "toc": list(self.toc), "ids": list(self.ids), "links": list(self.links)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fragment:
        """A stored fragment; TypeError when it is not one (the store then makes it again)."""
        html, toc, ids, links = data["html"], data["toc"], data["ids"], data["links"]
        if not (isinstance(html, str) and all(isinstance(t, dict) and isinstance(t.get("id"), str) for t in toc)):
            raise TypeError("not a fragment")
        if not all(isinstance(i, str) for i in [*ids, *links]):
            raise TypeError("not a fragment")
        return cls(html, tuple(toc), tuple(ids), tuple(links))


@dataclass
class Piece:
    """A block taken out of a page: Markdown to convert (`opening` is its wrapper, `tail` raw HTML
    that ends it) or raw HTML."""

    markdown: str | None
    opening: str = ""
    raw: str = ""
    tail: str = ""


def split(text: str) -> tuple[str, list[Piece]]:
    """A page's Markdown with its policy sections and redline blocks replaced by placeholders."""
    lines = text.split("\n")
    out: list[str] = []
    pieces: list[Piece] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("<"):  # neither a section nor a raw block opens here
            out.append(line)
            i += 1
            continue
        if m := _SECTION_OPEN.match(line):
            end = _section_end(lines, i + 1)
            if end < len(lines):
                body, tail = lines[i + 1 : end - 1], ""
                if len(body) > 1 and _TAIL.match(body[-1]) and not body[-2].strip():
                    body, tail = body[:-2], body[-1]  # put back as it is: the text alone is what is shared
                pieces.append(Piece("\n".join(body).strip("\n"), opening=m.group(1) + ">", tail=tail))
                out += ["", _PLACEHOLDER.format(len(pieces) - 1), ""]
                i = end + 1
                continue
        elif (m := _RAW_OPEN.match(line)) and (i == 0 or not lines[i - 1].strip()):
            end = i
            while end + 1 < len(lines) and lines[end + 1].strip():
                end += 1
            chunk = "\n".join(lines[i : end + 1])
            if _whole_element(chunk, m.group(1)):
                pieces.append(Piece(None, raw=chunk))
                out += ["", _PLACEHOLDER.format(len(pieces) - 1), ""]
                i = end + 1
                continue
        out.append(line)
        i += 1
    return _joined(out), pieces


def _section_end(lines: list[str], start: int) -> int:
    """The first line from `start` that is `</section>` after a blank line (len(lines) if none)."""
    end = start
    while True:
        try:
            end = lines.index("</section>", end)
        except ValueError:
            return len(lines)
        if lines[end - 1] == "":
            return end
        end += 1


def _joined(lines: list[str]) -> str:
    """The page with consecutive placeholders (blank lines between them) made one: one comment that
    Markdown passes through at once (its HTML parser costs per comment), put back as the pieces'
    HTML one per line, as Markdown would have passed a block of comments."""
    kept: list[str] = []
    for line in lines:
        if line.startswith(_PLACEHOLDER_START):
            end = len(kept)
            while end and not kept[end - 1].strip():
                end -= 1
            if end and kept[end - 1].startswith(_PLACEHOLDER_START):
                numbers = f"{_numbers(kept[end - 1])},{_numbers(line)}"
                del kept[end - 1 :]
                line = _PLACEHOLDER.format(numbers)
        kept.append(line)
    return "\n".join(kept)


def _numbers(placeholder: str) -> str:
    return placeholder[len(_PLACEHOLDER_START) : -len("-->")]


def _stable(value: Any) -> Any:
    """A configuration as data that means the same in every run (functions by their name)."""
    if isinstance(value, dict):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_stable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(type(value)))}"
    return f"{type(value).__module__}.{type(value).__qualname__}"


def config_key(extensions: Sequence[Any], configs: dict[str, Any], *extra: str) -> str:
    """What a fragment's HTML depends on besides its text: the Markdown setup and versions."""
    names = [e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__qualname__}" for e in extensions]
    data = {"extensions": names, "configs": _stable(configs or {}), "markdown": markdown.__version__, "extra": extra}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()[:24]


class Renderer:
    """Section Markdown -> Fragment with one Markdown configuration (a page's, as MkDocs sets it up),
    passed through `clean` (the sanitiser) when one is given: then `key` must say so.

    Each distinct text is converted once per renderer: the redline reads the same sections
    (`render.Renderer` with `convert`), so a build converts each section once, not once for the
    pages and once for the redline."""

    def __init__(
        self, extensions: Sequence[Any], configs: dict[str, Any], key: str, clean: Callable[[str], str] | None = None
    ) -> None:
        self._md = markdown.Markdown(extensions=list(extensions), extension_configs=configs or {})
        self.key = key
        self.clean = clean
        self._made: dict[str, Fragment] = {}
        self._keys: dict[str, str] = {}

    def converted(self) -> int:
        """How many distinct texts it has converted."""
        return len(self._made)

    def made(self, since: int = 0) -> list[tuple[str, Fragment]]:
        """The texts converted, in order, from the `since`-th on (`converted()` before: those made
        after), with their fragments."""
        return list(itertools.islice(self._made.items(), since, None))

    def store_key(self, text: str) -> str:
        """The build cache key of `text`'s fragment: found once per distinct text (a section recurs
        on every page that holds it)."""
        if (key := self._keys.get(text)) is None:
            key = "fragment:" + hashlib.sha256(f"{self.key}\0{text}".encode()).hexdigest()
            self._keys[text] = key
        return key

    def __call__(self, text: str) -> Fragment:
        if (made := self._made.get(text)) is not None:
            return made
        md = self._md.reset()
        out = md.convert(text)
        if self.clean is not None:
            out = self.clean(out)
        tokens = tuple(_flat(getattr(md, "toc_tokens", [])))
        made = Fragment(out, tokens, tuple(_ID.findall(out)), tuple(dict.fromkeys(_SELF_LINK.findall(out))))
        self._made[text] = made
        return made

    def html(self, text: str) -> str:
        """Only the HTML (`render.Renderer`'s `convert`)."""
        return self(text).html


def _flat(tokens: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for token in tokens:
        yield {k: v for k, v in token.items() if k != "children"}
        yield from _flat(token.get("children", []))


@dataclass
class Filled:
    """A page's HTML with its blocks back (`html`), and what MkDocs reads from it.

    The HTML is put together when asked: until then the page holds what MkDocs converted (with
    placeholders) and its blocks, the sections' HTML shared with every page that has the same
    text. A 300-version archive's pages held 50 MB of copies between conversion and writing."""

    skeleton: str
    parts: dict[int, tuple[str, ...]]  # placeholder number -> the strings that replace it, joined
    toc: list[dict[str, Any]]  # nested tokens, as `toc` gives them
    ids: set[str]
    links: list[str]

    @property
    def html(self) -> str:
        parts = self.parts
        return _PLACEHOLDER_RE.sub(
            lambda m: "\n".join("".join(parts[int(n)]) for n in m.group(1).split(",")), self.skeleton
        )

    def search(self, pattern: re.Pattern[str]) -> bool:
        """Whether `pattern` is found in the page's HTML (in one of its pieces), without making it."""
        return bool(pattern.search(self.skeleton)) or any(pattern.search(s) for p in self.parts.values() for s in p)


class Store(Protocol):
    def get(
        self, key: str, make: Callable[[], Any], encode: Callable[[Any], Any], decode: Callable[[Any], Any]
    ) -> Any: ...


def render(
    pieces: list[Piece],
    renderer: Renderer,
    store: Store,
    keys: list[str] | None = None,
    clean: Callable[[str], str] | None = None,
) -> list[Fragment]:
    """Each piece's fragment: converted Markdown from the store (`buildcache.Store`), raw HTML as it
    is. `keys` gets the store keys used (a page kept whole says which fragments it holds).

    `clean` (the sanitiser), when given, passes over the raw HTML of each piece: a raw block, and
    a section's opening tag and tail (which `fill` puts back around its converted text)."""
    out = []
    for p in pieces:
        if clean is not None:
            if p.markdown is None:
                p.raw = clean(p.raw)
            else:
                p.opening = clean(p.opening + "</section>").removesuffix("</section>")
                p.tail = clean(p.tail) if p.tail else ""
        if p.markdown is None:
            out.append(_raw_fragment(p.raw))
            continue
        text = p.markdown
        key = renderer.store_key(text)
        if keys is not None:
            keys.append(key)
        out.append(store.get(key, lambda text=text: renderer(text), Fragment.to_json, Fragment.from_json))
    return out


@lru_cache(maxsize=256)
def _raw_fragment(raw: str) -> Fragment:
    """A block of raw HTML as a fragment: the same block recurs on many pages (a redlined section
    on each changes page that shows it), and its ids are found once."""
    return Fragment(raw, (), tuple(_ID.findall(raw)))


def cleaned(html: str, clean: Callable[[str], str]) -> str:
    """The HTML MkDocs converted from a page's Markdown (the page less its pieces) through `clean`
    (the sanitiser), its placeholders kept: as text while it runs, since it drops comments."""
    text = _PLACEHOLDER_COMMENT.sub(r"\1", html)
    return _PLACEHOLDER_TEXT.sub(lambda m: f"<!--{m.group(0)}-->", clean(text))


def fill(html: str, pieces: list[Piece], fragments: list[Fragment], page_toc: list[dict[str, Any]]) -> Filled:
    """Put the fragments back in the page MkDocs converted; ids that a heading repeats are made
    unique in page order, as `toc` does on one document (`intro_1`)."""
    page_tokens = list(_flat(page_toc))
    used = set(_ID.findall(_PLACEHOLDER_RE.sub("", html)))
    for piece, frag in zip(pieces, fragments, strict=True):
        if piece.markdown is not None:
            used.update(_ID.findall(piece.opening))
        else:
            used.update(frag.ids)
    counters: dict[str, int] = {}
    tokens = list(page_tokens)
    links: list[str] = []
    parts: dict[int, tuple[str, ...]] = {}
    for n, (piece, frag) in enumerate(zip(pieces, fragments, strict=True)):
        if piece.markdown is None:
            parts[n] = (frag.html,)
            continue
        body, toc = frag.html, [dict(t) for t in frag.toc]
        own = [t["id"] for t in frag.toc]
        clashes = {i for i in own if i in used}
        for i in frag.ids:
            if i not in own:
                used.add(i)
        for token in toc:
            if token["id"] in clashes:
                new = unique(token["id"], used, counters)
                body = _rename_heading(body, token["id"], new)
                token["id"] = new
            used.add(token["id"])
        tokens += toc
        links += frag.links
        tail = (piece.tail, "\n") if piece.tail else ()
        parts[n] = (piece.opening, "\n", body, "\n", *tail, "</section>")
    return Filled(html, parts, nest_toc_tokens(tokens), used, list(dict.fromkeys(links)))


def _rename_heading(html: str, old: str, new: str) -> str:
    """The first heading with id `old` gets id `new`, and its own permalink follows."""
    for m in _HEADING.finditer(html):
        if f' id="{old}"' in m.group(0):
            heading = m.group(0).replace(f' id="{old}"', f' id="{new}"', 1).replace(f'href="#{old}"', f'href="#{new}"')
            return html[: m.start()] + heading + html[m.end() :]
    return html
