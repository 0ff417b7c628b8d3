"""Translation drift (F2) on policies built in memory: fast, and what mutation testing runs for checks.py.

`tests/test_drift.py` proves the same through git histories and `policy-archive check`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from policy_archive.checks import translation_drift
from policy_archive.model import Policy, Section, Version
from policy_archive.problems import WARNING

NAME = "03-consentement.md"


def version(vid: str, texts: dict[str, dict[str, str]]) -> Version:
    """`texts`: language -> section name -> body (the heading is added)."""
    path = Path("policy") / vid
    sections = {
        lang: [
            Section(name, lang, path / lang / name, f"## {name[3:-3].title()}\n\n{body}\n", name[3:-3].title(), 2, 1)
            for name, body in by_name.items()
        ]
        for lang, by_name in texts.items()
    }
    day = dt.date.fromisoformat(vid)
    return Version(vid, path, day, day, True, False, {}, sections)


def policy(*steps: dict[str, str] | None, languages: tuple[str, ...] = ("fr", "en")) -> Policy:
    """One version per step: language -> body of NAME (None: the section is not in that version)."""
    versions = []
    for i, step in enumerate(steps):
        texts = {lang: ({NAME: step[lang]} if step is not None else {}) for lang in languages}
        for lang in languages:
            texts[lang]["01-objectifs.md"] = "Toujours le même texte."
        versions.append(version(f"{2020 + i}-01-01", texts))
    return Policy(versions, dt.date(2030, 1, 1), list(languages))


def report(p: Policy, only: list[str] | None = None) -> list[tuple[str, str]]:
    """(stale file, message) of each warning."""
    found = translation_drift(p, only=only)
    assert all(w.level == WARNING and w.hint for w in found)
    return [(str(w.file), w.message) for w in found]


def test_a_change_in_one_language_only_names_the_other_and_both_files() -> None:
    (warning,) = translation_drift(policy({"fr": "a", "en": "a"}, {"fr": "b", "en": "a"}))
    assert warning.file == Path("policy/2021-01-01/en") / NAME
    assert warning.message == (
        f"unchanged since version 2020-01-01, but 2021-01-01/fr/{NAME} changed: the 'en' translation may be out of date"
    )
    assert warning.hint == (
        f"compare with 2021-01-01/fr/{NAME} and update 2021-01-01/en/{NAME}, "
        "or ignore this if the change does not apply to this language"
    )
    assert report(policy({"fr": "a", "en": "a"}, {"fr": "a", "en": "b"}))[0][0] == f"policy/2021-01-01/fr/{NAME}"


def test_no_drift_when_both_change_or_only_the_wrapping_does() -> None:
    assert report(policy({"fr": "a", "en": "a"}, {"fr": "b", "en": "b"})) == []
    assert report(policy({"fr": "un deux", "en": "a"}, {"fr": "un\ndeux  ", "en": "a"})) == []
    assert report(policy({"fr": "a", "en": "a"}, {"fr": "a", "en": "a"})) == []


def test_catching_up_ends_the_drift_and_is_not_a_new_one() -> None:
    p = policy({"fr": "a", "en": "a"}, {"fr": "b", "en": "a"}, {"fr": "b", "en": "b"}, {"fr": "b", "en": "b"})
    assert [f for f, _ in report(p)] == [f"policy/2021-01-01/en/{NAME}"]
    assert report(p, only=["2022-01-01"]) == []  # caught up there
    assert report(p, only=["2023-01-01"]) == []
    assert [f for f, _ in report(p, only=["2021-01-01", "2022-01-01"])] == [f"policy/2021-01-01/en/{NAME}"]


def test_an_open_drift_is_reported_once_at_the_first_version_asked_with_the_latest_change_missed() -> None:
    p = policy({"fr": "a", "en": "a"}, {"fr": "b", "en": "a"}, {"fr": "c", "en": "a"})
    (only,) = report(p, only=["2022-01-01"])
    assert only == (
        f"policy/2022-01-01/en/{NAME}",
        f"unchanged since version 2020-01-01, but 2022-01-01/fr/{NAME} changed: the 'en' translation may be out of date",
    )
    assert len(report(p)) == 1  # one drift, not one per version
    assert len(report(p, only=["2021-01-01", "2022-01-01"])) == 1


def test_a_removed_section_ends_the_drift_and_a_new_one_starts_afresh() -> None:
    p = policy({"fr": "a", "en": "a"}, {"fr": "b", "en": "a"}, None, {"fr": "x", "en": "x"}, {"fr": "y", "en": "x"})
    assert report(p, only=["2022-01-01"]) == []  # gone: not stale
    assert report(p, only=["2023-01-01"]) == []  # back, new: nothing to drift from
    files = [f for f, _ in report(p)]
    assert files == [f"policy/2021-01-01/en/{NAME}", f"policy/2024-01-01/en/{NAME}"]
    assert "unchanged since version 2023-01-01" in report(p, only=["2024-01-01"])[0][1]


def test_every_language_left_behind_is_named_once() -> None:
    p = policy({"fr": "a", "en": "a", "es": "a"}, {"fr": "b", "en": "a", "es": "a"}, languages=("fr", "en", "es"))
    assert sorted(f for f, _ in report(p)) == [f"policy/2021-01-01/en/{NAME}", f"policy/2021-01-01/es/{NAME}"]
    # English catches up, Spanish does not: only Spanish stays behind.
    q = policy(
        {"fr": "a", "en": "a", "es": "a"},
        {"fr": "b", "en": "a", "es": "a"},
        {"fr": "b", "en": "b", "es": "a"},
        languages=("fr", "en", "es"),
    )
    assert [f for f, _ in report(q, only=["2022-01-01"])] == [f"policy/2022-01-01/es/{NAME}"]
    assert "2021-01-01/fr/" in report(q, only=["2022-01-01"])[0][1]  # the change it missed, not the catch-up


def test_a_drift_after_quiet_versions_or_after_a_catch_up_is_found() -> None:
    quiet = policy({"fr": "a", "en": "a"}, {"fr": "a", "en": "a"}, {"fr": "b", "en": "a"})
    assert [f for f, _ in report(quiet)] == [f"policy/2022-01-01/en/{NAME}"]
    again = policy({"fr": "a", "en": "a"}, {"fr": "b", "en": "a"}, {"fr": "b", "en": "b"}, {"fr": "b", "en": "c"})
    assert [f for f, _ in report(again)] == [f"policy/2021-01-01/en/{NAME}", f"policy/2023-01-01/fr/{NAME}"]
    # both change, then English leads: French is behind since the version both last changed it
    both = policy({"fr": "a", "en": "a"}, {"fr": "b", "en": "b"}, {"fr": "b", "en": "c"})
    ((_, message),) = report(both)
    assert message.startswith(f"unchanged since version 2021-01-01, but 2022-01-01/en/{NAME} changed")
