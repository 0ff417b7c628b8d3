"""`policy-archive import`: generated git histories (tests/import_history.py: one in step, one whose
translations lag and differ in structure) and dated files become version folders that round-trip to the
source texts, keep section names and pass `check`; sections without counterpart are joined and reported."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import git
import pytest
from click.testing import CliRunner, Result
from conftest import REPO, copy_site
from import_history import (
    GLOSSARY,
    LEAD_DAYS,
    NOTICE,
    RENAMED,
    START,
    TZ,
    UNEVEN_DAYS,
    UNEVEN_START,
    make_policy_repo,
    make_uneven_repo,
    version_days,
)
from policy_archive.cli import main
from policy_archive.importer import (
    ImportFailed,
    Origin,
    Text,
    Unpaired,
    pair,
    parse_date,
    plan,
    slugify,
    split,
    validate,
)
from policy_archive.problems import errors
from policy_archive.source import normalise

AS_OF = "2024-06-01"
PATHS = ["--path", "fr=politique.fr.md", "--path", "en=privacy.en.md"]
DATE_PATTERN = r"^(?:Dernière mise à jour :|Last updated:) (?P<date>.+)$"


def empty_site(root: Path) -> Path:
    """A copy of the repository's site without its policy versions; returns its mkdocs.yml."""
    site = copy_site(REPO, root)
    shutil.rmtree(site.policy)
    site.policy.mkdir()
    return site.root / "mkdocs.yml"


