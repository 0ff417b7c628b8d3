"""Blocks of two versions of a section, aligned: kept, changed (paired), inserted, deleted.

Alignment is difflib on block keys; a changed stretch is then paired by word
similarity, keeping order, the way `difflib.Differ` pairs similar lines. Table
rows are compared cell by cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .blocks import HEADING, OPAQUE, ROW_KIND, Block, Token
from .words import DELETE, EQUAL, INSERT, Run, count_words, diff_tokens, similarity

CHANGE = "change"
# Paired above this similarity; below, the old block is deleted and the new one inserted.
PAIR_CUTOFF = 0.5
# ... or when the shorter block is nearly all inside the longer one (an intro split from a list).
SPLIT_RATIO, SPLIT_CONTAINED = 0.3, 0.8
# Beyond this many candidate pairs in one changed stretch, pairing is skipped (a rewrite).
PAIR_LIMIT = 2500


@dataclass
class BlockOp:
    """One block of the redline. `runs` for a changed text block, `cells` for a changed row.

    `move` is set on a block moved from or to another place: ("from"|"to", title of the other section).
    """

    tag: str  # equal | insert | delete | change
    old: Block | None
    new: Block | None
    runs: tuple[Run, ...] = ()
    cells: tuple[tuple[Run, ...], ...] = ()
    move: tuple[str, str] | None = field(default=None)

    @property
    def block(self) -> Block:
        return self.new or self.old  # type: ignore[return-value]

    @property
    def inserted(self) -> int:
        if self.move and self.move[0] == "to":
            return 0
        if self.tag == INSERT:
            return count_words(self.block.all_tokens())
        return sum(count_words(r.tokens) for r in self._runs() if r.tag == INSERT)

    @property
    def deleted(self) -> int:
        if self.move and self.move[0] == "to":
            return 0
        if self.tag == DELETE:
            return count_words(self.block.all_tokens())
        return sum(count_words(r.tokens) for r in self._runs() if r.tag == DELETE)

    def _runs(self) -> list[Run]:
        return [*self.runs, *(r for cell in self.cells for r in cell)]


def ratio(a: Block, b: Block) -> float:
    """How alike two blocks are, 0 when they may not be paired."""
    if a.family != b.family:
        return 0.0
    if a.kind == ROW_KIND and a.header != b.header:
        return 0.0
    if a.kind == ROW_KIND and a.header:
        return 1.0  # a table keeps its header row: always paired
    if a.kind == OPAQUE:
        return 1.0 if a.tag == b.tag else 0.0
    wa, wb = a.words(), b.words()
    if not wa and not wb:
        return 1.0 if a.all_tokens() or b.all_tokens() else PAIR_CUTOFF + 0.001
    if a.kind == HEADING and a.level == b.level:
        return max(PAIR_CUTOFF + 0.001, similarity(wa, wb)[0])  # same place, same level: reworded
    r, contained = similarity(wa, wb)
    if r >= PAIR_CUTOFF:
        return r
    if r >= SPLIT_RATIO and min(len(wa), len(wb)) >= 2 and contained >= SPLIT_CONTAINED:
        return PAIR_CUTOFF + r / 10  # pairs, but after any ordinary pair
    return 0.0


def pair(olds: list[Block], news: list[Block]) -> list[BlockOp]:
    """Pair a changed stretch by similarity, keeping order (like difflib.Differ._fancy_replace)."""
    if not olds or not news or len(olds) * len(news) > PAIR_LIMIT:
        return [BlockOp(DELETE, o, None) for o in olds] + [BlockOp(INSERT, None, b) for b in news]
    scores = [[ratio(o, b) for b in news] for o in olds]

    def best(i1: int, i2: int, j1: int, j2: int) -> list[BlockOp]:
        top, at = PAIR_CUTOFF - 1e-9, None
        for i in range(i1, i2):
            for j in range(j1, j2):
                if scores[i][j] > top:
                    top, at = scores[i][j], (i, j)
        if at is None:
            return [BlockOp(DELETE, o, None) for o in olds[i1:i2]] + [BlockOp(INSERT, None, b) for b in news[j1:j2]]
        i, j = at
        return [*best(i1, i, j1, j), change(olds[i], news[j]), *best(i + 1, i2, j + 1, j2)]

    return best(0, len(olds), 0, len(news))


def change(old: Block, new: Block) -> BlockOp:
    """The word-level difference of two paired blocks (equal when only formatting differs)."""
    if old.key == new.key:
        return BlockOp(EQUAL, old, new)
    if new.kind == ROW_KIND:
        return BlockOp(CHANGE, old, new, cells=diff_cells(old, new))
    if new.kind == OPAQUE:
        return BlockOp(CHANGE, old, new)  # shown whole: old struck, then new inserted
    return BlockOp(CHANGE, old, new, runs=tuple(diff_tokens(old.tokens, new.tokens)))


def diff_cells(old: Block, new: Block) -> tuple[tuple[Run, ...], ...]:
    """Cell by cell, in the new row's shape; a deleted cell's text shows in the cell after it (or last)."""
    a = [_key(c.tokens) for c in old.cells]
    b = [_key(c.tokens) for c in new.cells]
    out: list[list[Run]] = []
    leftover: list[Run] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            oc = old.cells[i1 + k].tokens if k < i2 - i1 else None
            if k < j2 - j1:
                nc = new.cells[j1 + k].tokens
                if tag == "equal":
                    runs = [Run(EQUAL, nc)]
                elif oc is not None:
                    runs = diff_tokens(oc, nc)
                else:
                    runs = [Run(INSERT, nc)] if nc else []
                out.append([*leftover, *runs])
                leftover = []
            elif oc:
                leftover.append(Run(DELETE, oc))
    if leftover:
        if out:
            out[-1].extend(leftover)
        else:
            out.append(leftover)
    return tuple(tuple(c) for c in out)


def _key(tokens: tuple[Token, ...]) -> str:
    return "".join(t.key for t in tokens)


def diff_blocks(old: tuple[Block, ...], new: tuple[Block, ...]) -> list[BlockOp]:
    """The aligned blocks of two versions of a section body."""
    matcher = SequenceMatcher(None, [b.key for b in old], [b.key for b in new], autojunk=False)
    ops: list[BlockOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.extend(BlockOp(EQUAL, old[i1 + k], new[j1 + k]) for k in range(i2 - i1))
        else:
            ops.extend(pair(list(old[i1:i2]), list(new[j1:j2])))
    return ops
