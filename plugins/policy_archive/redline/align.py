"""Blocks of two versions of a section, aligned: kept, changed (paired), inserted, deleted.

Alignment is difflib on block keys; a changed stretch is then paired by word
similarity, keeping order, the way `difflib.Differ` pairs similar lines. Table
rows are compared cell by cell.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from .blocks import HEADING, OPAQUE, ROW_KIND, TEXT, Block, Token
from .flow import flow, flows, least_shown, shown
from .ops import CHANGE, BlockOp
from .words import DELETE, EQUAL, INSERT, Run, diff_tokens, similarity

# Paired above this similarity; below, the old block is deleted and the new one inserted.
PAIR_CUTOFF = 0.5
# ... or when the shorter block is nearly all inside the longer one (an intro split from a list).
SPLIT_RATIO, SPLIT_CONTAINED = 0.3, 0.8
# Beyond this many candidate pairs in one changed stretch, pairing is skipped (a rewrite).
PAIR_LIMIT = 2500


def ratio(a: Block, b: Block) -> float:
    """How alike two blocks are, 0 when they may not be paired."""
    if a.kind != b.kind:
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
            olds, news = list(old[i1:i2]), list(new[j1:j2])
            paired = split_pairs(pair(olds, news))
            # Flow cannot mark fewer words than `least_shown`: when pairing already does no more,
            # flow is not computed (it would not be kept).
            if flows(olds, news) and shown(paired) > least_shown(olds, news):
                flowed = flow(olds, news)
                if shown(flowed) < shown(paired):
                    paired = flowed
            ops.extend(paired)
    return ops


# A paragraph split in two (or two merged into one): the part that went to the other block must
# share this much of its words, and the split must show this many more words as unchanged.
SPLIT_PART = 0.6
SPLIT_GAIN = 3
SPLIT_REACH = 8  # how many blocks away the other half may be


def split_pairs(ops: list[BlockOp]) -> list[BlockOp]:
    """A changed paragraph whose tail (or head) became a paragraph of its own nearby, or that absorbed
    a deleted one: each part is compared with its own counterpart, instead of one part showing as
    deleted here and inserted there."""
    for i in range(len(ops)):
        op = ops[i]
        if op.tag != CHANGE or op.old is None or op.new is None or op.old.kind != TEXT or op.new.kind != TEXT:
            continue
        for j in range(max(0, i - SPLIT_REACH), min(len(ops), i + SPLIT_REACH + 1)):
            other = ops[j]
            if other.tag == INSERT and other.new is not None and other.new.kind == TEXT:
                done = _split(op.old, op.new, other.new, j > i, True)
            elif other.tag == DELETE and other.old is not None and other.old.kind == TEXT:
                done = _split(op.new, op.old, other.old, j > i, False)
            else:
                continue
            if done is not None:
                ops[i], ops[j] = done
                break
    return ops


def _matches(a: list[str], b: list[str]) -> int:
    return sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def _split(whole: Block, kept: Block, other: Block, other_after: bool, whole_is_old: bool):  # type: ignore[no-untyped-def]
    """Split `whole` at a sentence end so that one part pairs with `kept` and the other with `other`."""
    tokens = whole.tokens
    ends = [
        k
        for k in range(1, len(tokens) - 1)
        if tokens[k].kind == "punct" and tokens[k].text in ".;:!?" and tokens[k + 1].kind == "space"
    ]
    if not ends:
        return None
    kept_words, other_words = kept.words(), other.words()
    base = _matches(whole.words(), kept_words)
    best, best_k = base + SPLIT_GAIN, -1
    for k in ends:
        head, tail = tokens[: k + 1], tokens[k + 2 :]
        mine, theirs = (head, tail) if other_after else (tail, head)
        theirs_words = [t.text for t in theirs if t.kind == "word"]
        if not theirs_words:
            continue
        m_other = _matches(theirs_words, other_words)
        if 2 * m_other < SPLIT_PART * (len(theirs_words) + len(other_words)):
            continue
        score = _matches([t.text for t in mine if t.kind == "word"], kept_words) + m_other
        if score > best:
            best, best_k = score, k
    if best_k < 0:
        return None
    head, tail = tokens[: best_k + 1], tokens[best_k + 2 :]
    mine, theirs = (head, tail) if other_after else (tail, head)
    part_mine = replace(whole, tokens=mine)
    part_theirs = replace(whole, tokens=theirs)
    if whole_is_old:
        return change(part_mine, kept), change(part_theirs, other)
    return change(kept, part_mine), change(other, part_theirs)
