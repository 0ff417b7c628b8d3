"""The redline of two versions, section by section: matched, renamed, moved, changed.

Sections are matched by file name, then by anchor, then by identical text, then
by similar text (a renamed file): one-to-one, most similar first. Paragraphs
that left one place and reappear elsewhere are shown as moves, not as a
deletion and an insertion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from ..model import Section, Version
from .align import change, diff_blocks
from .blocks import HEADING, TEXT, Block, Rendered, Token
from .emit import Marks, body, equal_inline, inline
from .ops import CHANGE, BlockOp
from .tree import ID_ATTR
from .words import DELETE, EQUAL, INSERT, MOVED_IN, MOVED_TEXT, Run, count_words, diff_tokens, invisible, similarity

ADDED, REMOVED, MODIFIED, UNCHANGED, MOVED, RENAMED = "added", "removed", "modified", "unchanged", "moved", "renamed"
RENUMBERED = "renumbered"  # only its heading's number changed ("5. Durée" -> "6. Durée"): not a modification
STATUSES = (MODIFIED, ADDED, REMOVED, RENAMED, MOVED, RENUMBERED, UNCHANGED)
# A renamed section keeps at least this much of its text; a moved paragraph this much of its words.
RENAME_CUTOFF = 0.5
# ... or this much when it keeps its place (the same order number: "02-" then "02-"): a rewritten section.
REWRITE_CUTOFF = 0.3
_ORDER = re.compile(r"^(\d+[a-z]?)[-_.]")
# A heading's leading number: "5. ", "5) ", "5.2 ", "11b. ".
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*[a-z]?)[.)]?\s+")
MOVE_CUTOFF = 0.75
MOVE_MIN_WORDS = 4
MOVE_LIMIT = 40000  # candidate pairs beyond which moves are not looked for (a rewrite)

Render = Callable[[Section], Rendered]


@dataclass
class SectionChange:
    """One section of a redline between two versions, in one language."""

    name: str
    anchor: str
    status: str
    title: str  # plain heading text (new, or old when removed)
    level: int  # 0 for a preamble without heading
    heading_html: str  # redlined heading, inline HTML
    heading_id: str  # the id the heading carries on the page
    body_html: str  # redlined body, HTML
    old_name: str | None = None
    old_title: str = ""
    moved: bool = False  # out of its previous order
    formatting_only: bool = False  # the source changed, not what a reader sees
    words_inserted: int = 0
    words_deleted: int = 0
    heading_runs: tuple[Run, ...] = field(default=(), repr=False)
    heading_moved_from: str = ""  # the heading is text moved from this section (its title)
    ops: list[BlockOp] = field(default_factory=list, repr=False)


def _words(r: Rendered) -> list[str]:
    out = r.heading.words() if r.heading else []
    for b in r.blocks:
        out += b.words()
    return out


def _key(r: Rendered) -> tuple[str, ...]:
    return ((r.heading.key if r.heading else ""), *(b.key for b in r.blocks))


def match_sections(olds: list[Section], news: list[Section], render: Render) -> dict[int, int]:
    """new index -> old index."""
    match: dict[int, int] = {}
    by_name = {s.name: i for i, s in enumerate(olds)}
    for j, s in enumerate(news):
        if s.name in by_name:
            match[j] = by_name[s.name]
    for attr in ("anchor", "text"):
        taken = set(match.values())
        free: dict[object, int] = {}
        for i, s in enumerate(olds):
            if i not in taken:
                free.setdefault(s.anchor if attr == "anchor" else _key(render(s)), i)
        for j, s in enumerate(news):
            if j in match:
                continue
            k = s.anchor if attr == "anchor" else _key(render(s))
            if (i := free.pop(k, None)) is not None:
                match[j] = i
    taken = set(match.values())
    left_old = [i for i in range(len(olds)) if i not in taken]
    left_new = [j for j in range(len(news)) if j not in match]
    if left_old and left_new and len(left_old) * len(left_new) <= 400:
        scored = []
        for i in left_old:
            wa = _words(render(olds[i]))
            for j in left_new:
                r = similarity(wa, _words(render(news[j])))[0]
                same_place = _order(olds[i].name) is not None and _order(olds[i].name) == _order(news[j].name)
                if r >= RENAME_CUTOFF or (same_place and r >= REWRITE_CUTOFF):
                    scored.append((-r, i, j))
        used_old: set[int] = set()
        for _r, i, j in sorted(scored):
            if i not in used_old and j not in match:
                match[j] = i
                used_old.add(i)
    return match


def _visible(op: BlockOp) -> bool:
    """Whether a reader sees this op as a change (an anchor added or removed is not one)."""
    if op.move:
        return True
    if op.tag in (INSERT, DELETE) and op.block.kind in (TEXT, HEADING):
        return not all(invisible(t) for t in op.block.tokens)
    return op.tag != EQUAL


def _order(name: str) -> str | None:
    m = _ORDER.match(name)
    return m.group(1) if m else None


def _heading(old: Block | None, new: Block | None) -> tuple[Run, ...]:
    if old and new:
        op = change(old, new)
        return op.runs if op.tag == CHANGE else (Run(EQUAL, new.tokens),)
    if new:
        return (Run(INSERT, new.tokens),)
    if old:
        return (Run(DELETE, old.tokens),)
    return ()


def _id(block: Block | None) -> str:
    m = ID_ATTR.search(block.attrs) if block else None
    return m.group(1) if m else ""


def _movable(b: Block) -> bool:
    return b.kind in (TEXT, HEADING) and count_words(b.tokens) >= MOVE_MIN_WORDS


def _find_moves(entries: list[tuple[SectionChange, list[BlockOp]]]) -> None:
    """Deleted and inserted blocks that are the same paragraph: marked as moves (one-to-one)."""
    gone = [(e, k) for e, ops in entries for k, op in enumerate(ops) if op.tag == DELETE and _movable(op.old)]  # type: ignore[arg-type]
    came = [(e, k) for e, ops in entries for k, op in enumerate(ops) if op.tag == INSERT and _movable(op.new)]  # type: ignore[arg-type]
    if not gone or not came or len(gone) * len(came) > MOVE_LIMIT:
        return
    lookup = {id(e): ops for e, ops in entries}
    scored = []
    for gi, (ge, gk) in enumerate(gone):
        old = lookup[id(ge)][gk].old
        wa = old.words()  # type: ignore[union-attr]
        for ci, (ce, ck) in enumerate(came):
            new = lookup[id(ce)][ck].new
            sm = SequenceMatcher(None, wa, new.words(), autojunk=False)  # type: ignore[union-attr]
            if sm.real_quick_ratio() < MOVE_CUTOFF or sm.quick_ratio() < MOVE_CUTOFF:
                continue
            r = sm.ratio()
            if r >= MOVE_CUTOFF:
                scored.append((-r, gi, ci))
    used_g: set[int] = set()
    used_c: set[int] = set()
    for _r, gi, ci in sorted(scored):
        if gi in used_g or ci in used_c:
            continue
        used_g.add(gi)
        used_c.add(ci)
        (ge, gk), (ce, ck) = gone[gi], came[ci]
        old = lookup[id(ge)][gk].old
        new = lookup[id(ce)][ck].new
        assert old is not None and new is not None
        lookup[id(ge)][gk] = BlockOp(DELETE, old, None, move=("to", ce.title))
        runs = tuple(diff_tokens(old.tokens, new.tokens)) if old.key != new.key else (Run(EQUAL, new.tokens),)
        lookup[id(ce)][ck] = BlockOp(CHANGE, old, new, runs=runs, move=("from", ge.title))


def compare(old: Version, new: Version, lang: str, render: Render, marks: Marks) -> list[SectionChange]:
    """The redline of every section, in the new version's order, removed sections at their old place."""
    olds, news = old.sections.get(lang, []), new.sections.get(lang, [])
    match = match_sections(olds, news, render)
    seq_new = [j for j in range(len(news)) if j in match]
    seq_old = sorted(seq_new, key=lambda j: match[j])
    in_order: set[int] = set()
    for blk in SequenceMatcher(None, seq_old, seq_new, autojunk=False).get_matching_blocks():
        in_order.update(seq_new[blk.b : blk.b + blk.size])

    entries: list[tuple[tuple[int, int, int], SectionChange, list[BlockOp], Section | None, Section | None]] = []
    for j, section in enumerate(news):
        i = match.get(j)
        previous = olds[i] if i is not None else None
        entries.append(((j, 0, 0), *_pair_sections(previous, section, render, j in in_order)))
    kept = sorted((match[j], j) for j in in_order)
    matched = set(match.values())
    for i, section in enumerate(olds):
        if i in matched:
            continue
        after = max((j for oi, j in kept if oi < i), default=-1)
        entries.append(((after, 1, i), *_pair_sections(section, None, render, True)))
    entries.sort(key=lambda e: e[0])
    _find_moves([(e[1], e[2]) for e in entries])
    _find_moved_text([(e[1], e[2], e[4]) for e in entries], render)
    _find_moved_passages([(e[1], e[2], e[4]) for e in entries])
    out = []
    for _pos, change_, ops, before, after in entries:
        _finish(change_, ops, before, after, render, marks)
        out.append(change_)
    return out


