"""What the browser's compare page needs to redline any two versions: their rendered blocks.

The build writes one file per version and language (`versions/<id>/data.json`), so
comparing any two of N versions costs the build N files, not N² pages. The blocks
are the very ones the Python redline aligns, tokens included, so `compare.js`
only aligns, diffs and writes HTML, the same way as `sections`, `align` and `emit`.

Format (JSON, version 3)::

    {"format": 3, "version": "2025-01-01", "lang": "fr",
     "sections": [{"name": "05-x.md", "anchor": "x", "level": 2, "title": "5. X",
                   "hash": "<sha256 of the Markdown>",
                   "ctx": [["<strong>"], ["<a href=\\"...\\">"]],        # inline contexts
                   "containers": [["ul", "", "n1"], ["li", "", "n2"]],  # tag, attributes, uid
                   "heading": BLOCK or null, "blocks": [BLOCK, ...]}]}

    BLOCK = {"k": kind, "t": tag, "a": attributes, "p": [container indexes],
             "x": TOKENS,                                                 # text and heading
             "c": [[tag, attributes, TOKENS], ...],                       # row cells
             "h": "opaque HTML", "w": 1 if whitespace is content}
    TOKENS = ["wLe", "s ", 0, "wgras", -1, "p."]: each token its kind letter then its text;
             a number is the inline context (ctx index, -1 none) of the tokens after it
    kind letters: w word, s space, p punctuation, a atom (text is HTML)

Format 2 wrote each token as [ctx, kind letter, text]: twice the size (a version's file held
120 KB at the bench's size, more than its page). compare.js reads both.

Titles and names are plain text (compare.js escapes them); the HTML of atoms, attributes and
opaque blocks comes from the build's renderer, which sanitises it (`safety.SafeRenderer`, or in a
build the page renderer it shares: `fragments.Renderer` with `clean=sanitise`), and
the file is written with `<`, `>`, `&` as `\\u003c`… (`safety.json_for_html`): compare.js puts
that HTML into the page, so nothing executable may reach this file (S1).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, Protocol

from ..model import Section, Version
from .blocks import Block, Rendered, Token

FORMAT = 3
KIND_LETTER = {"word": "w", "space": "s", "punct": "p", "atom": "a"}


class _Sections(Protocol):
    def section(self, section: Section) -> Rendered: ...


class _Tables:
    def __init__(self) -> None:
        self.ctx: dict[tuple[str, ...], int] = {}
        self.containers: dict[str, int] = {}
        self.container_rows: list[list[str]] = []

    def tokens(self, tokens: tuple[Token, ...]) -> list[int | str]:
        table = self.ctx  # every token of every distinct section passes here: kept to plain lookups
        out: list[int | str] = []
        current = -1
        for ctx, text, kind in tokens:
            n = table.setdefault(ctx, len(table)) if ctx else -1
            if n != current:
                out.append(n)
                current = n
            out.append(KIND_LETTER[kind] + text)
        return out

    def block(self, block: Block | None) -> dict[str, Any] | None:
        if block is None:
            return None
        path = []
        for c in block.path:
            if c.uid not in self.containers:
                self.containers[c.uid] = len(self.container_rows)
                self.container_rows.append([c.tag, c.attrs, c.uid])
            path.append(self.containers[c.uid])
        item: dict[str, Any] = {"k": block.kind, "t": block.tag, "a": block.attrs, "p": path}
        if block.kind == "row":
            item["c"] = [[c.tag, c.attrs, self.tokens(c.tokens)] for c in block.cells]
        elif block.kind == "opaque":
            item["h"] = block.html
        else:
            item["x"] = self.tokens(block.tokens)
        if block.preserve:
            item["w"] = 1
        return item


def section_data(section: Section, redliner: _Sections) -> dict[str, Any]:
    """One section as blocks of tokens (see the module's docstring)."""
    rendered = redliner.section(section)
    tables = _Tables()
    heading = tables.block(rendered.heading)
    blocks = [tables.block(b) for b in rendered.blocks]
    return {
        "name": section.name,
        "anchor": section.anchor,
        "level": section.level,
        "title": section.title,
        "hash": hashlib.sha256(section.markdown.encode("utf-8")).hexdigest(),
        "ctx": [list(c) for c in tables.ctx],
        "containers": tables.container_rows,
        "heading": heading,
        "blocks": blocks,
    }


def version_data(version: Version, lang: str, redliner: _Sections) -> dict[str, Any]:
    """One version's sections in one language, as blocks of tokens (see the module's docstring)."""
    sections = [section_data(section, redliner) for section in version.sections.get(lang, [])]
    return {"format": FORMAT, "version": version.id, "lang": lang, "sections": sections}


class _Store(Protocol):
    def get(
        self, key: str, make: Callable[[], str], encode: Callable[[str], str], decode: Callable[[str], str]
    ) -> str: ...


def version_json(
    version: Version, lang: str, redliner: _Sections, encode: Callable[[Any], str], store: _Store, key: str = ""
) -> str:
    """`encode(version_data(...))`, each distinct section encoded once and kept in `store`
    (`buildcache.Store`): a section unchanged across many versions is the same bytes in each of
    their files. `key` is what the encoding depends on besides the section (the renderer's setup)."""
    parts = [section_json(section, redliner, encode, store, key) for section in version.sections.get(lang, [])]
    head = encode({"format": FORMAT, "version": version.id, "lang": lang, "sections": []})
    return head[: -len("[]}")] + "[" + ",".join(parts) + "]}"


def section_json(section: Section, redliner: _Sections, encode: Callable[[Any], str], store: _Store, key: str) -> str:
    """`encode(section_data(...))`, from `store` when it holds it (see `version_json`)."""
    digest = hashlib.sha256(key.encode())
    for value in (section.markdown, str(section.level), section.name, section.anchor, section.title):
        digest.update(b"\0" + value.encode())
    return store.get(
        "sectiondata:" + digest.hexdigest(), lambda: encode(section_data(section, redliner)), str, _stored_text
    )


def _stored_text(value: Any) -> str:
    """A section's JSON as the store kept it; TypeError when it is not (the store makes it again)."""
    if not (isinstance(value, str) and value.startswith("{") and value.endswith("}")):
        raise TypeError("not a section's data")
    return value
