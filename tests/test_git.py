"""Git history: published versions are immutable, provenance on the model and the page, fallbacks.

Every test makes a real repository in a temp dir (never /work/main's).
"""

from __future__ import annotations

import logging
import subprocess

import git
import pytest
from conftest import Site
from gitrepo import append, commit, init_repo, new_version
from policy_archive import git as history
from policy_archive.load import load_policy

SEED = "2023-12-23"
SECTION = f"policy/{SEED}/fr/01-objectifs.md"


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr


@pytest.fixture
def repo(site: Site) -> git.Repo:
    """The site committed on 2024-01-10 (its seed version, in force since 2023-12-23, imported then)."""
    r = init_repo(site.root)
    commit(r, "Import the policy", "2024-01-10")
    return r


# -- immutability: work tree and index ------------------------------------


def test_editing_a_published_version_is_refused_before_commit(site: Site, repo: git.Repo) -> None:
    seed_commit = repo.head.commit.hexsha[:7]
    append(site.root / SECTION, "Une phrase ajoutée après coup.")
    (site.policy / SEED / "en" / "99-extra.md").write_text("## 99. Extra\n\nNew.\n", encoding="utf-8")

    result = site.run("check", as_of="2024-06-01")
    assert result.returncode == 1
    no_traceback(result)
    err = result.stderr
    assert f"{SECTION}: error: edited in version {SEED}" in err
    assert f"published in commit {seed_commit} (2024-01-10)" in err
    assert "policy-archive new-version" in err
    assert f"policy/{SEED}/en/99-extra.md: error: added to version {SEED}" in err

    # --staged looks at what the next commit holds: nothing staged yet, nothing refused.
    staged = site.run("check", "--staged", as_of="2024-06-01")
    assert "edited in version" not in staged.stderr
    repo.git.add(SECTION)
    staged = site.run("check", "--staged", as_of="2024-06-01")
    assert staged.returncode == 1
    assert f"{SECTION}: error: edited in version {SEED}" in staged.stderr
    assert "99-extra.md: error: added to" not in staged.stderr  # untracked: not in the commit
    no_traceback(staged)


def test_deleting_a_file_of_a_published_version_is_refused(site: Site, repo: git.Repo) -> None:
    (site.policy / SEED / "fr" / "13-responsable.md").unlink()
    (site.policy / SEED / "en" / "13-responsable.md").unlink()
    result = site.run("check", as_of="2024-06-01")
    assert result.returncode == 1
    assert f"policy/{SEED}/fr/13-responsable.md: error: deleted from version {SEED}" in result.stderr


def test_a_new_version_passes_and_an_upcoming_one_may_be_fixed(site: Site, repo: git.Repo) -> None:
    folder = new_version(site.policy, "2024-09-01", published="2024-06-01")
    append(folder / "fr" / "01-objectifs.md", "Nouvelle phrase.")
    append(folder / "en" / "01-objectifs.md", "New sentence.")
    result = site.run("check", as_of="2024-06-01")
    assert result.returncode == 0, result.stderr
    commit(repo, "Version 2024-09-01", "2024-06-01")

    # An editorial fix of the upcoming version: fine until it takes effect.
    append(folder / "fr" / "01-objectifs.md", "Correction.")
    append(folder / "en" / "01-objectifs.md", "Fix.")
    assert site.run("check", as_of="2024-08-31").returncode == 0
    late = site.run("check", as_of="2024-09-01")
    assert late.returncode == 1
    assert "policy/2024-09-01/fr/01-objectifs.md: error: edited in version 2024-09-01" in late.stderr


def test_without_git_the_check_still_runs_and_says_why(site: Site) -> None:
    result = site.run("check", as_of="2024-06-01")
    assert result.returncode == 0, result.stderr
    assert "not checked for edits" in result.stderr and "not in a git repository" in result.stderr
    staged = site.run("check", "--staged", as_of="2024-06-01")
    assert staged.returncode == 1
    assert "not in a git repository" in staged.stderr
    no_traceback(staged)