def _pair_sections(
    old: Section | None, new: Section | None, render: Render, in_order: bool
) -> tuple[SectionChange, list[BlockOp], Section | None, Section | None]:
    ro = render(old) if old else None
    rn = render(new) if new else None
    if ro is not None and ro is rn:  # the same text: nothing to align
        ops = [BlockOp(EQUAL, b, b) for b in rn.blocks]
    elif ro and rn:
        ops = diff_blocks(ro.blocks, rn.blocks)
    elif rn:
        ops = [BlockOp(INSERT, None, b) for b in rn.blocks]
    else:
        ops = [BlockOp(DELETE, b, None) for b in ro.blocks]  # type: ignore[union-attr]
    ref = new or old
    assert ref is not None
    status = ADDED if old is None else REMOVED if new is None else MODIFIED
    if old and new and old.name != new.name and old.anchor != new.anchor:
        status = RENAMED
    change_ = SectionChange(
        ref.name,
        ref.anchor,
        status,
        ref.title,
        ref.level,
        "",
        _id((rn or ro).heading),  # type: ignore[union-attr]
        "",
        old.name if old else None,
        old.title if old else "",
        moved=bool(old and new and (not in_order or old.name != new.name) and status != RENAMED),
    )
    return change_, ops, old, new


def _finish(
    c: SectionChange, ops: list[BlockOp], old: Section | None, new: Section | None, render: Render, marks: Marks
) -> None:
    ro = render(old) if old else None
    rn = render(new) if new else None
    if ro is not None and ro is rn and not c.heading_moved_from and all(o.tag == EQUAL and not o.move for o in ops):
        _finish_same(c, ops, rn, marks, old.markdown != new.markdown)  # type: ignore[union-attr]
        return
    if c.heading_moved_from:  # the whole heading is moved text, with changes made on the way
        moved = marks.open(MOVED_IN), marks.close(MOVED_IN, c.heading_moved_from)
        c.heading_html = moved[0] + inline(c.heading_runs, marks) + moved[1]
    else:
        c.heading_runs = _heading(ro.heading if ro else None, rn.heading if rn else None)
        c.heading_html = inline(c.heading_runs, marks)
    c.ops = ops
    if ro is not None and ro is rn and not any(o.move for o in ops):
        c.body_html = _same_body(rn, marks, c.heading_id)
    else:
        c.body_html = body(ops, marks, {c.heading_id} if c.heading_id else set())
    heading_ops = [r for r in c.heading_runs if r.tag != EQUAL]
    c.words_inserted = sum(count_words(r.tokens) for r in heading_ops if r.tag == INSERT) + sum(o.inserted for o in ops)
    c.words_deleted = sum(count_words(r.tokens) for r in heading_ops if r.tag == DELETE) + sum(o.deleted for o in ops)
    if c.status == MODIFIED:
        visible = heading_ops or any(_visible(o) for o in ops)
        if not visible:
            c.formatting_only = old is not None and new is not None and old.markdown != new.markdown
        c.status = MOVED if c.moved else MODIFIED if visible else UNCHANGED
        body_same = not any(_visible(o) for o in ops)
        if c.status == MODIFIED and old and new and body_same and renumbered(old.title, new.title):
            c.status = RENUMBERED


