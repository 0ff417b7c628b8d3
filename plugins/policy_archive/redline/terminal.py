"""The redline for a terminal: `git diff --word-diff=plain` markers, or colours with `rich`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..problems import plural
from .blocks import HEADING, OPAQUE, ROW_KIND, Block, Token
from .ops import CHANGE, BlockOp
from .sections import STATUSES, UNCHANGED, SectionChange, stats
from .words import DELETE, EQUAL, INSERT, MOVED_IN, MOVED_TEXT, Run

_TAGS = re.compile(r"<[^>]*>")


def _text(tokens: Iterable[Token]) -> str:
    return "".join(_TAGS.sub("", t.text) if t.kind == "atom" else t.text for t in tokens)


def _label(block: Block) -> str:
    """The structural prefix a terminal shows before a block: `### `, `  - `, `| `."""
    indent = "  " * max(block.depth - 1, 0)
    if block.kind == HEADING:
        return "#" * block.level + " "
    if block.kind == ROW_KIND:
        return "| "
    if (block.path and block.path[-1].tag == "li") or (len(block.path) > 1 and block.path[-2].tag == "li"):
        return indent + ("1. " if any(c.tag == "ol" for c in block.path[-2:]) else "- ")
    return indent


def _runs(op: BlockOp) -> list[Run]:
    block = op.block
    if block.kind == OPAQUE:
        text = _TAGS.sub(" ", block.html)
        tok = (Token((), " ".join(text.split()), "word"),)
        if op.tag == CHANGE:
            old = " ".join(_TAGS.sub(" ", op.old.html).split())  # type: ignore[union-attr]
            return [Run(DELETE, (Token((), old, "word"),)), Run(INSERT, tok)]
        return [Run(op.tag if op.tag != CHANGE else EQUAL, tok)]
    if block.kind == ROW_KIND:
        if op.tag == CHANGE:
            out: list[Run] = []
            for k, cell in enumerate(op.cells):
                out += ([Run(EQUAL, (Token((), " | ", "punct"),))] if k else []) + list(cell)
            return out
        cells = [c.tokens for c in block.cells]
        joined: list[Token] = []
        for k, cell in enumerate(cells):
            joined += ([Token((), " | ", "punct")] if k else []) + list(cell)
        return [Run(op.tag, tuple(joined))]
    if op.tag == CHANGE:
        return list(op.runs)
    return [Run(op.tag, block.tokens)]


def inline(runs: Iterable[Run]) -> str:
    parts = []
    for run in runs:
        text = " ".join(_text(run.tokens).split("\n"))
        note = f" ({run.note})" if run.note else ""
        if run.tag in (MOVED_TEXT, MOVED_IN):
            where = "to" if run.tag == MOVED_TEXT else "from"
            parts.append(f"[>{text} (moved {where} “{run.note}”)<]")
            continue
        parts.append(f"[-{text}{note}-]" if run.tag == DELETE else f"{{+{text}{note}+}}" if run.tag == INSERT else text)
    return "".join(parts)


def _lines(change: SectionChange) -> Iterator[tuple[str, list[Run]]]:
    if change.status == UNCHANGED:
        return
    if change.level:
        moved = [Run(EQUAL, (Token((), f"(moved from “{change.heading_moved_from}”) ", "punct"),))]
        yield "#" * change.level + " ", (moved if change.heading_moved_from else []) + list(change.heading_runs)
    for op in change.ops:
        if op.move:
            where = "moved from" if op.move[0] == "from" else "moved to"
            yield _label(op.block), [Run(EQUAL, (Token((), f"({where} “{op.move[1]}”) ", "punct"),)), *_runs(op)]
        elif op.tag != EQUAL:
            yield _label(op.block), _runs(op)


def _header(change: SectionChange) -> str:
    extra = ""
    if change.old_name and change.old_name != change.name:
        extra = f", was {change.old_name}"
    if change.formatting_only:
        extra += ", formatting only"
    return f"== {change.name}: {change.status}{extra} =="


def _summary(changes: list[SectionChange]) -> str:
    counts = stats(changes)
    parts = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    inserted = plural(counts["words_inserted"], "word")
    return f"{parts or 'no sections'}; {inserted} inserted, {counts['words_deleted']} deleted"


def plain(changes: list[SectionChange]) -> str:
    """The redline as plain text: [-deleted-]{+inserted+}."""
    out: list[str] = []
    for change in changes:
        out.append(_header(change))
        out.extend(label + inline(runs) for label, runs in _lines(change))
    out.append(_summary(changes))
    return "\n".join(out) + "\n"


def rich(changes: list[SectionChange]) -> Any:
    """The redline as `rich` text: deletions red and struck, insertions green and underlined."""
    from rich.text import Text

    styles = {DELETE: "bold red strike", INSERT: "bold green underline"}
    status_style = {"added": "green", "removed": "red", "modified": "yellow", "moved": "cyan", "renamed": "cyan"}
    text = Text()
    for change in changes:
        text.append(_header(change) + "\n", style=f"bold {status_style.get(change.status, 'dim')}")
        for label, runs in _lines(change):
            text.append(label, style="dim")
            for run in runs:
                note = f" ({run.note})" if run.note else ""
                text.append(" ".join(_text(run.tokens).split("\n")) + note, style=styles.get(run.tag, ""))
            text.append("\n")
    text.append(_summary(changes) + "\n", style="bold")
    return text
