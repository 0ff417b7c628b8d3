"""A section whose only change is its heading's number is renumbered, not modified (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO
from policy_archive import redline
from policy_archive.load import load_policy
from policy_archive.redline.sections import renumbered

DEMO = REPO / "examples" / "demo" / "policy"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("5. Durée", "6. Durée", True),
        ("10. Témoins et technologies similaires", "9. Témoins et technologies similaires", True),
        ("5) Durée", "6) Durée", True),
        ("5.2 Durée", "5.3 Durée", True),
        ("5. Durée", "5. Durée", False),  # nothing changed
        ("5. Durée", "6. Durée de conservation", False),  # its words changed too
        ("Durée", "6. Durée", False),  # a number added is a change of heading
        ("5. Durée", "Durée", False),
        ("Annexe A", "Annexe B", False),
    ],
)
def test_renumbered_heading(old: str, new: str, expected: bool) -> None:
    assert renumbered(old, new) is expected


def test_sections_after_a_removed_one_are_renumbered_not_modified() -> None:
    """The demo's 2025-03-01 removes section 2: 3 to 10 become 2 to 9, most with the same text."""
    policy, problems = load_policy(DEMO, ["fr", "en"], dt.date(2026, 12, 1))
    assert not [p for p in problems if p.level == "error"], problems
    by_id = {v.id: v for v in policy.versions}
    old, new = by_id["2024-06-15"], by_id["2025-03-01"]
    for lang in ("fr", "en"):
        changes = {c.name: c for c in redline.Redliner().compare(old, new, lang)}
        temoins = changes["10-temoins.md"]
        assert temoins.status == redline.RENUMBERED, (lang, temoins.status)
        assert "<del>" in temoins.heading_html and "<ins>" in temoins.heading_html  # the number, struck and added
        assert changes["03-consentement.md"].status == redline.MODIFIED  # renumbered and reworded
        assert changes["01-objectifs.md"].status == redline.UNCHANGED
        counts = redline.stats(list(changes.values()))
        assert counts[redline.RENUMBERED] == 6 and counts[redline.MODIFIED] == 4, (lang, counts)