def _finish_same(c: SectionChange, ops: list[BlockOp], rendered: Rendered, marks: Marks, source_changed: bool) -> None:
    """`_finish` for a section whose text did not change (most sections of most pairs): every op is
    equal, so nothing is marked or counted, and the HTML is the same in every pair that shares the
    text (`_same_body`); `test_redline_fast_paths` checks it against the general path."""
    heading = rendered.heading
    c.heading_runs = (Run(EQUAL, heading.tokens),) if heading else ()
    c.heading_html = equal_inline(heading.tokens) if heading else ""  # equal runs use no marks
    c.ops = ops
    c.body_html = _same_body(rendered, marks, c.heading_id)
    if c.status == MODIFIED:
        c.formatting_only = source_changed
        c.status = MOVED if c.moved else UNCHANGED


def renumbered(old_title: str, new_title: str) -> bool:
    """Whether two headings differ only in their leading number: a section that kept its text while
    one before it came or went is renumbered, not modified (`compare.js` has the same test)."""
    a, b = _NUMBER.match(old_title), _NUMBER.match(new_title)
    return bool(a and b and a.group(1) != b.group(1) and old_title[a.end() :] == new_title[b.end() :])


MOVE_TEXT_SHARE = 0.8  # share of a block's words found, in order, in deleted text elsewhere


