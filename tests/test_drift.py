"""Translation drift (F2): a section changed in one language but not in the other is flagged."""

from __future__ import annotations

import datetime as dt

from conftest import Site
from gitrepo import append, commit, init_repo, new_version
from policy_archive.checks import translation_drift
from policy_archive.load import load_policy

NEW = "2024-09-01"
FR = f"policy/{NEW}/fr/03-consentement.md"
EN = f"policy/{NEW}/en/03-consentement.md"


def _drift(site: Site, only=None):
    policy, problems = load_policy(site.policy, ["fr", "en"], dt.date(2024, 6, 1))
    assert not [p for p in problems if p.level == "error"], problems
    return translation_drift(policy, only=only)


def test_a_change_in_one_language_only_warns_and_names_both_files(site: Site) -> None:
    folder = new_version(site.policy, NEW, published="2024-06-01")
    append(folder / "fr" / "03-consentement.md", "Vous pouvez retirer votre consentement en tout temps.")
    (warning,) = _drift(site)
    assert warning.level == "warning"
    assert warning.file == folder / "en" / "03-consentement.md"
    assert f"{NEW}/fr/03-consentement.md changed" in warning.message
    assert "'en' translation may be out of date" in warning.message

    result = site.run("check", as_of="2024-06-01")
    assert result.returncode == 0, result.stderr
    assert f"{EN}: warning: unchanged since version 2023-12-23, but {NEW}/fr/03-consentement.md changed" in (
        result.stderr
    )
    strict = site.run("check", "--strict", as_of="2024-06-01")
    assert strict.returncode == 1


def test_the_french_is_flagged_when_only_the_english_changed(site: Site) -> None:
    folder = new_version(site.policy, NEW, published="2024-06-01")
    append(folder / "en" / "03-consentement.md", "You may withdraw consent at any time.")
    (warning,) = _drift(site)
    assert warning.file == folder / "fr" / "03-consentement.md"
    assert "'fr' translation may be out of date" in warning.message


def test_both_languages_changed_or_whitespace_only_is_not_drift(site: Site) -> None:
    folder = new_version(site.policy, NEW, published="2024-06-01")
    append(folder / "fr" / "03-consentement.md", "Nouvelle phrase.")
    append(folder / "en" / "03-consentement.md", "New sentence.")
    en_path = folder / "en" / "04-objectifs-collecte.md"
    en_path.write_text(en_path.read_text(encoding="utf-8") + "\n\n   \n", encoding="utf-8")
    assert _drift(site) == []


def test_only_the_versions_being_worked_on_are_checked(site: Site) -> None:
    folder = new_version(site.policy, NEW, published="2024-06-01")
    append(folder / "fr" / "03-consentement.md", "Nouvelle phrase.")
    assert _drift(site, only={"2023-12-23"}) == []
    assert len(_drift(site, only={NEW})) == 1


def test_drift_in_an_old_committed_version_is_not_repeated_forever(site: Site) -> None:
    """Once a version is in force and committed, its drift cannot be fixed in place: check stays quiet."""
    repo = init_repo(site.root)
    folder = new_version(site.policy, NEW, published="2024-06-01")
    append(folder / "fr" / "03-consentement.md", "Nouvelle phrase.")
    commit(repo, "Version with drift", "2024-06-01")
    upcoming = site.run("check", as_of="2024-06-01")
    assert f"{EN}: warning" in upcoming.stderr  # still upcoming: fix it now
    later = site.run("check", as_of="2024-10-01")
    assert later.returncode == 0
    assert "translation may be out of date" not in later.stderr
