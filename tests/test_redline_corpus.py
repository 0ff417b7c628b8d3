"""The redline on the corpus of realistic histories (tests/corpus): built for real, measured as in
bench/redline_quality.py. Every defect count must stay at zero; recall and precision above a floor."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from redline_quality import measure_site  # noqa: E402

HISTORIES = sorted(p.parent.name for p in (REPO / "tests" / "corpus").glob("*/mkdocs.yml"))
# Issue 8's targets, met on every history (BENCHMARKS.md has the figures).
RECALL_FLOOR, PRECISION_FLOOR = 0.97, 0.9

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("history", HISTORIES)
def test_history_redlines_hold(history: str, tmp_path: Path) -> None:
    result = measure_site(REPO / "tests" / "corpus" / history, tmp_path)
    assert result.error == "", result.error
    assert not result.leaked, result.leaked
    assert not result.broken, result.broken[:5]
    assert not result.nesting, result.nesting[:5]
    assert not result.unmarked, result.unmarked[:5]
    assert len(result.pairs) >= 40
    assert result.recall >= RECALL_FLOOR
    assert result.precision >= PRECISION_FLOOR


def test_corpus_has_three_long_histories() -> None:
    assert len(HISTORIES) >= 3
    for history in HISTORIES:
        assert len(list((REPO / "tests" / "corpus" / history / "policy").iterdir())) >= 20
