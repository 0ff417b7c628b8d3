"""Translation drift (F2): a section changed in one language but not in the other is flagged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import Site
from gitrepo import append, commit, init_repo, new_version
from policy_archive.checks import translation_drift
from policy_archive.load import load_policy
from policy_archive.model import Policy, Section, Version

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


# --- drift over several versions, on hand-built policies (no files, no git) --------------

NAME = "03-consentement.md"
BASE = {
    "fr": "## 3. Consentement\n\nTexte A.\n",
    "en": "## 3. Consent\n\nText A.\n",
    "de": "## 3. Einwilligung\n\nText A.\n",
}


def _policy(*changes: dict[str, str], languages: tuple[str, ...] = ("fr", "en")) -> Policy:
    """Version 0 holds BASE; version i applies `changes[i - 1]` ({lang: sentence appended}) to version i - 1."""
    texts = {lang: BASE[lang] for lang in languages}
    versions = []
    for i, change in enumerate([{}, *changes]):
        texts = {lang: text + (f"\n{change[lang]}\n" if lang in change else "") for lang, text in texts.items()}
        vid = f"{2020 + i}-01-01"
        path = Path("/policy") / vid
        sections = {lang: [Section(NAME, lang, path / lang / NAME, text, "3.", 2, 1)] for lang, text in texts.items()}
        day = dt.date.fromisoformat(vid)
        versions.append(Version(vid, path, day, day, False, False, {}, sections))
    return Policy(versions, dt.date(2030, 1, 1), list(languages))


def _where(problems) -> list[tuple[str, str]]:
    """(stale file relative to /policy, the version named as unchanged since) of each warning."""
    return [(str(p.file.relative_to("/policy")), p.message.split(",")[0]) for p in problems]


def test_catching_up_one_version_later_does_not_flag_the_language_that_led() -> None:
    policy = _policy({"en": "New."}, {"fr": "Nouveau."})
    problems = translation_drift(policy)
    assert _where(problems) == [("2021-01-01/fr/03-consentement.md", "unchanged since version 2020-01-01")]
    assert "2021-01-01/en/03-consentement.md changed" in problems[0].message
    assert "'fr' translation may be out of date" in problems[0].message
    assert translation_drift(policy, only={"2022-01-01"}) == []  # caught up: nothing to say about the newest


def test_a_drift_is_reported_once_and_again_only_where_the_editor_looks() -> None:
    policy = _policy({"en": "New."}, {}, {"en": "Newer."})  # French never follows
    (problem,) = translation_drift(policy)
    assert _where([problem]) == [("2021-01-01/fr/03-consentement.md", "unchanged since version 2020-01-01")]
    (newest,) = translation_drift(policy, only={"2023-01-01"})
    assert _where([newest]) == [("2023-01-01/fr/03-consentement.md", "unchanged since version 2020-01-01")]
    assert "but 2023-01-01/en/03-consentement.md changed" in newest.message  # the latest change it missed
    (middle,) = translation_drift(policy, only={"2022-01-01", "2023-01-01"})
    assert "but 2021-01-01/en/03-consentement.md changed" in middle.message
    assert middle.file == Path("/policy/2022-01-01/fr/03-consentement.md")


def test_a_new_change_after_catching_up_is_a_new_drift() -> None:
    policy = _policy({"en": "New."}, {"fr": "Nouveau."}, {"fr": "Encore."})
    assert _where(translation_drift(policy)) == [
        ("2021-01-01/fr/03-consentement.md", "unchanged since version 2020-01-01"),
        ("2023-01-01/en/03-consentement.md", "unchanged since version 2021-01-01"),
    ]


def test_every_language_left_behind_is_named_once() -> None:
    policy = _policy({"fr": "Nouveau."}, {"en": "New."}, languages=("fr", "en", "de"))
    problems = translation_drift(policy)
    assert _where(problems) == [
        ("2021-01-01/en/03-consentement.md", "unchanged since version 2020-01-01"),
        ("2021-01-01/de/03-consentement.md", "unchanged since version 2020-01-01"),
    ]
    assert "'de' translation" in problems[1].message


def test_formatting_only_changes_are_not_drift() -> None:
    text = "## 3. Consentement\n\nUne phrase assez longue\nqui continue ici.\n\n- un\n- deux\n"
    reformatted = "## 3. Consentement   \r\n\r\n\r\nUne phrase assez longue qui continue ici.\r\n\r\n* un\r\n* deux\r\n"
    path = Path("/policy")
    versions = []
    for i, fr in enumerate([text, reformatted]):
        vid = f"{2020 + i}-01-01"
        sections = {
            "fr": [Section(NAME, "fr", path / vid / "fr" / NAME, fr, "3.", 2, 1)],
            "en": [Section(NAME, "en", path / vid / "en" / NAME, BASE["en"], "3.", 2, 1)],
        }
        day = dt.date.fromisoformat(vid)
        versions.append(Version(vid, path / vid, day, day, False, False, {}, sections))
    assert translation_drift(Policy(versions, dt.date(2030, 1, 1), ["fr", "en"])) == []


def test_drift_open_when_the_section_is_removed_ends_there(tmp_path) -> None:
    """Regression (a real history): English changed a section, French did not, then the section was removed."""
    import datetime as dt

    from policy_archive.checks import translation_drift
    from policy_archive.load import load_policy

    texts = {
        "2024-01-01": {"fr": "## A\n\nUn.\n", "en": "## A\n\nOne.\n"},
        "2024-02-01": {"fr": "## A\n\nUn.\n", "en": "## A\n\nOne, changed.\n"},
        "2024-03-01": None,
    }
    for vid, section in texts.items():
        folder = tmp_path / vid
        for lang in ("fr", "en"):
            (folder / lang).mkdir(parents=True)
            (folder / lang / "00-b.md").write_text("## B\n\nTexte.\n", encoding="utf-8")
            if section:
                (folder / lang / "01-a.md").write_text(section[lang], encoding="utf-8")
        (folder / "version.yml").write_text(
            f"effective: {vid}\npublished: {vid}\nsignificant: false\nsummary:\n  fr: x\n  en: x\n", encoding="utf-8"
        )
    policy, problems = load_policy(tmp_path, ["fr", "en"], dt.date(2024, 6, 1))
    assert not [p for p in problems if p.level == "error"]
    warnings = translation_drift(policy)
    assert len(warnings) == 1 and str(warnings[0].file).endswith("2024-02-01/fr/01-a.md")
    assert translation_drift(policy, only=["2024-03-01"]) == []
