"""What the command line tells editors: specific, with file and line, and true (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import Site
from policy_archive.scaffold import date_pattern, written_date

SEED = "2023-12-23"
TODAY = "2024-06-01"


def test_new_version_warns_about_the_copied_effective_date(site: Site) -> None:
    result = site.run("new-version", "2024-09-01", as_of=TODAY)
    assert result.returncode == 0, result.stderr
    err = result.stderr
    assert (
        "policy/2024-09-01/fr/02-entree-en-vigueur.md:3: warning: '23 décembre 2023' is the effective date"
        " of version 2023-12-23" in err
    ), err
    assert "write this version's date instead: 1er septembre 2024" in err
    assert "policy/2024-09-01/en/02-entree-en-vigueur.md:3: warning: 'December 23, 2023'" in err
    assert "write this version's date instead: September 1, 2024" in err
    assert "2 dates copied from version 2023-12-23 may be out of date" in err
    assert "Traceback" not in err


def test_new_version_is_quiet_when_no_date_was_copied(site: Site) -> None:
    for lang, sentence in (("fr", "23 décembre 2023"), ("en", "December 23, 2023")):
        path = site.policy / SEED / lang / "02-entree-en-vigueur.md"
        path.write_text(path.read_text(encoding="utf-8").replace(sentence, "X"), encoding="utf-8")
    result = site.run("new-version", "2024-09-01", as_of=TODAY)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "2025-03-01",
        "01/03/2025",
        "1er mars 2025",
        "1<sup>er</sup> mars 2025",
        "1 mars 2025",
        "1ER MARS 2025",
        "1\u00a0mars\u00a02025",
        "March 1, 2025",
        "March 1st, 2025",
        "1 March 2025",
        "march 1 2025",
    ],
)
def test_every_written_form_of_the_date_is_found(text: str) -> None:
    match = date_pattern(dt.date(2025, 3, 1)).search(f"applies as of {text}.")
    assert match and match.group(0) == text


@pytest.mark.parametrize("text", ["11 mars 2025", "1 mars 2026", "2025-03-011", "March 11, 2025", "21 mars 2025"])
def test_other_dates_are_not_found(text: str) -> None:
    assert date_pattern(dt.date(2025, 3, 1)).search(f"as of {text}.") is None


def test_written_date() -> None:
    assert written_date(dt.date(2024, 8, 1), "fr") == "1er août 2024"
    assert written_date(dt.date(2024, 12, 23), "en") == "December 23, 2024"
    assert date_pattern(dt.date(2024, 8, 1)).search("le 1er aout 2024")  # accents left out


def test_already_exists_never_suggests_editing_a_published_version(site: Site) -> None:
    result = site.run("new-version", SEED, as_of=TODAY)
    assert result.returncode == 1
    err = result.stderr
    assert f"version {SEED} already exists and is published (in force since {SEED})" in err
    assert "its text must not change" in err
    assert "make a new version with a later date (policy-archive new-version 2024-06-02)" in err
    assert "edit" not in err.lower()

    site.run("new-version", "2024-09-01", as_of=TODAY, check=True)
    past = site.run("new-version", SEED, as_of="2024-10-01")
    assert "published (past, replaced by 2024-09-01)" in past.stderr and "edit" not in past.stderr.lower()
    assert "policy-archive new-version 2024-10-02" in past.stderr


def test_already_exists_lets_an_upcoming_version_be_edited(site: Site) -> None:
    site.run("new-version", "2024-09-01", as_of=TODAY, check=True)
    announced = site.run("new-version", "2024-09-01", as_of=TODAY)
    assert announced.returncode == 1
    assert "it is upcoming (announced on 2024-06-01, takes effect on 2024-09-01)" in announced.stderr
    assert "You may still correct it in 2024-09-01/" in announced.stderr

    meta = site.policy / "2024-09-01" / "version.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("published: 2024-06-01", "published: 2024-08-01"))
    draft = site.run("new-version", "2024-09-01", as_of=TODAY)
    assert "is not published yet (takes effect on 2024-09-01): edit its files in 2024-09-01/" in draft.stderr
    assert "published (" not in draft.stderr


def test_diff_works_on_a_fresh_draft_with_warnings(site: Site) -> None:
    site.run("new-version", "2024-09-01", as_of=TODAY, check=True)
    path = site.policy / "2024-09-01" / "fr" / "02-entree-en-vigueur.md"
    path.write_text(path.read_text(encoding="utf-8").replace("23 décembre 2023", "1er septembre 2024"))
    result = site.run("diff", SEED, "2024-09-01", as_of=TODAY)
    assert result.returncode == 0, result.stderr
    assert "[-23 décembre 2023.-]" in result.stdout or "{+1er" in result.stdout, result.stdout
    assert "1 modified" in result.stdout
    err = result.stderr
    assert "policy/2024-09-01/version.yml:9: warning: summary for 'fr' is missing or empty" in err
    assert "to fix before publishing (policy-archive check); the diff follows" in err
    assert "error" not in err and "unknown version" not in err
    assert f"policy/{SEED}/" not in err  # a published version's problems are not the editor's to fix here
    # check still refuses the draft: diff only relaxes its own reading.
    assert site.run("check", as_of=TODAY).returncode == 1


def test_check_counts_every_version_and_speaks_in_the_right_number(site: Site) -> None:
    one = site.run("check", as_of=TODAY)
    assert one.stderr.splitlines()[-1] == f"1 version checked as of {TODAY}: 0 errors, 2 warnings", one.stderr
    site.run("new-version", "2024-09-01", as_of=TODAY, check=True)  # summaries empty: it does not load
    two = site.run("check", as_of=TODAY)
    assert two.stderr.splitlines()[-1].startswith(f"2 versions checked as of {TODAY}: 2 errors, "), two.stderr
    meta = site.policy / "2024-09-01" / "version.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('fr: ""', "fr: Résumé.", 1))
    fixed = site.run("check", as_of=TODAY)
    assert f"2 versions checked as of {TODAY}: 1 error, " in fixed.stderr.splitlines()[-1], fixed.stderr
    assert "(s)" not in one.stderr + two.stderr + fixed.stderr


def test_notify_says_why_the_first_version_is_never_announced(site: Site, tmp_path) -> None:
    result = site.run("notify", "--version", SEED, "--dry-run", str(tmp_path / "out"), as_of=TODAY)
    assert result.returncode == 1
    assert f"version {SEED} is not announced: it is the first version, which changes nothing" in result.stderr
    assert "not significant" not in result.stderr and "Traceback" not in result.stderr