def _deleted_runs(op: BlockOp) -> tuple[Run, ...]:
    if op.tag == DELETE and op.old is not None and op.old.kind in (TEXT, HEADING) and not op.move:
        return (Run(DELETE, op.old.tokens),)
    if op.tag == CHANGE and not op.move and op.old is not None and op.old.kind in (TEXT, HEADING):
        return op.runs
    return ()


def _word_span(tokens: tuple[Token, ...], first: int, last: int) -> tuple[int, int]:
    """Token indexes [start, end) covering words first..last-1."""
    start = end = 0
    n = 0
    for k, tok in enumerate(tokens):
        if tok.kind == "word":
            if n == first:
                start = k
            if n == last - 1:
                end = k + 1
            n += 1
    return start, end


def _find_moved_text(entries: list[tuple[SectionChange, list[BlockOp], Section | None]], render: Render) -> None:
    """A new block or a new section's heading whose words were deleted elsewhere (four sentences of a
    paragraph become the headings of four sections): shown as moved text on both sides."""
    candidates: list[tuple[int, int, Block]] = []
    for ei, (change_, ops, new) in enumerate(entries):
        if change_.status == ADDED and new is not None and new.level:
            head = render(new).heading
            if head is not None and count_words(head.tokens) >= MOVE_MIN_WORDS:
                candidates.append((ei, -1, head))
        for k, op in enumerate(ops):
            new_block = op.new
            if op.tag == INSERT and not op.move and new_block is not None and _movable(new_block):
                candidates.append((ei, k, new_block))
    fragments = sum(1 for _c, ops, _n in entries for op in ops for _r in _deleted_runs(op))
    if not candidates or len(candidates) * fragments > MOVE_LIMIT:
        return
    for ei, k, block in candidates:
        words = block.words()
        if len(words) < MOVE_MIN_WORDS:
            continue  # images or numbers only: nothing to recognise
        best: tuple[int, int, int, int, int, int] | None = None
        for fi, (_c, ops, _n) in enumerate(entries):
            for fk, op in enumerate(ops):
                for ri, run in enumerate(_deleted_runs(op)):
                    gone = [t.text for t in run.tokens if t.kind == "word"]
                    if run.tag != DELETE or len(gone) < MOVE_MIN_WORDS:
                        continue
                    matcher = SequenceMatcher(None, gone, words, autojunk=False)
                    found = [m for m in matcher.get_matching_blocks() if m.size]
                    matched = sum(m.size for m in found)
                    if not found or matched < MOVE_TEXT_SHARE * len(words):
                        continue
                    first, last = found[0].a, found[-1].a + found[-1].size
                    # The moved words must make up most of the passage they are taken from.
                    if matched >= MOVE_TEXT_SHARE * (last - first) and (best is None or matched > best[0]):
                        best = (matched, fi, fk, ri, first, last)
        if best is None:
            continue
        _matched, fi, fk, ri, first, last = best
        source, target = entries[fi][0], entries[ei][0]
        op = entries[fi][1][fk]
        runs = list(_deleted_runs(op))
        tokens = runs[ri].tokens
        start, end = _word_span(tokens, first, last)
        runs[ri : ri + 1] = [
            r
            for r in (
                Run(DELETE, tokens[:start]),
                Run(MOVED_TEXT, tokens[start:end], target.title),
                Run(DELETE, tokens[end:]),
            )
            if r.tokens
        ]
        entries[fi][1][fk] = BlockOp(CHANGE, op.old, op.new, runs=tuple(runs))
        moved_runs = tuple(diff_tokens(tokens[start:end], block.tokens))
        if k < 0:
            target.heading_moved_from = source.title
            target.heading_runs = moved_runs
        else:
            entries[ei][1][k] = BlockOp(CHANGE, None, block, runs=moved_runs, move=("from", source.title))


