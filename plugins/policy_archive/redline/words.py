"""Word-level diff of two token runs (difflib on token keys), grouped for reading."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import Match, SequenceMatcher

from .blocks import Token

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
MOVED_TEXT = "moved-text"  # deleted here, shown again elsewhere: neither struck nor counted
MOVED_IN = "moved-in"  # inserted here, deleted elsewhere: the same passage, moved


@dataclass(frozen=True)
class Run:
    """Tokens shown as they are (`equal`), inserted or deleted."""

    tag: str
    tokens: tuple[Token, ...]
    note: str = ""  # a link target, when only the link's target changed (shown next to the link)


class Matcher(SequenceMatcher):
    """`difflib.SequenceMatcher(None, a, b, autojunk=False)`, giving the same answers faster on
    text, where a few keys (a space, a comma) are everywhere.

    difflib finds the longest common run by visiting every pair of equal elements: with spaces
    between all words, that is most of the time a diff takes. Here each run is found from a pair of
    equal elements that are not among the `POPULAR` ones (an anchor), and measured once. A run made
    only of popular elements cannot be longer than the longest stretch of them in `a`: when the
    longest run found is not longer than that, difflib's own search answers instead. Ties go, as
    in difflib, to the run that starts first in `a`, then in `b`."""

    POPULAR = 4  # occurrences in `b` from which a key is not an anchor

    def __init__(self, a: Sequence[str], b: Sequence[str]) -> None:
        super().__init__(None, a, b, autojunk=False)

    def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None) -> Match:
        a, b, b2j = self.a, self.b, self.b2j
        ahi = len(a) if ahi is None else ahi
        bhi = len(b) if bhi is None else bhi
        size, besti, bestj = 0, alo, blo
        reach: dict[int, int] = {}  # diagonal (j - i) -> end in `a` of the run last measured on it
        stretch = longest = 0  # popular elements in a row in `a`
        for i in range(alo, ahi):
            js = b2j.get(a[i], ())
            if len(js) > self.POPULAR:
                stretch += 1
                longest = max(longest, stretch)
                continue
            stretch = 0
            for j in js:
                if j < blo:
                    continue
                if j >= bhi:
                    break
                if reach.get(j - i, -1) > i:
                    continue  # inside a run already measured
                s, t = i, j
                while s > alo and t > blo and a[s - 1] == b[t - 1]:
                    s, t = s - 1, t - 1
                e, f = i + 1, j + 1
                while e < ahi and f < bhi and a[e] == b[f]:
                    e, f = e + 1, f + 1
                reach[j - i] = e
                if e - s > size or (e - s == size and (s, t) < (besti, bestj)):
                    size, besti, bestj = e - s, s, t
        if size <= longest:
            return super().find_longest_match(alo, ahi, blo, bhi)
        return Match(besti, bestj, size)


def diff_tokens(old: tuple[Token, ...], new: tuple[Token, ...]) -> list[Run]:
    """Runs turning `old` into `new`. A change, a space, a change read as one change; spaces at the
    edges of a change stay outside it."""
    matcher = Matcher([t.key for t in old], [t.key for t in new])
    groups = [(tag != "equal", list(old[i1:i2]), list(new[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    return runs_of(groups)


Group = tuple[bool, list[Token], list[Token]]  # (changed?, old tokens, new tokens)


def runs_of(raw: list[Group]) -> list[Run]:
    """Groups of kept or changed tokens, in order -> runs, tidied for reading."""
    groups: list[list] = []
    for changed, olds, news in raw:
        if not olds and not news:
            continue
        if (
            changed
            and len(groups) >= 2
            and not groups[-1][0]
            and groups[-2][0]
            and all(t.kind == "space" for t in groups[-1][2])
        ):
            space = groups.pop()
            groups[-1][1] += space[1] + olds
            groups[-1][2] += space[2] + news
        elif changed and groups and groups[-1][0]:
            groups[-1][1] += olds
            groups[-1][2] += news
        else:
            groups.append([changed, list(olds), list(news)])
    runs: list[Run] = []
    for changed, olds, news in groups:
        if not changed:
            runs.append(Run(EQUAL, tuple(news)))
            continue
        lead: list[Token] = []
        trail: list[Token] = []
        while olds and news and olds[0].kind == news[0].kind == "space":
            lead.append(news[0])
            olds, news = olds[1:], news[1:]
        while olds and news and olds[-1].kind == news[-1].kind == "space":
            trail.insert(0, news[-1])
            olds, news = olds[:-1], news[:-1]
        # A pure insertion or deletion starts after its space: "Act. {+It reports+}", not "Act.{+ It+}".
        only = news if not olds else olds if not news else []
        if only and only[0].kind == "space" and len(only) > 1:
            lead.append(only[0])
            if only is news:
                news = news[1:]
            else:
                olds = olds[1:]
        runs.append(Run(EQUAL, tuple(lead)))
        retarget = [t.text for t in olds] == [t.text for t in news]
        runs.append(Run(DELETE, tuple(olds), _href(olds) if retarget else ""))
        runs.append(Run(INSERT, tuple(news), _href(news) if retarget else ""))
        runs.append(Run(EQUAL, tuple(trail)))
    return _coalesce(runs)


_HREF = re.compile(r'^<a\b[^>]*\shref="([^"]*)"')


def _href(tokens: list[Token]) -> str:
    """The target of the first link among the tokens, HTML-escaped as in the source."""
    for tok in tokens:
        for start in tok.ctx:
            if m := _HREF.match(start):
                return m.group(1)
    return ""


def _coalesce(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if not run.tokens:
            continue
        if out and out[-1].tag == run.tag and out[-1].note == run.note:
            out[-1] = Run(run.tag, out[-1].tokens + run.tokens, run.note)
        else:
            out.append(run)
    return out


def count_words(tokens: tuple[Token, ...]) -> int:
    return sum(1 for t in tokens if t.kind == "word" or (t.kind == "atom" and not invisible(t)))


_EMPTY_ELEMENT = re.compile(r"^<(a|span|abbr|b|i|em|strong)\b[^>]*>\s*</\1>$")


def invisible(token: Token) -> bool:
    """An empty element (an anchor such as <a id="x"></a>): on the page, but nothing to read."""
    return token.kind == "atom" and bool(_EMPTY_ELEMENT.match(token.text))


def similarity(a: list[str], b: list[str]) -> tuple[float, float]:
    """(difflib ratio, share of the shorter side found in the longer) of two word lists."""
    if not a and not b:
        return 1.0, 1.0
    sm = Matcher(a, b)
    matches = sum(m.size for m in sm.get_matching_blocks())
    shorter = min(len(a), len(b))
    return 2.0 * matches / (len(a) + len(b)), (matches / shorter if shorter else 0.0)
