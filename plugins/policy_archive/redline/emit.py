"""Redline HTML from aligned blocks: always well nested, whatever mix of old and new it shows.

Containers (lists, items, tables) and inline elements are opened and closed by
a stack, so `<ins>`/`<del>` only ever wrap text inside the element it belongs
to, and an old block is shown inside the new container it was aligned with.
`compare.js` reproduces this module character for character.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .blocks import OPAQUE, PHRASING, ROW_KIND, Block, Container, Token
from .ops import CHANGE, BlockOp
from .tree import ID_ATTR, escape_text
from .words import DELETE, EQUAL, INSERT, MOVED_IN, MOVED_TEXT, Run, invisible

_TAG_NAME = re.compile(r"^<([a-zA-Z][\w-]*)")


@dataclass(frozen=True)
class Marks:
    """Visually hidden words around each change, in the page's language (A1)."""

    ins_start: str
    ins_end: str
    del_start: str
    del_end: str
    moved_from: str = "Moved from: {title}"
    moved_to: str = "Moved to: {title}"
    text_moved_to: str = "moved to: {title}"
    text_moved_from: str = "moved from: {title}"

    def open(self, tag: str, cls: str = "") -> str:
        if tag in (MOVED_TEXT, MOVED_IN):
            return f'<span class="pa-moved pa-moved--{"out" if tag == MOVED_TEXT else "in"}">'
        element, start = ("ins", self.ins_start) if tag == INSERT else ("del", self.del_start)
        attr = f' class="{cls}"' if cls else ""
        return f'<{element}{attr}><span class="pa-sr">{html.escape(start)} </span>'

    def close(self, tag: str, note: str = "") -> str:
        if tag in (MOVED_TEXT, MOVED_IN):
            where = html.escape((self.text_moved_to if tag == MOVED_TEXT else self.text_moved_from).format(title=note))
            return f'<span class="pa-moved__note"> ({where})</span></span>'
        element, end = ("ins", self.ins_end) if tag == INSERT else ("del", self.del_end)
        url = f'<span class="pa-url"> (<code>{note}</code>)</span>' if note else ""
        return f'{url}<span class="pa-sr"> {html.escape(end)}</span></{element}>'


def _name(start: str) -> str:
    m = _TAG_NAME.match(start)
    return m.group(1).lower() if m else ""


def inline(runs: Iterable[Run], marks: Marks) -> str:
    """Runs of tokens as inline HTML; contexts reopened as needed, `<ins>`/`<del>` inside them."""
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # ("ctx", start tag) | (op, note)

    def close_to(n: int) -> None:
        while len(stack) > n:
            kind, value = stack.pop()
            out.append(f"</{_name(value)}>" if kind == "ctx" else marks.close(kind, value))

    # A token in the same run and context as one that left the stack as it found it leaves it so
    # too (the same state, the same steps): only its text is written. Most tokens are such words.
    steady: tuple[Run, tuple[str, ...]] | None = None
    for run in runs:
        op = run.tag
        for tok in run.tokens:
            ctx = tok.ctx
            if steady is not None and steady[0] is run and steady[1] == ctx:
                out.append(tok.text if tok.kind == "atom" else escape_text(tok.text))
                continue
            depth = len(stack)
            kept, i = 0, 0
            for kind, value in stack:
                if kind == "ctx" and i < len(ctx) and ctx[i] == value:
                    i += 1
                elif kind == op and value == run.note and all(_name(c) in PHRASING for c in ctx[i:]):
                    pass  # the change goes on (it never wraps a block such as a cell's <p>)
                else:
                    break
                kept += 1
            close_to(kept)
            marked = any(kind == op for kind, _ in stack)
            while i < len(ctx) and (op == EQUAL or marked or _name(ctx[i]) not in PHRASING):
                stack.append(("ctx", ctx[i]))
                out.append(ctx[i])
                i += 1
            if op != EQUAL and not marked:
                stack.append((op, run.note))
                out.append(marks.open(op))
            while i < len(ctx):
                stack.append(("ctx", ctx[i]))
                out.append(ctx[i])
                i += 1
            steady = (run, ctx) if len(stack) == depth == kept else None  # nothing closed, nothing opened
            out.append(tok.text if tok.kind == "atom" else escape_text(tok.text))
    close_to(0)
    return "".join(out)


_NO_MARKS = Marks("", "", "", "")


@lru_cache(maxsize=65536)
def equal_inline(tokens: tuple[Token, ...]) -> str:
    """Unchanged text, written once per distinct block (most blocks repeat from version to version)."""
    return inline([Run(EQUAL, tokens)], _NO_MARKS)