MOVE_RUN_WORDS = 5  # words in a row, deleted in one place and inserted in another: a moved passage
MOVE_RUN_LIMIT = 400  # deleted x inserted runs beyond which passages are not looked for


def _split_run(run: Run, first: int, last: int, tag: str, note: str) -> list[Run]:
    start, end = _word_span(run.tokens, first, last)
    parts = (Run(run.tag, run.tokens[:start]), Run(tag, run.tokens[start:end], note), Run(run.tag, run.tokens[end:]))
    return [r for r in parts if r.tokens]


def _text_runs(op: BlockOp) -> tuple[Run, ...]:
    """The runs of a changed, inserted or deleted paragraph or heading (not of moved ones)."""
    block = op.block
    if op.move or block.kind not in (TEXT, HEADING):
        return ()
    if op.tag == CHANGE:
        return op.runs
    if op.tag in (INSERT, DELETE):
        return (Run(op.tag, block.tokens),)
    return ()


def _find_moved_passages(entries: list[tuple[SectionChange, list[BlockOp], Section | None]]) -> None:
    """Passages of a changed paragraph that reappear, word for word, in another changed paragraph:
    moved on both sides (the longest first, so a passage is never cut by a shorter one)."""
    while True:
        gone, came = [], []
        for ei, (_c, ops, _n) in enumerate(entries):
            for k, op in enumerate(ops):
                if op.tag == EQUAL:
                    continue  # most blocks: nothing deleted or inserted
                for ri, run in enumerate(_text_runs(op)):
                    if run.tag not in (DELETE, INSERT):
                        continue
                    words = [t.key for t in run.tokens if t.kind == "word"]  # a link's words carry its target
                    if len(words) >= MOVE_RUN_WORDS:
                        (gone if run.tag == DELETE else came).append((ei, k, ri, words))
        if not gone or not came or len(gone) * len(came) > MOVE_RUN_LIMIT:
            return
        best = None
        for g in gone:
            for c in came:
                m = SequenceMatcher(None, g[3], c[3], autojunk=False).find_longest_match(0, len(g[3]), 0, len(c[3]))
                if m.size >= MOVE_RUN_WORDS and (best is None or m.size > best[0]):
                    best = (m.size, g, c, m.a, m.b)
        if best is None:
            return
        size, g, c, a, b = best
        source, target = entries[g[0]][0], entries[c[0]][0]
        sides = [(g, a, MOVED_TEXT, target.title), (c, b, MOVED_IN, source.title)]
        # In one paragraph, split the later run first: splitting the earlier one would shift it.
        sides.sort(key=lambda side: (side[0][0], side[0][1], side[0][2]), reverse=True)
        for (ei, k, ri, _w), first, tag, note in sides:
            op = entries[ei][1][k]
            runs = list(_text_runs(op))
            runs[ri : ri + 1] = _split_run(runs[ri], first, first + size, tag, note)
            entries[ei][1][k] = BlockOp(CHANGE, op.old, op.new, runs=tuple(runs))


@lru_cache(maxsize=8192)
def _same_body(rendered: Rendered, marks: Marks, heading_id: str) -> str:
    """An unchanged section's body: the same in every pair of versions that share its text."""
    return body([BlockOp(EQUAL, b, b) for b in rendered.blocks], marks, {heading_id} if heading_id else set())


def stats(changes: list[SectionChange]) -> dict[str, int]:
    """Sections per status (every status present), formatting-only ones, and words inserted/deleted."""
    out = dict.fromkeys(STATUSES, 0)
    for c in changes:
        out[c.status] += 1
    out["formatting_only"] = sum(1 for c in changes if c.formatting_only)
    out["words_inserted"] = sum(c.words_inserted for c in changes)
    out["words_deleted"] = sum(c.words_deleted for c in changes)
    return out
