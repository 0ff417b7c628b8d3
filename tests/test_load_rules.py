"""What `load` refuses in version.yml and between languages, in this process (fast; mutation testing runs these).

L4 (a version without its dates does not build), T2 (published may precede effective, never follow it),
T3 (`significant` is a real true/false), F1 (no English text without the French), F2 (same sections).
`tests/test_check.py` and `tests/test_bad_input.py` prove the same through `check` and the build.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from policy_archive.load import load_policy
from policy_archive.problems import ERROR, WARNING, Problem
from test_load_markdown import AS_OF, LANGS, V, make_version

META = "effective: 2024-01-01\npublished: 2024-01-01\nsignificant: true\nsummary:\n  fr: Résumé.\n  en: Summary.\n"


def load(tmp_path: Path, meta: str | None = META, files: dict[str, str] | None = None, vid: str = V):
    folder = make_version(tmp_path, files or {}, vid=vid)
    if meta is not None:
        (folder / "version.yml").write_text(meta, encoding="utf-8")
    return load_policy(tmp_path / "policy", LANGS, AS_OF)


def shown(problems: list[Problem], tmp_path: Path) -> list[tuple[str, str, int | None, str]]:
    """(level, file relative to policy/, line, message) of each problem; each has a hint."""
    assert all(p.hint for p in problems), problems
    return [(p.level, str(p.file.relative_to(tmp_path / "policy")), p.line, p.message) for p in problems]


def test_the_well_formed_version_loads(tmp_path: Path) -> None:
    policy, problems = load(tmp_path)
    assert problems == []
    (version,) = policy.versions
    assert (version.effective, version.published, version.significant) == (dt.date(2024, 1, 1),) * 2 + (True,)
    assert version.summary == {"fr": "Résumé.", "en": "Summary."}


Y = f"{V}/version.yml"

CASES = {
    # L4: no date, no version
    "no-published": (
        META.replace("published: 2024-01-01\n", ""),
        [(ERROR, Y, None, "missing required key 'published'")],
    ),
    "no-effective": (
        META.replace("effective: 2024-01-01\n", ""),
        [(ERROR, Y, None, "missing required key 'effective'")],
    ),
    "effective-not-a-date": (
        META.replace("effective: 2024-01-01", "effective: 2024-13-01"),
        [(ERROR, Y, 1, "'effective' is not a date: '2024-13-01'")],
    ),
    "published-with-a-time": (
        META.replace("published: 2024-01-01", "published: 2024-01-01 10:00:00"),
        [(ERROR, Y, 2, "'published' has a time (2024-01-01 10:00:00): a version takes effect on a day")],
    ),
    # T2
    "published-after-effective": (
        META.replace("published: 2024-01-01", "published: 2024-01-02"),
        [(ERROR, Y, 2, "published (2024-01-02) is after effective (2024-01-01)")],
    ),
    "effective-not-the-folder": (
        META.replace("effective: 2024-01-01", "effective: 2024-01-02").replace(
            "published: 2024-01-01", "published: 2023-12-01"
        ),
        [(ERROR, Y, 1, "effective date 2024-01-02 does not match the folder name 2024-01-01")],
    ),
    # T3: significant drives the notice and the email
    "significant-not-bool": (
        META.replace("significant: true", 'significant: "yes"'),
        [(ERROR, Y, 3, "'significant' must be true or false, not 'yes'")],
    ),
    "reduces-rights-not-bool": (
        META + "reduces_rights: 1\n",
        [(ERROR, Y, 7, "'reduces_rights' must be true or false, not 1")],
    ),
    "summary-missing-significant": (
        META.replace("  en: Summary.\n", ""),
        [(ERROR, Y, 4, "summary for 'en' is missing or empty")],
    ),
    "summary-not-a-mapping": (
        META.replace("summary:\n  fr: Résumé.\n  en: Summary.\n", "summary: Résumé.\n"),
        [(ERROR, Y, 4, "'summary' must map each language to its text")],
    ),
    "summary-not-text": (
        META.replace("  en: Summary.", "  en: 12"),
        [(ERROR, Y, 4, "summary.en must be text")],
    ),
    "twice": (
        META + "significant: false\n",
        [(ERROR, Y, 7, "'significant' is written twice (lines 3 and 7): YAML would keep only the last")],
    ),
    "empty": ("", [(ERROR, Y, None, "is empty")]),
    "a-list": ("- effective\n", [(ERROR, Y, 1, "must be a mapping of keys to values")]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_version_yml_is_refused_with_its_line(tmp_path: Path, case: str) -> None:
    meta, expected = CASES[case]
    policy, problems = load(tmp_path, meta)
    assert shown(problems, tmp_path) == expected
    assert policy.versions == []  # refused: nothing of it is published


def test_warnings_leave_the_version_in(tmp_path: Path) -> None:
    meta = META.replace("significant: true", "significant: false").replace("  en: Summary.\n", "") + "colour: blue\n"
    meta += "summary_es: x\n"
    policy, problems = load(tmp_path, meta.replace("  fr: Résumé.\n", "  fr: Résumé.\n  de: Text.\n"))
    assert shown(problems, tmp_path) == [
        (WARNING, Y, 7, "unknown key 'colour' is ignored"),
        (WARNING, Y, 8, "unknown key 'summary_es' is ignored"),
        (WARNING, Y, 4, "summary in 'de' is ignored: it is not one of the site's languages (fr, en)"),
        (WARNING, Y, 4, "summary for 'en' is missing or empty"),  # an editorial fix needs no summary (T3)
    ]
    assert [v.id for v in policy.versions] == [V]


def test_a_version_folder_is_named_by_its_date(tmp_path: Path) -> None:
    make_version(tmp_path, {}).rename(tmp_path / "policy" / "2024-1-5")
    policy, problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert [(p.level, p.message, p.hint) for p in problems] == [
        (ERROR, "version folder name '2024-1-5' is not a date", "rename it 2024-01-05 (YYYY-MM-DD)")
    ]
    assert policy.versions == []


def test_no_english_text_without_the_french_and_the_same_sections(tmp_path: Path) -> None:
    """F1 and F2: a section in one language only is refused, on the file that is there."""
    _, problems = load(tmp_path, files={"en/03-extra.md": "## 3. Extra\n\nText.\n", "fr/04-plus.md": "## 4. Plus\n"})
    assert shown(problems, tmp_path) == [
        (
            ERROR,
            f"{V}/en/03-extra.md",
            None,
            "has no fr counterpart: no 'en' text may be published without the 'fr' text (F1)",
        ),
        (ERROR, f"{V}/fr/04-plus.md", None, "has no 'en' translation: every language must have the same sections (F2)"),
    ]
    assert [p.hint for p in problems] == [f"add {V}/fr/03-extra.md or remove this file", f"add {V}/en/04-plus.md"]
    assert all(p.level == ERROR for p in problems)  # `check` and the build refuse errors


def test_a_missing_language_is_reported_once(tmp_path: Path) -> None:
    folder = make_version(tmp_path, {}, langs=("fr",))
    assert folder.is_dir()
    _, problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert shown(problems, tmp_path) == [(ERROR, f"{V}/en", None, "missing the 'en' text of this version")]
    assert all(p.level == ERROR for p in problems)  # `check` and the build refuse errors


def test_broken_yaml_names_its_line_and_a_tag_is_refused_as_a_tag(tmp_path: Path) -> None:
    policy, problems = load(tmp_path, META.replace("significant: true", "significant: [true"))
    ((level, file, line, message),) = shown(problems, tmp_path)
    assert (level, file, line) == (ERROR, Y, 4) and message.startswith("not valid YAML: ")
    assert problems[0].hint == "fix the syntax (indentation, quotes, colons)"
    assert policy.versions == []
    tagged = tmp_path / "tagged"
    _, problems = load(tagged, META.replace("significant: true", "significant: !!python/name:os.system true"))
    assert [(p.line, p.hint) for p in problems] == [
        (3, "remove the tag: version.yml holds plain text, dates and true/false only")
    ]


def test_a_version_without_version_yml_does_not_build(tmp_path: Path) -> None:
    folder = make_version(tmp_path, {})
    (folder / "version.yml").unlink()
    policy, problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert [(p.level, p.file) for p in problems] == [(ERROR, folder / "version.yml")]
    assert policy.versions == []


def test_a_placeholder_is_an_error_before_the_version_takes_effect_and_a_warning_after(tmp_path: Path) -> None:
    text = "## 1. Objectifs\n\nLe responsable est [NOM DU RESPONSABLE].\n"
    for as_of, level, hint in (
        (dt.date(2023, 12, 1), ERROR, "replace it with the real text before this version takes effect"),
        (AS_OF, WARNING, "it was published like this; fix it in a new version"),
    ):
        folder = make_version(tmp_path / str(as_of), {"fr/01-objectifs.md": text})
        _, problems = load_policy(folder.parent, LANGS, as_of)
        assert [(p.level, p.file.name, p.line, p.message, p.hint) for p in problems if p.file.suffix == ".md"] == [
            (level, "01-objectifs.md", 3, "unfilled placeholder [NOM DU RESPONSABLE]", hint)
        ]


def test_an_impossible_date_is_not_a_date(tmp_path: Path) -> None:
    make_version(tmp_path, {}).rename(tmp_path / "policy" / "2024-02-30")
    policy, problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert [(p.message, p.hint) for p in problems] == [
        (
            "version folder name '2024-02-30' is not a date",
            "name each version folder after its effective date, YYYY-MM-DD",
        )
    ]
    assert policy.versions == []


def test_a_missing_default_language_is_reported_once(tmp_path: Path) -> None:
    make_version(tmp_path, {}, langs=("en",))
    _, problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert shown(problems, tmp_path) == [(ERROR, f"{V}/fr", None, "missing the 'fr' text of this version")]