def run(yml: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-f", str(yml), "--as-of", AS_OF, *args])


def assert_refused(result: Result, *texts: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for text in texts:
        assert text in result.stderr, result.stderr


def files(version: Path, lang: str) -> list[str]:
    return sorted(p.name for p in (version / lang).glob("*.md"))


def joined(version: Path, lang: str) -> str:
    return "".join((version / lang / name).read_text(encoding="utf-8") for name in files(version, lang))


def stems(names: list[str]) -> list[str]:
    return [name.split("-", 1)[1] for name in names]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> git.Repo:
    return make_policy_repo(tmp_path_factory.mktemp("history") / "repo")


@pytest.fixture(scope="module")
def imported(history: git.Repo, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    yml = empty_site(tmp_path_factory.mktemp("imported") / "site")
    result = run(yml, "import", "git", history.working_tree_dir, *PATHS)
    assert result.exit_code == 0, result.output
    return yml.parent / "policy", result


def text_on(repo: git.Repo, day: dt.date, lang: str) -> str:
    """The source file of `lang` as it stood at the end of `day` (Montreal), normalised: the reference."""
    last = next(c for c in repo.iter_commits("main") if c.committed_datetime.astimezone(TZ).date() <= day)
    for name in (f"privacy.{lang}.md", f"politique.{lang}.md"):
        try:
            return normalise((last.tree / name).data_stream.read().decode("utf-8"))
        except KeyError:
            continue
    raise AssertionError(f"no {lang} file at {day}")


# --- the git history ---------------------------------------------------------------


def test_one_version_per_day_a_text_changed(imported: tuple[Path, Result]) -> None:
    policy, result = imported
    ids = sorted(p.name for p in policy.iterdir())
    assert ids == [d.isoformat() for d in version_days(30)]
    assert len(ids) == 25
    assert f"{len(ids)} versions:" in result.stdout
    # day 0: French only, reported; day 31: README only, absent; day 38: two commits, one version
    assert f"{START} " in result.stdout.split("before every language has a text")[1]
    assert (START + dt.timedelta(days=31)).isoformat() not in ids
    assert "same-day changes collapsed" in result.stdout


def test_same_day_commits_collapse_to_the_last(imported: tuple[Path, Result], history: git.Repo) -> None:
    policy, result = imported
    day = START + dt.timedelta(days=38)
    last, first = [c for c in history.iter_commits("main") if c.committed_datetime.astimezone(TZ).date() == day]
    assert f"{day}  fr: {first.hexsha[:7]} -> {last.hexsha[:7]} kept" in result.stdout
    meta = (policy / day.isoformat() / "version.yml").read_text(encoding="utf-8")
    assert first.hexsha[:7] in meta and last.hexsha[:7] in meta
    assert "second change of the day" in meta


def test_unchanged_texts_make_no_version(imported: tuple[Path, Result], history: git.Repo) -> None:
    policy, result = imported
    identical = result.stdout.split("identical to the previous version")[1].split("before every language")[0]
    for days in (52, 59):  # git mv, then CRLF line endings: same text once normalised
        day = START + dt.timedelta(days=days)
        assert not (policy / day.isoformat()).exists()
        sha = next(c for c in history.iter_commits("main") if c.committed_datetime.astimezone(TZ).date() == day)
        assert f"commit {sha.hexsha[:7]}, text unchanged" in identical


def test_every_version_joins_back_into_its_source_text(imported: tuple[Path, Result], history: git.Repo) -> None:
    policy, _ = imported
    for version in sorted(policy.iterdir()):
        day = dt.date.fromisoformat(version.name)
        for lang in ("fr", "en"):
            assert joined(version, lang) == text_on(history, day, lang), f"{version.name}/{lang}"
        assert files(version, "fr") == files(version, "en")
    # carried forward: on day 17 only the French text changed
    day17 = policy / (START + dt.timedelta(days=17)).isoformat()
    day10 = policy / (START + dt.timedelta(days=10)).isoformat()
    assert joined(day17, "en") == joined(day10, "en") and joined(day17, "fr") != joined(day10, "fr")


def test_the_markdown_comes_through_intact(imported: tuple[Path, Result]) -> None:
    version = imported[0] / version_days()[0].isoformat()
    names = files(version, "fr")
    assert names[0] == "00-preambule.md"
    preamble = (version / "fr" / names[0]).read_text(encoding="utf-8")
    assert preamble.startswith("Dernière mise à jour :") and "#" not in preamble
    assert (
        (version / "fr" / "01-objet.md")
        .read_text(encoding="utf-8")
        .startswith("## 1. Objet de la politique {: #objet }\n")
    )
    setext = (version / "en" / "03-utilisation-des-renseignements.md").read_text(encoding="utf-8")
    assert setext.startswith("How we use information\n" + "-" * 22 + "\n")
    anchored = (version / "fr" / "05-conservation-des-renseignements.md").read_text(encoding="utf-8")
    assert anchored.startswith('<a id="duree"></a>\n## 5. Conservation des renseignements\n')


def test_names_are_stable_across_a_heading_rename(imported: tuple[Path, Result]) -> None:
    policy, result = imported
    before, after = (policy / (START + dt.timedelta(days=d)).isoformat() for d in (38, 45))
    assert files(before, "fr") == files(after, "fr")
    name = "06-conservation-des-renseignements.md"
    assert RENAMED[0] in (before / "fr" / name).read_text(encoding="utf-8")
    assert RENAMED[1] in (after / "fr" / name).read_text(encoding="utf-8")
    renamed = result.stdout.split("headings changed, file name kept:")[1].split("same-day")[0]
    assert f"{after.name}  conservation-des-renseignements  fr: «6. {RENAMED[0]}» -> «6. {RENAMED[1]}»" in renamed
    assert len(renamed.strip().splitlines()) == 2  # fr and en; renumbering alone is no rename


def test_names_are_stable_through_a_file_rename(imported: tuple[Path, Result]) -> None:
    policy, _ = imported
    before, after = (policy / (START + dt.timedelta(days=d)).isoformat() for d in (45, 66))
    assert [s for s in stems(files(before, "fr")) if s != "transfert-hors-du-quebec.md"] == stems(files(after, "fr"))
    assert files(after, "fr") == [
        "00-preambule.md",
        "01-objet.md",
        "02-temoins-cookies.md",
        "03-renseignements-collectes.md",
        "04-utilisation-des-renseignements.md",
        "05-conservation-des-renseignements.md",
        "06-vos-droits.md",
        "07-nous-joindre.md",
    ]
    last = policy / version_days()[-1].isoformat()
    assert stems(files(last, "fr")) == stems(files(after, "fr"))


def test_numbers_follow_the_order_after_an_insertion(imported: tuple[Path, Result]) -> None:
    policy, _ = imported
    before, after = (policy / (START + dt.timedelta(days=d)).isoformat() for d in (18, 24))
    old, new = files(before, "fr"), files(after, "fr")
    assert stems(new) == [stems(old)[0], stems(old)[1], "temoins-cookies.md", *stems(old)[2:]]
    assert [n.split("-", 1)[0] for n in new] == [f"{i:02d}" for i in range(len(new))]


def test_version_yml_says_where_the_text_came_from(imported: tuple[Path, Result], history: git.Repo) -> None:
    policy, _ = imported
    import yaml

    day = START + dt.timedelta(days=24)
    meta = yaml.safe_load((policy / day.isoformat() / "version.yml").read_text(encoding="utf-8"))
    sha = next(c for c in history.iter_commits("main") if c.committed_datetime.astimezone(TZ).date() == day)
    assert meta["effective"] == meta["published"] == day
    assert meta["significant"] is True and meta["reduces_rights"] is False
    assert meta["summary"]["en"].startswith(
        f"Version imported from commit {sha.hexsha[:7]} (“Add a section on cookies”)."
    )
    assert meta["summary"]["fr"].startswith(
        f"Version importée du commit {sha.hexsha[:7]} (« Add a section on cookies »)."
    )
    assert "not assessed" in meta["summary"]["en"]


def test_the_imported_policy_passes_check(imported: tuple[Path, Result]) -> None:
    policy, _ = imported
    result = run(policy.parent / "mkdocs.yml", "check")
    assert result.exit_code == 0, result.output
    assert "25 versions checked" in result.stderr and " 0 errors" in result.stderr


def test_dry_run_writes_nothing(history: git.Repo, tmp_path: Path) -> None:
    yml = empty_site(tmp_path / "site")
    result = run(yml, "import", "git", history.working_tree_dir, *PATHS, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "25 versions:" in result.stdout and "dry run: nothing written" in result.stdout
    assert list((yml.parent / "policy").iterdir()) == []


def test_existing_versions_are_refused_without_force(imported: tuple[Path, Result], history: git.Repo) -> None:
    policy, _ = imported
    first = policy / version_days()[0].isoformat()
    marker = first / "fr" / "99-mine.md"
    marker.write_text("## Mine\n", encoding="utf-8")
    try:
        result = run(policy.parent / "mkdocs.yml", "import", "git", history.working_tree_dir, *PATHS)
        assert_refused(result, "already has 25 versions", "25 of them would be replaced", "--force")
        assert marker.exists()
        result = run(policy.parent / "mkdocs.yml", "import", "folder", str(policy.parent / "nowhere"))
        assert_refused(result, "nowhere: not a folder")
    finally:
        marker.unlink()


def test_force_replaces_a_version_and_says_so(history: git.Repo, tmp_path: Path) -> None:
    yml = empty_site(tmp_path / "site")
    policy = yml.parent / "policy"
    stale = policy / version_days()[0].isoformat() / "fr" / "42-stale.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("## Stale\n", encoding="utf-8")
    result = run(yml, "import", "git", history.working_tree_dir, *PATHS, "--force")
    assert result.exit_code == 0, result.output
    assert f"{version_days()[0]}: replaced" in result.stdout
    assert not stale.exists()


def test_date_pattern_dates_versions_by_their_text(history: git.Repo, tmp_path: Path) -> None:
    yml = empty_site(tmp_path / "site")
    result = run(yml, "import", "git", history.working_tree_dir, *PATHS, "--date-pattern", DATE_PATTERN)
    assert result.exit_code == 0, result.output
    ids = sorted(p.name for p in (yml.parent / "policy").iterdir())
    assert ids == [(d + dt.timedelta(days=LEAD_DAYS)).isoformat() for d in version_days()]
    assert run(yml, "check").exit_code == 0


# --- what is refused, by name --------------------------------------------------------


def test_bad_sources_get_clear_messages(history: git.Repo, tmp_path: Path) -> None:
    yml = empty_site(tmp_path / "site")
    repo = history.working_tree_dir
    cases = [
        (["git", str(tmp_path), *PATHS], ["not a git repository"]),
        (["git", repo, "--path", "fr=missing.md", "--path", "en=privacy.en.md"], ["missing.md: not found", "HEAD"]),
        (["git", repo, *PATHS, "--rev", "nope"], ["unknown revision 'nope'"]),
        (["git", repo, *PATHS, "--date-pattern", "(unclosed"], ["not a valid regular expression"]),
        (["git", repo, "--path", "fr=politique.fr.md"], ["no --path for en"]),
    ]
    first = next(iter(reversed(list(history.iter_commits("main")))))
    cases.append(
        (["git", repo, *PATHS, "--date-pattern", r"Effective: (.+)"], [f"commit {first.hexsha[:7]}", "matches nothing"])
    )
    for args, texts in cases:
        result = run(yml, "import", *args)
        assert result.exit_code in (1, 2), (args, result.output)
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
        for text in texts:
            assert text in result.stderr, (args, result.stderr)
    assert list((yml.parent / "policy").iterdir()) == []


def test_a_file_that_is_not_utf8_names_its_commit(tmp_path: Path) -> None:
    repo = git.Repo.init(tmp_path / "repo", initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Test").set_value("user", "email", "t@example.com")
    (tmp_path / "repo" / "fr.md").write_bytes("## Données\n\nÉté.\n".encode("latin-1"))
    (tmp_path / "repo" / "en.md").write_bytes(b"## Data\n\nSummer.\n")
    repo.git.add("-A")
    sha = repo.index.commit("latin-1").hexsha[:7]
    yml = empty_site(tmp_path / "site")
    result = run(yml, "import", "git", str(tmp_path / "repo"), "--path", "fr=fr.md", "--path", "en=en.md")
    assert_refused(result, f"fr.md in commit {sha}: not valid UTF-8 (line 1)")


def test_a_language_without_any_heading_is_not_paired(tmp_path: Path) -> None:
    source = tmp_path / "texts"
    source.mkdir()
    (source / "2021-03-01.fr.md").write_text("## Un\n\nx\n\n## Deux\n\ny\n", encoding="utf-8")
    (source / "2021-03-01.en.md").write_text("One long text, no heading.\n", encoding="utf-8")
    result = run(empty_site(tmp_path / "site"), "import", "folder", str(source))
    assert_refused(
        result,
        "version 2021-03-01: the languages' sections cannot be paired (en has no section heading)",
        "fr (file 2021-03-01.fr.md): 2: Un | Deux",
        "en (file 2021-03-01.en.md): 1: (preamble)",
    )


# --- the folder source -------------------------------------------------------------


def test_folder_of_dated_files(tmp_path: Path) -> None:
    source = tmp_path / "texts"
    source.mkdir()
    fr = '# Politique\n\nIntro.\n\n## 1. Collecte\n\nNous collectons.\n\n<a id="contact"></a>\n## 2. Contact\n\nÉcrivez.\n'
    en = '# Policy\n\nIntro.\n\n## 1. Collection\n\nWe collect.\n\n<a id="contact"></a>\n## 2. Contact\n\nWrite.\n'
    (source / "2021-03-01.fr.md").write_bytes(("\ufeff" + fr).replace("\n", "\r\n").encode())
    (source / "2021-03-01.en.md").write_text(en, encoding="utf-8")
    (source / "2021-04-01.fr.md").write_text(fr.replace("Écrivez.", "Écrivez-nous."), encoding="utf-8")
    (source / "2021-05-01.en.md").write_text(en, encoding="utf-8")  # identical: no version
    (source / "README.txt").write_text("notes\n", encoding="utf-8")
    yml = empty_site(tmp_path / "site")
    result = run(yml, "import", "folder", str(source))
    assert result.exit_code == 0, result.output
    policy = yml.parent / "policy"
    assert sorted(p.name for p in policy.iterdir()) == ["2021-03-01", "2021-04-01"]
    assert "README.txt: ignored" in result.stdout and "2021-05-01  (en: file 2021-05-01.en.md" in result.stdout
    # the anchor line's id is taken: the file name may not give the section the same anchor
    assert files(policy / "2021-03-01", "fr") == ["00-preambule.md", "01-collecte.md", "02-contact-2.md"]
    assert joined(policy / "2021-03-01", "fr") == fr  # BOM and CRLF normalised, nothing else
    assert joined(policy / "2021-04-01", "en") == en  # carried forward
    assert run(yml, "check").exit_code == 0


# --- the rules, one by one ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Intro\n\n## A\n\na\n\n## B\nb", ["Intro\n\n", "## A\n\na\n\n", "## B\nb"]),
        ("\n\n## A\na\n## B\nb\n", ["\n\n## A\na\n", "## B\nb\n"]),  # blank lines join the first section
        ("# T\n\nt\n\n## A\n\n### a1\n\n## B\n", ["# T\n\nt\n\n", "## A\n\n### a1\n\n", "## B\n"]),
        ("Updated\n\n# T\n\n## A\n\n## B\n", ["Updated\n\n", "# T\n\n", "## A\n\n", "## B\n"]),
        ('x\n\n<!-- c -->\n<a id="a"></a>\n## A {: #a }\n', ["x\n\n", '<!-- c -->\n<a id="a"></a>\n## A {: #a }\n']),
        ("A\n=\n\nB\n-\n\nb\n\nC\n-\nc", ["A\n=\n\n", "B\n-\n\nb\n\n", "C\n-\nc"]),  # setext
        ("## A\n\n```\n## not\n```\n\n## B\n", ["## A\n\n```\n## not\n```\n\n", "## B\n"]),
        ("## A\ntext\nglued\n---\n## B\n", ["## A\ntext\nglued\n---\n", "## B\n"]),
        ("No heading at all.\n", ["No heading at all.\n"]),
        ("## A\n\na\n\n##\n\nb\n", ["## A\n\na\n\n##\n\nb\n"]),  # an empty heading cannot start a file
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert [c.text for c in split(text)] == expected


def test_dates_and_slugs() -> None:
    for text in ("2021-03-01", "1er mars 2021", "1 March 2021", "March 1, 2021", "Mar. 1st, 2021", "1\u202fmars 2021"):
        assert parse_date(text) == dt.date(2021, 3, 1), text
    assert parse_date("12 février 2020") == parse_date("12 fevrier 2020") == dt.date(2020, 2, 12)
    assert parse_date("01/03/2021", "%d/%m/%Y") == dt.date(2021, 3, 1)
    with pytest.raises(ValueError, match="unknown month"):
        parse_date("1 brumaire 2021")
    assert slugify("1. Objectifs de la politique de confidentialité") == "objectifs-de-la-politique"
    assert slugify("Témoins (cookies)") == "temoins-cookies" and slugify("!!!") == "section"
    assert issubclass(ImportFailed, ValueError)


def names(texts: list[str]) -> list[list[str]]:
    """The file names `plan` gives a one-language history, one text a day."""
    dated = [Text("fr", dt.date(2021, 1, n), t, (Origin("file", f"{n}.md"),)) for n, t in enumerate(texts, 1)]
    return [[name for name, _ in v.files["fr"]] for v in plan({"fr": dated}, ["fr"]).versions]


def test_the_rename_rule() -> None:
    body = "\n\nWe keep your information for two years, then delete it safely.\n\n"
    v1 = "## 1. Retention" + body + "## 2. Rights\n\nAsk us.\n"
    reworded = body.replace("two years", "three years")
    # same place, body mostly the same: the name stays
    assert names([v1, "## 1. How long we keep it" + reworded + "## 2. Rights\n\nAsk us.\n"])[1][0] == "01-retention.md"
    # same place, another text: a new section
    other = "## 1. Cookies\n\nWe use none.\n\n## 2. Rights\n\nAsk us.\n"
    assert names([v1, other])[1] == ["01-cookies.md", "02-rights.md"]
    # moved and retitled, same words: the name follows
    moved = "## 1. Rights\n\nAsk us.\n\n## 2. Keeping" + body
    assert names([v1, moved])[1] == ["01-rights.md", "02-retention.md"]
    # renumbered only: not even a rename; duplicates get -2
    assert names(["## 1. A\n\nx\n\n## 2. A\n\ny\n"]) == [["01-a.md", "02-a-2.md"]]


def test_a_merged_branch_counts_on_the_day_it_was_merged(tmp_path: Path) -> None:
    repo = git.Repo.init(tmp_path / "repo", initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Test").set_value("user", "email", "t@example.com")

    def commit(day: int, files: dict[str, str], message: str) -> None:
        for name, text in files.items():
            (tmp_path / "repo" / name).write_text(text, encoding="utf-8")
        repo.git.add("-A")
        when = dt.datetime(2021, 1, day, 12, tzinfo=TZ)
        repo.index.commit(message, author_date=when, commit_date=when)

    commit(5, {"fr.md": "## A\n\nun\n", "en.md": "## A\n\none\n"}, "first")
    repo.git.checkout("-b", "draft")
    commit(10, {"fr.md": "## A\n\ndeux\n", "en.md": "## A\n\ntwo\n"}, "drafted on a branch")
    repo.git.checkout("main")
    commit(12, {"other.txt": "x\n"}, "something else")
    repo.git.merge("--no-ff", "draft", "-m", "merge the draft", env={"GIT_COMMITTER_DATE": "2021-01-20T12:00:00-05:00"})
    yml = empty_site(tmp_path / "site")
    result = run(yml, "import", "git", str(tmp_path / "repo"), "--path", "fr=fr.md", "--path", "en=en.md")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (yml.parent / "policy").iterdir()) == ["2021-01-05", "2021-01-20"]


# --- translations out of step (tests/import_history.py, make_uneven_repo) ---------------------

UNEVEN_PATHS = ["--path", "fr=carnet.fr.md", "--path", "en=carnet.en.md"]
UNEVEN_NAMES = [
    "00-preambule.md",
    "01-renseignements-que-nous-recueillons.md",
    "02-utilisation-des-renseignements.md",
    "03-communication-a-des-tiers.md",
    "04-vos-droits.md",
]


def uneven_day(n: int) -> str:
    return (UNEVEN_START + dt.timedelta(days=n)).isoformat()


@pytest.fixture(scope="module")
def uneven(tmp_path_factory: pytest.TempPathFactory) -> tuple[git.Repo, Path, Result]:
    repo = make_uneven_repo(tmp_path_factory.mktemp("uneven") / "repo")
    yml = empty_site(tmp_path_factory.mktemp("uneven-site") / "site")
    result = run(yml, "import", "git", repo.working_tree_dir, *UNEVEN_PATHS)
    assert result.exit_code == 0, result.output
    return repo, yml.parent / "policy", result


def test_sections_without_counterpart_are_joined_and_reported(uneven: tuple[git.Repo, Path, Result]) -> None:
    _, policy, result = uneven
    assert sorted(p.name for p in policy.iterdir()) == [uneven_day(d) for d in UNEVEN_DAYS]
    after = result.stdout.split("joined to a neighbouring section:\n")[1].splitlines()
    block = list(itertools.takewhile(lambda line: line.startswith("  "), after))
    notice = "fr section «{}» joined to «1. Renseignements que nous recueillons» (en has no counterpart)"
    glossary = f"en section «{GLOSSARY}» joined to «4. Your rights» (fr has no counterpart)"
    third = "fr section «3. Communication à des tiers» joined to «2. Utilisation des renseignements»"
    third += " (en has no counterpart)"
    assert [line.strip() for line in block] == [
        f"version {uneven_day(0)}: {notice.format(NOTICE[0])}",
        f"version {uneven_day(7)}: {notice.format(NOTICE[0])}",  # the French text carried forward
        f"version {uneven_day(21)}: {glossary}",
        f"version {uneven_day(28)}: {third}",
        f"version {uneven_day(28)}: {glossary}",
        f"version {uneven_day(42)}: {notice.format(NOTICE[1])}",  # same counts, shifted
        f"version {uneven_day(42)}: {glossary}",
    ]
    assert "headings changed" not in result.stdout  # a joined file is known by the section both languages have


def test_joined_versions_round_trip_and_keep_their_names(uneven: tuple[git.Repo, Path, Result]) -> None:
    repo, policy, _ = uneven
    for n in UNEVEN_DAYS:
        version = policy / uneven_day(n)
        last = next(
            c
            for c in repo.iter_commits("main")
            if c.committed_datetime.astimezone(TZ).date().isoformat() <= version.name
        )
        for lang in ("fr", "en"):
            source = (last.tree / f"carnet.{lang}.md").data_stream.read().decode("utf-8")
            assert joined(version, lang) == source, f"{version.name}/{lang}"
        assert files(version, "fr") == files(version, "en"), version.name
        if n != 28:
            assert files(version, "fr") == UNEVEN_NAMES, version.name
    # section 3 joined to 2 in both languages: the others keep their names, numbered in order
    assert stems(files(policy / uneven_day(28), "fr")) == [stems(UNEVEN_NAMES)[i] for i in (0, 1, 2, 4)]
    first = policy / uneven_day(0) / "fr" / UNEVEN_NAMES[1]
    assert first.read_text(encoding="utf-8").startswith(f"## {NOTICE[0]}\n")  # a joined file starts with its heading
    assert "\n## 1. Renseignements que nous recueillons\n" in first.read_text(encoding="utf-8")
    slipped = (policy / uneven_day(28) / "en" / UNEVEN_NAMES[2]).read_text(encoding="utf-8")
    assert slipped.startswith("## 2. How we use information\n") and "\n### 3. Sharing with third parties\n" in slipped


def test_joined_versions_pass_check(uneven: tuple[git.Repo, Path, Result]) -> None:
    _, policy, _ = uneven
    result = run(policy.parent / "mkdocs.yml", "check")
    assert result.exit_code == 0, result.output
    assert f"{len(UNEVEN_DAYS)} versions checked" in result.stderr and " 0 errors" in result.stderr


def test_pairing_three_languages() -> None:
    fr = "Intro.\n\n## Avis\n\nnote\n\n## 1. Un\n\n<https://a.example>\n\n## 2. Deux\n\nb@c.example\n"
    en = "Intro.\n\n## 1. One\n\n<https://a.example>\n\n## 2. Two\n\nb@c.example\n\n## End\n\nbye\n"
    de = "Einleitung.\n\n## 1. Eins\n\n<https://a.example>\n\n## Zusatz\n\nmehr\n\n## 2. Zwei\n\nb@c.example\n"
    texts = {"fr": fr, "en": en, "de": de}
    paired, joins = pair({lang: split(text) for lang, text in texts.items()}, ["fr", "en", "de"])
    assert [str(j) for j in joins] == [
        "fr section «Avis» joined to «1. Un» (en has no counterpart)",  # after the preamble: to the next one
        "en section «End» joined to «2. Two» (fr has no counterpart)",
        "de section «Zusatz» joined to «1. Eins» (fr and en have no counterpart)",
    ]
    for lang, text in texts.items():
        assert len(paired[lang]) == 3 and "".join(c.text for c in paired[lang]) == text
    assert paired["fr"][1].text.startswith("## Avis") and paired["fr"][1].title == "1. Un"
    # a text before the first heading is never joined: facing a single section, nothing can pair
    with pytest.raises(Unpaired, match=r"fr has text before its first heading.*while de has one section"):
        pair({lang: split(text) for lang, text in {"fr": fr, "de": "## 1. Eins\n\nalles\n"}.items()}, ["fr", "de"])


def test_a_joined_section_does_not_keep_a_name_its_ids_would_clash_with(tmp_path: Path) -> None:
    one = "## B {: #b }\n\nb\n\n## C\n\nc\n"
    days = [dt.date(2021, 1, 1), dt.date(2021, 2, 1)]

    def text(lang: str, day: dt.date, body: str) -> Text:
        return Text(lang, day, body, (Origin("file", f"{day}.{lang}.md"),))

    texts = {
        "fr": [text("fr", days[0], one), text("fr", days[1], "## X\n\nx\n\n" + one)],
        "en": [text("en", days[0], one)],
    }
    result = plan(texts, ["fr", "en"])
    assert [[name for name, _ in v.files["fr"]] for v in result.versions] == [
        ["01-b.md", "02-c.md"],
        ["01-b-2.md", "02-c.md"],
    ]
    assert result.joined == [f"version {days[1]}: fr section «X» joined to «B» (en has no counterpart)"]
    assert not errors(validate(result, tmp_path / "policy", ["fr", "en"], days[1]))
