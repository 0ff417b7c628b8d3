"""Shared helpers for the redline tests: versions built in memory, an HTML validity checker."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

from policy_archive.load import find_headings, heading_text
from policy_archive.model import Section, Version
from policy_archive.redline import Redliner, marks
from policy_archive.redline.align import diff_blocks
from policy_archive.redline.blocks import blocks_of
from policy_archive.redline.emit import body
from policy_archive.render import Renderer

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "policy" / "2023-12-23"
HIDDEN = {
    "fr": ("début de l’ajout", "fin de l’ajout", "début de la suppression", "fin de la suppression"),
    "en": ("start of addition", "end of addition", "start of deletion", "end of deletion"),
}
PHRASING_ONLY = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "caption"}
BLOCKS = {
    "p", "div", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "pre", "blockquote", "section", "details", "summary", "hr", "dl", "dt", "dd",
}  # fmt: skip
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "embed", "area", "track", "param"}
RENDERER = Renderer()


class Checker(HTMLParser):
    """Well-formedness as a strict parser sees it: every element closed in order, no block element
    inside an element that only holds phrasing content, no change inside another change."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v]
        if tag in VOID:
            return
        if tag in BLOCKS and any(t in PHRASING_ONLY for t in self.stack):
            self.errors.append(f"<{tag}> inside <{[t for t in self.stack if t in PHRASING_ONLY][-1]}>")
        if tag in ("ins", "del") and any(t in ("ins", "del") for t in self.stack):
            self.errors.append(f"<{tag}> nested in another change")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def assert_valid(html: str) -> Checker:
    checker = Checker()
    checker.feed(f"<div>{html}</div>")
    checker.close()
    assert not checker.errors, (checker.errors, html)
    assert not checker.stack, (checker.stack, html)
    assert len(checker.ids) == len(set(checker.ids)), checker.ids
    return checker


def assert_hidden_texts(html: str, lang: str) -> None:
    """Every change carries its start and end words, in the page's language (A1)."""
    ins_start, ins_end, del_start, del_end = HIDDEN[lang]
    n_ins = len(re.findall(r"<ins[ >]", html))
    n_del = len(re.findall(r"<del[ >]", html))
    assert html.count(f'<span class="pa-sr">{ins_start} </span>') == n_ins
    assert html.count(f'<span class="pa-sr"> {ins_end}</span>') == n_ins
    assert html.count(f'<span class="pa-sr">{del_start} </span>') == n_del
    assert html.count(f'<span class="pa-sr"> {del_end}</span>') == n_del


def visible(html: str) -> str:
    """What a sighted reader sees: hidden spans dropped."""
    return re.sub(r'<span class="pa-sr">[^<]*</span>', "", html)


def redline(old: str, new: str, lang: str = "fr") -> str:
    """Body redline of two Markdown texts (no heading), checked for validity and hidden texts."""
    a = blocks_of(RENDERER(old), False)
    b = blocks_of(RENDERER(new), False)
    html = body(diff_blocks(a.blocks, b.blocks), marks(lang))
    assert_valid(html)
    assert_hidden_texts(html, lang)
    return html


def section(name: str, text: str, lang: str = "fr") -> Section:
    heads = find_headings(text)
    if not heads:
        return Section(name, lang, Path(name), text, "", 0, 0)
    line, level, raw = heads[0]
    return Section(name, lang, Path(name), text, heading_text(raw), level, line)


def version(vid: str, files: dict[str, str], lang: str = "fr") -> Version:
    day = dt.date.fromisoformat(vid)
    sections = [section(name, text, lang) for name, text in files.items()]
    return Version(vid, Path(vid), day, day, True, False, {lang: "."}, {lang: sections})


def compare(old: dict[str, str], new: dict[str, str], lang: str = "fr"):
    return Redliner().compare(version("2024-01-01", old, lang), version("2025-01-01", new, lang), lang)


def seed_files(lang: str = "fr") -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((SEED / lang).glob("*.md"))}