# -- immutability: a range of commits (CI) ---------------------------------


def test_range_refuses_commits_that_edit_a_version_in_force(site: Site, repo: git.Repo) -> None:
    base = repo.head.commit
    folder = new_version(site.policy, "2024-09-01", published="2024-06-01")
    added = commit(repo, "Version 2024-09-01", "2024-06-01")
    append(folder / "fr" / "02-entree-en-vigueur.md", "Précision.")
    append(folder / "en" / "02-entree-en-vigueur.md", "Clarification.")
    fix = commit(repo, "Fix the upcoming version", "2024-07-01")  # upcoming: allowed
    append(site.root / SECTION, "Retouche interdite.")
    bad_seed = commit(repo, "Edit the seed", "2024-08-01")  # in force: refused
    append(folder / "en" / "02-entree-en-vigueur.md", "Too late.")
    append(folder / "fr" / "02-entree-en-vigueur.md", "Trop tard.")
    bad_new = commit(repo, "Edit 2024-09-01 after it took effect", "2024-09-02")

    ok = site.run("check", "--range", f"{base.hexsha}..{fix.hexsha}", as_of="2024-06-01")
    assert ok.returncode == 0, ok.stderr

    result = site.run("check", "--range", f"{base.hexsha}..HEAD", as_of="2024-10-01")
    assert result.returncode == 1
    no_traceback(result)
    err = result.stderr
    assert f"{SECTION}: error: edited in version {SEED}" in err
    assert f"published in commit {base.hexsha[:7]} (2024-01-10)" in err
    assert f"this change is commit {bad_seed.hexsha[:7]} (2024-08-01)" in err
    assert "policy/2024-09-01/en/02-entree-en-vigueur.md: error: edited in version 2024-09-01" in err
    assert f"published in commit {added.hexsha[:7]} (2024-06-01)" in err
    assert f"this change is commit {bad_new.hexsha[:7]} (2024-09-02)" in err
    assert fix.hexsha[:7] not in err

    # A newly pushed branch (GitHub's before = 0000…) checks its last commit only.
    zero = "0" * 40
    assert site.run("check", "--range", f"{zero}..{fix.hexsha}", as_of="2024-06-01").returncode == 0
    assert site.run("check", "--range", f"{zero}..{bad_seed.hexsha}", as_of="2024-06-01").returncode == 1


def test_a_merge_that_lands_after_the_effective_date_is_refused(site: Site, repo: git.Repo) -> None:
    """A fix written while the version was upcoming changes the text in force if merged too late."""
    new_version(site.policy, "2024-09-01", published="2024-06-01")
    base = commit(repo, "Version 2024-09-01", "2024-06-01")
    repo.git.checkout("-q", "-b", "fix")
    append(site.policy / "2024-09-01" / "fr" / "01-objectifs.md", "Correction.")
    append(site.policy / "2024-09-01" / "en" / "01-objectifs.md", "Fix.")
    commit(repo, "Fix while upcoming", "2024-08-01")
    repo.git.checkout("-q", "main")
    (site.root / "notes.txt").write_text("unrelated\n", encoding="utf-8")
    commit(repo, "Unrelated", "2024-08-15")
    repo.git.merge("--no-ff", "-q", "-m", "Merge fix", "fix", env={"GIT_COMMITTER_DATE": "2024-09-05T12:00:00-05:00"})
    result = site.run("check", "--range", f"{base.hexsha}..HEAD", as_of="2024-10-01")
    assert result.returncode == 1
    assert "policy/2024-09-01/fr/01-objectifs.md: error: edited in version 2024-09-01" in result.stderr
    assert f"this change is commit {repo.head.commit.hexsha[:7]} (2024-09-05)" in result.stderr


