"""Text that flows across blocks: a list that became a paragraph, two paragraphs merged, a
paragraph split around new text.

Pairing blocks one to one shows such changes as whole blocks struck and inserted.
Here the changed stretch is read as one text, with a boundary token between blocks,
diffed word by word, and the result is shown in the new blocks: kept and inserted
words where they now stand, deleted words where they used to be. An old block that
disappeared whole is still shown whole, struck, in its place. `align.diff_blocks`
keeps whichever of the two readings marks fewer words.
"""

from __future__ import annotations

from collections import Counter

from .blocks import HEADING, TEXT, Block, Token
from .ops import CHANGE, BlockOp
from .words import DELETE, EQUAL, INSERT, Group, Matcher, invisible, runs_of

# Beyond this many tokens in a changed stretch, text is not followed across blocks.
FLOW_LIMIT = 6000
_SEP = Token((), " ", "sep")


def flows(olds: list[Block], news: list[Block]) -> bool:
    """Whether a changed stretch may be read as flowing text: only paragraphs, items and headings."""
    blocks = olds + news
    return (
        bool(olds and news)
        and all(b.kind in (TEXT, HEADING) and not b.preserve for b in blocks)
        and sum(len(b.tokens) for b in blocks) <= FLOW_LIMIT
    )


def _flatten(blocks: list[Block]) -> tuple[list[Token], list[int]]:
    """Tokens of every block, each block followed by a boundary; and the block of each token."""
    tokens: list[Token] = []
    owner: list[int] = []
    for n, block in enumerate(blocks):
        tokens.extend(block.tokens)
        tokens.append(_SEP)
        owner.extend([n] * (len(block.tokens) + 1))
    return tokens, owner


def flow(olds: list[Block], news: list[Block]) -> list[BlockOp]:
    """The changed stretch read as one text, shown in the new blocks (see the module's docstring)."""
    a, a_owner = _flatten(olds)
    b, b_owner = _flatten(news)
    matcher = Matcher([t.key for t in a], [t.key for t in b])
    per_block: list[list[Group]] = [[] for _ in news]
    shared: list[dict[int, int]] = [{} for _ in news]  # kept tokens from each old block
    whole: dict[int, list[int]] = {}  # new block index before which old blocks deleted whole are shown
    starts = {i for i in range(len(a)) if i == 0 or a[i - 1] is _SEP}

    def home(j: int) -> int:
        """The new block that shows a deletion made before new token j."""
        if j > 0 and b[j - 1] is not _SEP:
            return b_owner[j - 1]
        return b_owner[j] if j < len(b) else len(news) - 1

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for j in range(j1, j2):
                if b[j] is not _SEP:
                    per_block[b_owner[j]].append((False, [b[j]], [b[j]]))
                    old_block = a_owner[i1 + j - j1]
                    shared[b_owner[j]][old_block] = shared[b_owner[j]].get(old_block, 0) + 1
            continue
        i = i1
        while i < i2:
            ob = a_owner[i]
            end = i
            while end < i2 and a_owner[end] == ob:
                end += 1
            # Every word of the old block is gone (its boundary may have matched another): shown whole.
            if i in starts and (a[end - 1] is _SEP or a[end] is _SEP):
                whole.setdefault(home(j1) if j1 < len(b) else len(news), []).append(ob)
            else:
                deleted = [t if t is not _SEP else Token((), " ", "space") for t in a[i:end]]
                per_block[home(j1)].append((True, deleted, []))
            i = end
        for j in range(j1, j2):
            if b[j] is not _SEP:
                per_block[b_owner[j]].append((True, [], [b[j]]))

    ops: list[BlockOp] = []
    for n, block in enumerate(news):
        for ob in whole.get(n, []):
            ops.append(BlockOp(DELETE, olds[ob], None))
        runs = runs_of(per_block[n])
        source = max(shared[n], key=lambda k: (shared[n][k], -k)) if shared[n] else None
        if all(r.tag == EQUAL for r in runs) and source is not None:
            ops.append(BlockOp(EQUAL, olds[source], block))
        elif all(r.tag == INSERT for r in runs):
            ops.append(BlockOp(INSERT, None, block))
        else:
            ops.append(BlockOp(CHANGE, olds[source] if source is not None else None, block, runs=tuple(runs)))
    for ob in whole.get(len(news), []):
        ops.append(BlockOp(DELETE, olds[ob], None))
    return ops


def shown(ops: list[BlockOp]) -> int:
    """Words a redline marks: the fewer, the closer to what really changed."""
    return sum(op.inserted + op.deleted for op in ops)


def least_shown(olds: list[Block], news: list[Block]) -> int:
    """A floor under `shown(flow(olds, news))`, cheap to compute: flow marks every word (or visible
    atom) it does not match, and it can match no more of one key than the rarer side has."""
    counts: Counter[str] = Counter()
    for blocks, sign in ((olds, 1), (news, -1)):
        for block in blocks:
            for tok in block.tokens:
                if tok.kind == "word" or (tok.kind == "atom" and not invisible(tok)):
                    counts[tok.key] += sign
    return sum(abs(n) for n in counts.values())


__all__ = ["flow", "flows", "least_shown", "shown"]
