"""The redline's fast paths and caches give exactly what the general paths give.

Each test runs a fast path next to the slower code it replaces (kept here, or reached by turning the
shortcut off) on the seed policy, edited copies of it, and random input from a fixed seed.
"""

from __future__ import annotations

import random
import re
from difflib import SequenceMatcher

import pytest
from policy_archive.redline import Redliner, align, marks
from policy_archive.redline.blocks import Rendered, Token, _has_text, _text_tokens, _tokens_key, blocks_of
from policy_archive.redline.flow import flow, flows, least_shown, shown
from policy_archive.redline.sections import compare
from policy_archive.redline.tree import _Builder, parse
from policy_archive.redline.words import Matcher
from policy_archive.safety import SafeRenderer
from redline_helpers import RENDERER, seed_files, version

SAFE = SafeRenderer(["attr_list", "md_in_html", "tables", "toc"], {"toc": {"permalink": True}})


def _seed_rendered() -> list[Rendered]:
    return [
        blocks_of(renderer(text), True)
        for lang in ("fr", "en")
        for text in seed_files(lang).values()
        for renderer in (RENDERER, SAFE)
    ]


def _edited(files: dict[str, str], rng: random.Random) -> dict[str, str]:
    """The same sections, some with words dropped, swapped or added, one paragraph moved."""
    out = {}
    for name, text in files.items():
        if rng.random() < 0.5:
            words = text.split(" ")
            for _ in range(rng.randrange(1, 6)):
                k = rng.randrange(len(words))
                words[k] = rng.choice(["", "nouveau", words[rng.randrange(len(words))], words[k] + " encore"])
            text = " ".join(words)
        out[name] = text
    names = list(out)
    if len(names) > 2:
        a, b = rng.sample(names, 2)
        paragraphs = out[a].split("\n\n")
        if len(paragraphs) > 2:
            moved = paragraphs.pop(rng.randrange(1, len(paragraphs)))
            out[a] = "\n\n".join(paragraphs)
            out[b] = out[b].rstrip("\n") + "\n\n" + moved + "\n"
    return out


# --------------------------------------------------------------------------- sections