def _whole(tag: str, tokens: tuple[Token, ...]) -> list[Run]:
    if tokens and all(invisible(t) for t in tokens):
        return [Run(EQUAL, tokens)]  # an anchor added or removed: nothing a reader could see marked
    return [Run(tag, tokens)] if tokens else []


def _drop_taken(markup: str, taken: set[str]) -> str:
    """A struck copy never holds an id that the new text uses."""
    return ID_ATTR.sub(lambda m: "" if m.group(1) in taken else m.group(0), markup)


def _without_id(attrs: str) -> str:
    return ID_ATTR.sub("", attrs)


def _leaf(op: BlockOp, marks: Marks, taken: set[str]) -> str:
    block = op.block
    attrs = block.attrs
    if op.new is None or (op.move and op.move[0] == "to"):  # shown from the old text only
        attrs = _drop_taken(attrs, taken)
    if block.kind == OPAQUE:
        if op.tag == EQUAL:
            return block.html
        if op.tag == CHANGE:
            old = _drop_taken(op.old.html, taken)  # type: ignore[union-attr]
            return f"{marks.open(DELETE, 'pa-block')}{old}{marks.close(DELETE)}{marks.open(INSERT, 'pa-block')}{block.html}{marks.close(INSERT)}"
        shown = _drop_taken(block.html, taken) if op.tag == DELETE else block.html
        return f"{marks.open(op.tag, 'pa-block')}{shown}{marks.close(op.tag)}"
    if block.kind == ROW_KIND:
        if op.tag == CHANGE:
            cells = [inline(runs, marks) for runs in op.cells]
            shape = [(c.tag, c.attrs) for c in block.cells]
            while len(shape) < len(cells):
                shape.append(("td", ""))
            body = "".join(f"<{t}{a}>{c}</{t}>" for (t, a), c in zip(shape, cells, strict=False))
            return f"<tr{attrs}>{body}</tr>"
        cls = "" if op.tag == EQUAL else f' class="pa-row--{"ins" if op.tag == INSERT else "del"}"'
        body = "".join(f"<{c.tag}{c.attrs}>{inline(_whole(op.tag, c.tokens), marks)}</{c.tag}>" for c in block.cells)
        return f"<tr{attrs}{cls}>{body}</tr>"
    if op.move and op.move[0] == "to":
        note = html.escape(marks.moved_to.format(title=op.move[1]))
        text = inline(_whole(EQUAL, block.tokens), marks)
        inner = f"<{block.tag}{attrs}>{text}</{block.tag}>" if block.tag else text
        return f'<div class="pa-moved pa-moved--out"><p class="pa-moved__note">{note}</p>{inner}</div>'
    if op.tag == EQUAL and not op.move:
        text = equal_inline(block.tokens)
    else:
        runs = op.runs if op.tag == CHANGE else _whole(op.tag, block.tokens)
        text = inline(runs, marks)
    inner = f"<{block.tag}{attrs}>{text}</{block.tag}>" if block.tag else text
    if op.move:
        note = html.escape(marks.moved_from.format(title=op.move[1]))
        return f'<div class="pa-moved pa-moved--in"><p class="pa-moved__note">{note}</p>{inner}</div>'
    return inner


def container_map(ops: Iterable[BlockOp]) -> dict[str, Container]:
    """Old container uid -> the new container it was aligned with (level by level, same tag)."""
    mapping: dict[str, Container] = {}
    for op in ops:
        if op.old is None or op.new is None or op.move:
            continue
        for old, new in zip(op.old.path, op.new.path, strict=False):
            if old.tag != new.tag:
                break
            mapping.setdefault(old.uid, new)
    return mapping


def body(ops: list[BlockOp], marks: Marks, taken: set[str] | None = None) -> str:
    """The redlined body of a section as HTML."""
    mapping = container_map(ops)
    taken = set(taken or ())
    for op in ops:
        if op.new is not None:
            taken.update(ID_ATTR.findall(op.new.attrs))
            if op.new.kind == OPAQUE:
                taken.update(ID_ATTR.findall(op.new.html))
            for c in op.new.path:
                taken.update(ID_ATTR.findall(c.attrs))
    out: list[str] = []
    stack: list[Container] = []
    for op in ops:
        block: Block = op.block
        if op.new is not None:
            path = list(block.path)
        else:
            path = [mapping.get(c.uid) or Container(c.tag, _without_id(c.attrs), "o" + c.uid) for c in block.path]
        common = 0
        while common < len(stack) and common < len(path) and stack[common].uid == path[common].uid:
            common += 1
        while len(stack) > common:
            out.append(f"</{stack.pop().tag}>")
        for c in path[common:]:
            stack.append(c)
            out.append(f"<{c.tag}{c.attrs}>")
        out.append(_leaf(op, marks, taken))
    while stack:
        out.append(f"</{stack.pop().tag}>")
    return "".join(out)