def test_range_with_an_unknown_revision_is_a_clear_error(site: Site, repo: git.Repo) -> None:
    result = site.run("check", "--range", "nosuchrev..HEAD")
    assert result.returncode == 1
    assert "unknown git revision 'nosuchrev'" in result.stderr and "fetch-depth: 0" in result.stderr
    bad = site.run("check", "--range", "HEAD")
    assert bad.returncode == 1 and "A..B" in bad.stderr
    no_traceback(result)
    no_traceback(bad)


# -- provenance -------------------------------------------------------------


def _policy(site: Site, as_of: str = "2024-10-01"):
    import datetime as dt

    policy, problems = load_policy(site.policy, ["fr", "en"], dt.date.fromisoformat(as_of))
    assert not [p for p in problems if p.level == "error"], problems
    return policy


def test_provenance_from_history(site: Site, repo: git.Repo) -> None:
    import datetime as dt

    seed = repo.head.commit
    folder = new_version(site.policy, "2024-09-01", published="2024-06-01")
    added = commit(repo, "Version 2024-09-01", "2024-06-01", author="Autre Personne")
    append(folder / "en" / "01-objectifs.md", "Fix.")
    commit(repo, "Editorial fix of the English before it takes effect", "2024-07-01")
    new_version(site.policy, "2025-01-01", published="2024-11-01")  # not committed

    policy = _policy(site)
    assert history.apply_provenance(policy, site.policy) is None
    v1, v2, v3 = policy.versions
    # The seed was imported into git after it took effect: git only knows the import.
    assert (v1.commit, v1.commit_author, v1.commit_date) == (seed.hexsha, "Éditrice Test", dt.date(2024, 1, 10))
    assert v1.updated == {} and v1.last_updated() == dt.date(2023, 12, 23)
    # Added in git before it took effect: the last commit that touched it is its last update.
    assert (v2.commit, v2.commit_author, v2.commit_date) == (added.hexsha, "Autre Personne", dt.date(2024, 6, 1))
    # Only the English text was fixed: each text keeps its own date, and the version (one legal
    # text in two languages, F2) was last updated by the later of the two, in both languages.
    assert v2.updated == {"fr": dt.date(2024, 6, 1), "en": dt.date(2024, 7, 1)}
    assert v2.text_updated("fr") == dt.date(2024, 6, 1) and v2.last_updated() == dt.date(2024, 7, 1)
    # Not committed yet: version.yml dates stand.
    assert v3.commit is None and v3.updated == {} and v3.last_updated() == dt.date(2024, 11, 1)


def test_provenance_reads_history_in_one_git_log(site: Site, repo: git.Repo, monkeypatch) -> None:
    """Hundreds of versions must not mean hundreds of git calls: count them (the calls really run)."""
    for month in range(1, 13):
        new_version(site.policy, f"2024-{month:02d}-15", published=f"2024-{month:02d}-01")
        commit(repo, f"Version 2024-{month:02d}-15", f"2024-{month:02d}-01")
    calls: list[tuple] = []
    real = git.cmd.Git.execute

    def counting(self, command, *args, **kwargs):
        calls.append(tuple(command))
        return real(self, command, *args, **kwargs)

    monkeypatch.setattr(git.cmd.Git, "execute", counting)
    policy = _policy(site, "2025-01-01")
    assert history.apply_provenance(policy, site.policy) is None
    assert all(v.commit for v in policy.versions)
    assert sum(1 for c in calls if "log" in c) == 1
    assert len(calls) <= 4, calls


def test_last_updated_on_the_built_policy_page(site: Site, repo: git.Repo) -> None:
    folder = new_version(site.policy, "2024-09-01", published="2024-06-01")
    commit(repo, "Version 2024-09-01", "2024-06-01")
    append(folder / "fr" / "01-objectifs.md", "Correction.")
    append(folder / "en" / "01-objectifs.md", "Fix.")
    commit(repo, "Editorial fix before it takes effect", "2024-07-01")
    site.build("2024-10-01")
    assert "Dernière mise à jour&nbsp;: 1er juillet 2024" in site.html("")
    assert "Last updated: July 1, 2024" in site.html("en/")