@pytest.mark.parametrize("seed", range(4))
def test_unchanged_sections_redline_as_the_general_path_does(seed: int) -> None:
    """`_finish_same` (taken when both versions share the rendered object) against the general
    path, taken when every call renders afresh."""
    rng = random.Random(seed)
    for lang in ("fr", "en"):
        old = seed_files(lang)
        new = _edited(old, rng)
        if seed % 2:  # a section renamed, another reordered, a third removed
            names = list(new)
            new[names[0].replace(".md", "-x.md")] = new.pop(names[0])
            new[names[1]] = new.pop(names[1])
            del new[names[2]]
        a, b = version("2024-01-01", old, lang), version("2025-01-01", new, lang)
        cached = Redliner(RENDERER)
        fast = compare(a, b, lang, cached.section, marks(lang))
        general = compare(a, b, lang, lambda s: blocks_of(RENDERER(s.markdown), s.level > 0), marks(lang))
        assert fast == general
        assert any(c.status == "unchanged" for c in fast) and any(c.status != "unchanged" for c in fast)


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize("seed", range(3))
def test_matcher_answers_as_difflib(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(3000):
        alphabet, popular = rng.choice([2, 3, 5, 10, 30]), rng.random()

        def seq(n: int, alphabet: int = alphabet, popular: float = popular) -> list[str]:
            return [" " if rng.random() < popular else str(rng.randrange(alphabet)) for _ in range(n)]

        a = seq(rng.randrange(60))
        b = list(a) if rng.random() < 0.6 else seq(rng.randrange(60))
        for _ in range(rng.randrange(6)):
            k = rng.randrange(len(b) + 1)
            b[k : k + rng.randrange(3)] = seq(rng.randrange(3))
        matcher = Matcher(a, b)
        matcher.POPULAR = rng.choice([0, 1, 2, 4, 8])  # 0: every key popular, difflib answers alone
        assert matcher.get_opcodes() == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def test_matcher_answers_as_difflib_on_edited_text() -> None:
    rng = random.Random(7)
    files = seed_files()
    edited = _edited(files, rng)
    for name in files:
        olds, news = blocks_of(RENDERER(files[name]), True).blocks, blocks_of(RENDERER(edited[name]), True).blocks
        a = [t.key for b in olds for t in b.tokens]
        b = [t.key for b in news for t in b.tokens]
        assert Matcher(a, b).get_opcodes() == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


# --------------------------------------------------------------------------- align and flow


def test_flow_is_skipped_only_when_it_could_not_win(monkeypatch: pytest.MonkeyPatch) -> None:
    """`least_shown` is a floor under what flow marks; with it turned off, flow is computed for every
    changed stretch, and the redline is the same."""
    rng = random.Random(3)
    pairs = []
    for lang in ("fr", "en"):
        files = seed_files(lang)
        for _ in range(3):
            edited = _edited(files, rng)
            for name in files:
                pairs.append(
                    (
                        blocks_of(RENDERER(files[name]), True).blocks,
                        blocks_of(RENDERER(edited.get(name, "")), True).blocks,
                    )
                )
    skipped = []
    for olds, news in pairs:
        for tag, i1, i2, j1, j2 in SequenceMatcher(
            None, [b.key for b in olds], [b.key for b in news], autojunk=False
        ).get_opcodes():
            stretch_old, stretch_new = list(olds[i1:i2]), list(news[j1:j2])
            if tag != "equal" and flows(stretch_old, stretch_new):
                floor = least_shown(stretch_old, stretch_new)
                assert shown(flow(stretch_old, stretch_new)) >= floor
                skipped.append(floor)
    assert skipped
    fast = [align.diff_blocks(olds, news) for olds, news in pairs]
    monkeypatch.setattr(align, "least_shown", lambda olds, news: -1)
    assert fast == [align.diff_blocks(olds, news) for olds, news in pairs]


# --------------------------------------------------------------------------- blocks and tree


def _reference_text_tokens(text: str, ctx: tuple[str, ...], preserve: bool) -> tuple[Token, ...]:
    word = re.compile(r"(\w+(?:['’.\-]\w+)*)|(\s+)|(.)", re.S)
    kinds = (None, "word", "space", "punct")
    out = []
    for m in word.finditer(text):
        kind = kinds[m.lastindex or 3]
        out.append(Token(ctx, m.group(0) if preserve or kind != "space" else " ", kind))
    return tuple(out)


def _reference_tokens_key(tokens: tuple[Token, ...], preserve: bool) -> str:
    out: list[str] = []
    for tok in tokens:
        if tok.kind == "space" and not preserve:
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(tok.key if not preserve or tok.kind != "space" else tok.text)
    while out and out[-1] == " ":
        out.pop()
    return "".join(out)


def test_text_tokens_and_block_keys_as_before() -> None:
    samples = [
        "",
        " ",
        "  a  ",
        "fin ",
        " début",
        "l’été, c'est-à-dire 3.5 % — ok\n\tfin ",
        "x\u00a0y",
        "___",
        "a\r\nb",
    ]
    texts = samples + [b.plain() for r in _seed_rendered() for b in r.blocks]
    for text, after in zip(texts, texts[1:] + texts[:1], strict=True):
        for preserve in (False, True):
            tokens = _text_tokens(text, ("<em>",), preserve)
            assert tokens == _reference_text_tokens(text, ("<em>",), preserve)
            assert _tokens_key(tokens, preserve) == _reference_tokens_key(tokens, preserve)
            joined = tokens + _text_tokens(after, (), preserve)  # two text nodes: spaces may meet
            assert _tokens_key(joined, preserve) == _reference_tokens_key(joined, preserve)


def _slow_parse(markup: str):
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    return builder.root


TRICKY = [
    "",
    "texte seul &amp; &eacute;t&eacute; &#39;",
    '<P CLASS="A">Un <A HREF="/x?a=1&amp;b=2" title="">lien</A></P>',
    '<p data-x="a &gt; b" hidden>x</p><br/><br /><hr>',
    '<div id="a"><p>un<p>deux</div>',
    "<p>a < b</p>",
    "<p>x<!-- note --></p>",
    "<!DOCTYPE html><p>x</p>",
    "<script>if (a < b) {}</script><p>x</p>",
    "<script><p>x</p></script><style><b>y</b></style>",
    "<textarea><p>brut</p></textarea>",
    "<p a=b>x</p>",
    "<p a = 'b'>x</p>",
    '<p a="b"c="d">x</p>',
    "<p>fin &",
    "<p>fin &amp",
    "</p>x</>",
    "<p>x</p >",
    '<abbr title="Loi&nbsp;25">L25</abbr>',
    "<table><tr><td>a<td>b</table>",
]


def test_parse_reads_as_html_parser_does() -> None:
    markups = TRICKY + [
        renderer(text) for lang in ("fr", "en") for text in seed_files(lang).values() for renderer in (RENDERER, SAFE)
    ]
    for markup in markups:
        assert parse(markup) == _slow_parse(markup), markup


def test_has_text_as_text_content() -> None:
    for markup in [*TRICKY, "<p><a><b> </b>\n</a><i>x</i></p>", "<p><span>\u00a0</span></p>"]:
        root = _slow_parse(markup)
        stack = [root]
        while stack:
            node = stack.pop()
            if not node.is_text:
                assert _has_text(node) == bool(node.text_content().strip())
                stack.extend(node.children)


# --------------------------------------------------------------------------- emit
