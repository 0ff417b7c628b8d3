"""T5: a published text never changes in silence.

A commit made after a version took effect that changes its files is refused by `check` and by
`mkdocs build`, naming the file and the commit, unless version.yml declares it as a public
correction; a declared correction is shown on the version's page, in the archive, the feeds and
`versions.json`. Every test makes a real repository in a temp dir (never /work/main's).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import subprocess

import git
import pytest
import yaml
from conftest import Site
from gitrepo import append, commit, init_repo

SEED = "2023-12-23"
TEXT = f"policy/{SEED}/en/01-objectifs.md"
META = f"policy/{SEED}/version.yml"
REASON = {"fr": "Faute de frappe corrigée <b>&</b>.", "en": "Typo fixed <b>&</b>."}


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def declare(site: Site, date: str, commit_: str | None = None, reason: dict | None = None) -> None:
    """Add a correction to the seed's version.yml, as an editor would."""
    path = site.root / META
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry: dict = {"date": dt.date.fromisoformat(date), "reason": reason or REASON}
    if commit_:
        entry["commit"] = commit_
    meta.setdefault("corrections", []).append(entry)
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build(site: Site, as_of: str) -> subprocess.CompletedProcess:
    return site.mkdocs("build", "--strict", as_of=as_of)


@pytest.fixture
def repo(site: Site) -> git.Repo:
    """The site committed on 2024-01-10: its seed version, in force since 2023-12-23, imported then."""
    r = init_repo(site.root)
    commit(r, "Import the policy", "2024-01-10")
    return r


@pytest.fixture
def silent(site: Site, repo: git.Repo) -> git.Commit:
    """`git commit --no-verify` of an edit to the version in force, on 2024-08-01."""
    append(site.root / TEXT, "A sentence added afterwards.")
    return commit(repo, "Quietly edit the text in force", "2024-08-01")


def test_the_import_and_edits_before_the_effective_date_are_not_corrections(site: Site, repo: git.Repo) -> None:
    # The seed was committed after it took effect (imported later): its own commit changes nothing.
    assert site.run("check", as_of="2024-06-01").returncode == 0
    # A version edited while upcoming, then in force: only the edit made after it took effect counts.
    folder = site.add_version("2024-09-01", published="2024-06-01")
    commit(repo, "Version 2024-09-01", "2024-06-01")
    append(folder / "en" / "02-entree-en-vigueur.md", "Clarification.")
    append(folder / "fr" / "02-entree-en-vigueur.md", "Précision.")
    commit(repo, "Fix the upcoming version", "2024-07-01")
    result = site.run("check", as_of="2024-10-01")
    assert result.returncode == 0, result.stderr
    assert "public correction" not in result.stderr


def test_a_silent_change_is_refused_by_check_and_by_the_build(site: Site, silent: git.Commit) -> None:
    expected = (
        f"{TEXT}: error: edited in version {SEED} by commit {silent.hexsha[:7]} (2024-08-01), after the "
        f"version took effect on {SEED}, and not declared as a public correction"
    )
    result = site.run("check", as_of="2024-09-01")
    assert result.returncode == 1
    no_traceback(result)
    assert expected in result.stderr
    assert "under 'corrections:' (date: 2024-08-01" in result.stderr

    built = build(site, "2024-09-01")
    assert built.returncode != 0
    no_traceback(built)
    assert expected in built.stdout + built.stderr
    assert not (site.out / "index.html").exists()


