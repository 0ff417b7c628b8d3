"""redline.words: the word diff and its tidying for reading."""

from __future__ import annotations

from policy_archive.redline.blocks import blocks_of
from policy_archive.redline.words import DELETE, EQUAL, INSERT, diff_tokens, similarity
from redline_helpers import RENDERER


def tokens(markdown: str):
    return blocks_of(RENDERER(markdown), False).blocks[0].tokens


def text(runs) -> list[tuple[str, str]]:
    return [(r.tag, "".join(t.text for t in r.tokens)) for r in runs]


def test_change_space_change_reads_as_one_change() -> None:
    runs = diff_tokens(tokens("un deux trois quatre"), tokens("un six sept quatre"))
    assert text(runs) == [(EQUAL, "un "), (DELETE, "deux trois"), (INSERT, "six sept"), (EQUAL, " quatre")]


def test_pure_insertion_starts_after_its_space() -> None:
    runs = diff_tokens(tokens("Fin."), tokens("Fin. Encore une phrase."))
    assert text(runs) == [(EQUAL, "Fin. "), (INSERT, "Encore une phrase.")]


def test_link_target_only_change_notes_both_targets() -> None:
    runs = diff_tokens(tokens("Voir [la page](https://a.example/1)."), tokens("Voir [la page](https://a.example/2)."))
    notes = [(r.tag, r.note) for r in runs if r.tag != EQUAL]
    assert notes == [(DELETE, "https://a.example/1"), (INSERT, "https://a.example/2")]


def test_similarity_ratio_and_containment() -> None:
    ratio, contained = similarity(["a", "b"], ["a", "b", "c", "d"])
    assert round(ratio, 3) == 0.667 and contained == 1.0
    assert similarity([], []) == (1.0, 1.0)