def test_one_last_updated_date_for_both_languages(site: Site, repo: git.Repo) -> None:
    """F2: a fix of the English text alone dates the version in French too (one text in two languages)."""
    folder = new_version(site.policy, "2024-09-01", published="2024-06-01")
    commit(repo, "Version 2024-09-01", "2024-06-01")
    append(folder / "en" / "01-objectifs.md", "Fix.")
    commit(repo, "Fix of the English before it takes effect", "2024-07-01")
    site.build("2024-10-01")
    assert "Dernière mise à jour&nbsp;: 1er juillet 2024" in site.html("")
    assert "Last updated: July 1, 2024" in site.html("en/")


# -- fallbacks: no history ---------------------------------------------------


def _reasons(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "not git" in r.getMessage()]


def test_no_git_build_falls_back_and_says_why_once(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    policy = _policy(site)
    reason = history.apply_provenance(policy, site.policy)
    assert reason and reason.startswith("not a git repository")
    assert all(v.commit is None and v.updated == {} for v in policy.versions)

    caplog.set_level(logging.INFO)
    site.build("2024-06-01")
    reasons = _reasons(caplog)
    assert len(reasons) == 1 and "not a git repository" in reasons[0]
    assert "Dernière mise à jour&nbsp;: 23 décembre 2023" in site.html("")


def test_shallow_clone_falls_back_and_says_why(site: Site, repo: git.Repo, tmp_path, caplog) -> None:
    new_version(site.policy, "2024-09-01", published="2024-06-01")
    commit(repo, "Version 2024-09-01", "2024-06-01")
    clone_dir = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{site.root}", str(clone_dir)], check=True, capture_output=True
    )
    clone = Site(clone_dir)
    boundary = git.Repo(clone_dir).head.commit.hexsha[:7]

    policy = _policy(clone)
    reason = history.apply_provenance(policy, clone.policy)
    assert reason == (
        f"shallow clone: history before commit {boundary} is missing; run git fetch --unshallow "
        "(in CI: actions/checkout with fetch-depth: 0)"
    )
    assert all(v.commit is None for v in policy.versions)

    caplog.set_level(logging.INFO)
    clone.build("2024-10-01")
    reasons = _reasons(caplog)
    assert len(reasons) == 1 and "shallow clone" in reasons[0]
    assert "Dernière mise à jour&nbsp;: 1er juin 2024" in clone.html("")  # published, from version.yml

    # In CI, a range that reaches past the cut says how to fix it.
    result = clone.run("check", "--range", "HEAD~1..HEAD")
    assert result.returncode == 1 and "shallow clone" in result.stderr
    no_traceback(result)


def test_versions_added_since_still_works(site: Site, repo: git.Repo) -> None:
    before = repo.head.commit.hexsha
    new_version(site.policy, "2024-09-01", published="2024-06-01")
    commit(repo, "Version 2024-09-01", "2024-06-01")
    assert history.versions_added_since(site.policy, before) == ["2024-09-01"]


def test_git_provenance_can_be_turned_off(site: Site, repo: git.Repo) -> None:
    """Content whose history is not its own (the demo) keeps version.yml's dates."""
    site.build("2024-10-01")
    assert "consignée dans l’historique du dépôt le" in site.html("versions/")
    assert "commit" not in site.html("versions/").lower()  # provenance in words, no commit id
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("notice_days: 30", "notice_days: 30\n      git_provenance: false"),
        encoding="utf-8",
    )
    site.build("2024-10-01")
    assert "consignée dans l’historique du dépôt" not in site.html("versions/")
    assert "Publiée le 23 décembre 2023" in site.html("versions/")