def test_a_declared_correction_passes_and_is_shown_everywhere(site: Site, repo: git.Repo, silent: git.Commit) -> None:
    base = repo.commit("HEAD~1")
    declare(site, "2024-08-01")
    # The declaration itself changes only `corrections`: the pre-commit hook and CI accept it.
    repo.git.add("-A")
    staged = site.run("check", "--staged", as_of="2024-08-05")
    assert staged.returncode == 0, staged.stderr
    commit(repo, "Declare the correction", "2024-08-05")
    result = site.run("check", as_of="2024-09-01")
    assert result.returncode == 0, result.stderr
    ranged = site.run("check", "--range", f"{base.hexsha}..HEAD", as_of="2024-09-01")
    assert ranged.returncode == 0, ranged.stderr

    built = build(site, "2024-09-01")
    assert built.returncode == 0, built.stderr
    # Escaped (S1): the reason's markup shows as text; the page may write U+00A0 as &nbsp;.
    fr = "Corrigée le 1er août 2024\u00a0: Faute de frappe corrigée <b>&</b>."
    en = "Corrected on August 1, 2024: Typo fixed <b>&</b>."
    for page in (f"versions/{SEED}/", "versions/", ""):
        assert fr in html.unescape(site.html(page)), page
        assert en in html.unescape(site.html(f"en/{page}")), page
        assert "<b>&</b>" not in site.html(page) + site.html(f"en/{page}")
    assert fr in html.unescape((site.out / "feed.xml").read_text(encoding="utf-8"))
    assert en in html.unescape((site.out / "en" / "feed.xml").read_text(encoding="utf-8"))
    assert "<b>&</b>" not in (site.out / "feed.xml").read_text(encoding="utf-8")
    index = json.loads((site.out / "versions.json").read_text(encoding="utf-8"))
    fixes = index["versions"][0]["corrections"]
    assert {"date": "2024-08-01", "reason": REASON, "commit": None} in fixes


def test_a_correction_naming_its_commit_covers_that_commit_only(site: Site, repo: git.Repo, silent: git.Commit) -> None:
    append(site.root / TEXT, "Another sentence, the same day.")
    other = commit(repo, "A second quiet edit", "2024-08-01")
    declare(site, "2024-08-01", commit_=silent.hexsha[:8])
    result = site.run("check", as_of="2024-09-01")
    assert result.returncode == 1
    assert f"by commit {other.hexsha[:7]} (2024-08-01)" in result.stderr
    assert silent.hexsha[:7] not in result.stderr
    declare(site, "2024-08-01", commit_=other.hexsha[:7])
    assert site.run("check", as_of="2024-09-01").returncode == 0


def test_a_change_put_back_as_it_was_is_no_correction(site: Site, repo: git.Repo, silent: git.Commit) -> None:
    repo.git.revert("--no-edit", "HEAD")
    assert site.run("check", as_of="2024-09-01").returncode == 0
    assert build(site, "2024-09-01").returncode == 0


def test_an_uncommitted_change_is_fine_when_declared_for_today(site: Site, repo: git.Repo) -> None:
    append(site.root / TEXT, "A sentence added today.")
    assert site.run("check", as_of="2024-08-01").returncode == 1
    declare(site, "2024-08-01")
    result = site.run("check", as_of="2024-08-01")
    assert result.returncode == 0, result.stderr


def test_without_history_nothing_can_be_checked_and_check_says_so(site: Site) -> None:
    result = site.run("check", as_of="2024-06-01")
    assert result.returncode == 0, result.stderr
    assert "committed changes to versions in force not checked: not a git repository" in result.stderr


BAD = [
    ("- date: 20240801\n    reason: {fr: a, en: b}", "corrections[1]: 'date' is not a date: 20240801", 0),
    ("- date: 2024-08-01\n    reason: {fr: a}", "corrections[1]: the reason in 'en' is missing or not text", 1),
    ("- date: 2024-08-01\n    raison: {fr: a, en: b}", "corrections[1]: unknown key 'raison'", 1),
    ("- date: 2024-08-01\n    commit: xyz123\n    reason: {fr: a, en: b}", "corrections[1]: 'commit' must be", 1),
    (
        "- date: 2023-01-01\n    reason: {fr: a, en: b}",
        "corrections[1]: 'date' 2023-01-01 is before the version took effect (2023-12-23)",
        0,
    ),
    ("{date: 2024-08-01}", "'corrections' must be a list of corrections", -1),
]


@pytest.mark.parametrize(("entry", "message", "offset"), BAD)
def test_a_malformed_correction_names_its_line(site: Site, entry: str, message: str, offset: int) -> None:
    path = site.root / META
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("corrections:")]
    path.write_text(f"{head}corrections:\n  {entry}\n", encoding="utf-8")
    line = head.count("\n") + 2 + offset
    result = site.run("check", as_of="2024-06-01")
    assert result.returncode == 1
    no_traceback(result)
    assert f"{META}:{line}: error: {message}" in result.stderr
    built = build(site, "2024-06-01")
    assert built.returncode != 0
    no_traceback(built)
    assert f"{META}:{line}: error: {message}" in built.stdout + built.stderr
