"""The shortcuts that make `load` fast give the answers of the long way round.

One realpath per folder instead of per file, a read sized by stat, text checks and section
facts cached by content, version.yml composed once: each test below would fail if a
shortcut said something the plain code would not.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from policy_archive import load, safety
from policy_archive.corrections import read_corrections
from policy_archive.load import Limits, load_policy
from policy_archive.problems import ERROR, Problem
from test_load_markdown import AS_OF, DEFAULT, LANGS, make_version


def outside_messages(problems: list[Problem], folder: Path) -> dict[str, str]:
    """File name -> message of the problems about files of `folder`."""
    return {p.file.name: p.message for p in problems if p.file.parent == folder and p.level == ERROR}


def test_plain_files_in_a_language_folder_linked_outside_are_refused(tmp_path: Path) -> None:
    """The files are not links, their folder is: each is still refused, with its real path."""
    folder = make_version(tmp_path, {})
    elsewhere = tmp_path / "elsewhere"
    (folder / "en").rename(elsewhere)
    (folder / "en").symlink_to(elsewhere)
    policy, problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert outside_messages(problems, folder / "en") == {
        name: f"is a symbolic link to {elsewhere / name}, outside policy/" for name in DEFAULT
    }
    assert "en" not in policy.versions[0].sections


def test_a_version_folder_linked_outside_is_refused(tmp_path: Path) -> None:
    version = make_version(tmp_path, {})
    elsewhere = tmp_path / "elsewhere"
    version.rename(elsewhere)
    version.symlink_to(elsewhere)
    _, problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert outside_messages(problems, version) == {
        "version.yml": f"is a symbolic link to {elsewhere / 'version.yml'}, outside policy/"
    }


def test_a_folder_replaced_by_a_link_between_two_loads_is_seen(tmp_path: Path) -> None:
    """The per-folder answer is not kept from one load to the next (`mkdocs serve` reloads)."""
    folder = make_version(tmp_path, {})
    assert load_policy(tmp_path / "policy", LANGS, AS_OF)[1] == []
    elsewhere = tmp_path / "elsewhere"
    (folder / "fr").rename(elsewhere)
    (folder / "fr").symlink_to(elsewhere)
    _, problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert set(outside_messages(problems, folder / "fr")) == set(DEFAULT)


def test_links_inside_policy_still_load(tmp_path: Path) -> None:
    folder = make_version(tmp_path, {})
    shared = tmp_path / "policy" / ".shared"
    (folder / "en").rename(shared)
    (folder / "en").symlink_to(Path("..") / ".shared")
    (folder / "fr" / "01-objectifs.md").unlink()
    (folder / "fr" / "01-objectifs.md").symlink_to(shared / "01-objectifs.md")
    policy, problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert problems == []
    assert [s.name for s in policy.versions[0].sections["en"]] == list(DEFAULT)


@pytest.mark.parametrize(("written", "limit", "expected"), [(10, 1000, "whole"), (10, 40, "too big")])
def test_a_file_that_grew_after_stat_is_read_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: int, limit: int, expected: str
) -> None:
    """As read(limit + 1) would: the whole file when it still fits, else too big (at stat's size)."""
    path = tmp_path / "policy" / "a.md"
    path.parent.mkdir()
    text = "## Titre\n\n" + "mot " * 20
    path.write_text(text, encoding="utf-8")
    real_stat = load._stat

    def stale(path: Path, root: Path, problems: list[Problem]) -> os.stat_result:  # stat saw the file before it grew
        status = real_stat(path, root, problems)
        assert status is not None
        return os.stat_result((*status[:6], written, *status[7:]))

    monkeypatch.setattr(load, "_stat", stale)
    problems: list[Problem] = []
    got = load._read(path, path.parent, limit, "max_section_kb", problems)
    if expected == "whole":
        assert (got, problems) == (text, [])
    else:
        assert got is None
        assert [p.message for p in problems] == ["is 1 KB, more than the 1 KB allowed (max_section_kb)"]


def test_the_same_bad_bytes_are_reported_in_every_file(tmp_path: Path) -> None:
    """The text cache keeps only clean text: each file with a fault gets its own problem."""
    bad = "## Sécurité\n\nTexte.\n".encode("latin-1")
    folder = make_version(tmp_path, {"fr/01-objectifs.md": bad, "fr/02-consentement.md": bad})
    _, problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    utf8 = [(p.file, p.line) for p in problems if "not valid UTF-8" in p.message]
    assert utf8 == [(folder / "fr" / "01-objectifs.md", 1), (folder / "fr" / "02-consentement.md", 1)]


def test_the_same_text_in_two_sections_is_checked_in_both(tmp_path: Path) -> None:
    """Section facts are cached by text; the problems still name each file and line."""
    same = '## Titre\n\nÀ [NOM DE L’ORGANISME] {{ x }} <a id="ici"></a> [lien](#nulle-part)\n'
    folder = make_version(tmp_path, {"fr/01-objectifs.md": same, "fr/02-consentement.md": same})
    _, problems = load_policy(tmp_path / "policy", LANGS, dt.date(2023, 1, 1))
    by_file = [(p.file.name, p.line, p.message) for p in problems if p.file.parent == folder / "fr"]
    for name in ("01-objectifs.md", "02-consentement.md"):
        assert (name, 3, "unfilled placeholder [NOM DE L’ORGANISME]") in by_file
        assert (name, 3, "template syntax left in the text: {{ x }}") in by_file
        assert (name, 3, "link to '#nulle-part', which no heading or anchor of this version defines") in by_file
    assert ("02-consentement.md", 3, "duplicate anchor '#ici' (also in 01-objectifs.md:3)") in by_file


def test_executable_content_gives_a_fresh_list_each_time() -> None:
    markdown = "## T\n\n<script>x</script>\n"
    first = safety.executable_content(markdown)
    first.clear()  # a caller changing its list does not change the next answer
    assert [f.message for f in safety.executable_content(markdown)] == ["<script> element"]


YAML_TEXTS = [
    "effective: 2024-01-01\npublished: 2024-01-01\nsummary:\n  fr: a\n  fr: b\neffective: 2024-01-02\n",
    "effective: 2023-13-45\ncorrections:\n  - date: 2024-02-01\n    reason: {fr: x}\n  - nope\n",
    "a: b: c\n",
    "a:\tb\n",
    "a: !foo x\n",
    "a: !!python/object:os.system x\n",
    "- a\n- b\n",
    "",
    "a: 1\n---\nb: 2\n",
]


@pytest.mark.parametrize("text", YAML_TEXTS)
def test_version_yml_is_parsed_once_with_the_same_answers(text: str) -> None:
    """`_parse` (compose once, construct from the node) == `yaml.load` + `yaml.compose`."""

    def outcome(run: Callable[[], Any]) -> tuple[Any, ...]:
        try:
            return "ok", run()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            return type(exc), str(exc), getattr(exc, "problem", None), mark and mark.line

    data = outcome(lambda: load._parse(text)[0])
    assert data == outcome(lambda: yaml.load(text, Loader=load._MetadataLoader))
    if data[0] == "ok":
        node = load._parse(text)[1]
        assert load._yaml_keys(node) == load._yaml_keys(yaml.compose(text, Loader=yaml.SafeLoader))
        written = data[1].get("corrections") if isinstance(data[1], dict) else None
        for value in written, [{"date": "x"}, 3]:
            found: list[Problem] = []
            again: list[Problem] = []
            path = Path("version.yml")
            day = dt.date(2024, 1, 1)
            assert read_corrections(value, text, path, day, LANGS, found, node) == read_corrections(
                value, text, path, day, LANGS, again
            )
            assert found == again


def test_limits_still_apply_to_cached_text(tmp_path: Path) -> None:
    """A text seen before (cached) is still refused in a file over the limit."""
    folder = make_version(tmp_path, {})
    big = "## Titre\n\n" + "mot " * 400
    (folder / "fr" / "01-objectifs.md").write_text(big, encoding="utf-8")
    load_policy(tmp_path / "policy", LANGS, AS_OF)
    _, problems = load_policy(tmp_path / "policy", LANGS, AS_OF, Limits(section_bytes=1024))
    assert [(p.file.name, p.message) for p in problems if "allowed" in p.message] == [
        ("01-objectifs.md", "is 2 KB, more than the 1 KB allowed (max_section_kb)")
    ]


# -- a folder read before and unchanged since is not read again (`mkdocs serve`) ----------------


def counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    original = load._read_version

    def counted(folder: Path, *args: Any) -> Any:
        read.append(folder.name)
        return original(folder, *args)

    monkeypatch.setattr(load, "_read_version", counted)
    return read


def test_an_unchanged_folder_is_not_read_again_and_gives_the_same_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_version(tmp_path, {}, "2024-01-01")
    make_version(tmp_path, {"fr/01-objectifs.md": "## Objectifs\n\nTexte {{ x }}.\n"}, "2024-03-01")
    read = counting_reads(monkeypatch)
    first, first_problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    second, second_problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert read == ["2024-01-01", "2024-03-01"]  # once each
    assert first.versions == second.versions and second_problems == first_problems
    assert any("template syntax" in p.message for p in second_problems)  # its warnings come again
    assert first.versions[0] is not second.versions[0]
    # What git fills in (git.read_history) is not kept for the next load.
    second.versions[0].commit = "abc"
    second.versions[0].updated["fr"] = dt.date(2024, 2, 1)
    third, _ = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert third.versions[0].commit is None and third.versions[0].updated == {}
    # Another date is read again only where it makes a version published or upcoming (that
    # changes the level of its problems); another day alone, or one more version, reads no other.
    later = AS_OF + dt.timedelta(days=30)
    load_policy(tmp_path / "policy", LANGS, later)
    assert read == ["2024-01-01", "2024-03-01"]
    before = dt.date(2024, 2, 1)  # 2024-03-01 not yet published
    upcoming = load_policy(tmp_path / "policy", LANGS, before)
    assert read == ["2024-01-01", "2024-03-01", "2024-03-01"]
    load._READ.clear()
    assert upcoming == load_policy(tmp_path / "policy", LANGS, before)  # what the long way gives
    del read[:]
    make_version(tmp_path, {}, "2024-04-01")
    load_policy(tmp_path / "policy", LANGS, later)
    assert read == ["2024-03-01", "2024-04-01"]  # published again (its entry went with the clear), and the new one


def test_an_edit_of_the_same_size_a_new_file_or_a_mode_change_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_version(tmp_path, {}, "2024-01-01")
    load_policy(tmp_path / "policy", LANGS, AS_OF)
    read = counting_reads(monkeypatch)
    section = sorted((folder / "fr").glob("*.md"))[0]
    text = section.read_text(encoding="utf-8")
    changed = text.replace("e", "a", 1)
    assert len(changed) == len(text) and changed != text
    section.write_text(changed, encoding="utf-8")
    policy, _ = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert read == ["2024-01-01"] and policy.versions[0].sections["fr"][0].markdown.startswith(changed.strip()[:20])
    (folder / "fr" / "notes.txt").write_text("x", encoding="utf-8")
    _, problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert read == ["2024-01-01"] * 2 and any(p.file.name == "notes.txt" for p in problems)
    section.chmod(0o600)
    load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert read == ["2024-01-01"] * 3


def test_a_folder_holding_a_link_is_read_each_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_version(tmp_path, {}, "2024-01-01")
    section = sorted((folder / "fr").glob("*.md"))[0]
    target = tmp_path / "policy" / "shared.md"
    target.write_text(section.read_text(encoding="utf-8"), encoding="utf-8")
    section.unlink()
    section.symlink_to(target)  # inside the policy folder: allowed, and its target may change unseen
    read = counting_reads(monkeypatch)
    load_policy(tmp_path / "policy", LANGS, AS_OF)
    load_policy(tmp_path / "policy", LANGS, AS_OF)
    assert read == ["2024-01-01", "2024-01-01"]


def test_a_folder_read_by_an_earlier_build_comes_from_the_build_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process (the next `mkdocs build`): the in-process memory is empty, the build cache
    on disk gives the same versions and problems for unchanged folders; an edited one is read."""
    from policy_archive import buildcache

    make_version(tmp_path, {}, "2024-01-01")
    edited = make_version(tmp_path, {"fr/01-objectifs.md": "## Objectifs\n\nTexte {{ x }}.\n"}, "2024-03-01")
    folder = tmp_path / "cache"

    def build() -> tuple[Any, list[Problem]]:
        load._READ.clear()  # a new process
        store, problem = buildcache.load(folder)
        assert problem is None
        found = load_policy(tmp_path / "policy", LANGS, AS_OF, store=store)
        assert buildcache.save(folder, store) is None
        return found

    fresh, fresh_problems = load_policy(tmp_path / "policy", LANGS, AS_OF)
    build()
    read = counting_reads(monkeypatch)
    kept, kept_problems = build()
    assert read == []  # both from the cache
    assert kept.versions == fresh.versions and kept_problems == fresh_problems
    assert any("template syntax" in p.message and p.line for p in kept_problems)  # with its line
    section = edited / "fr" / "01-objectifs.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nPlus.\n", encoding="utf-8")
    again, _ = build()
    texts = [s.markdown for s in again.versions[1].sections["fr"]]
    assert read == ["2024-03-01"] and any(t.endswith("Plus.\n") for t in texts)
    # A damaged entry is read again from its folder, with the same answer.
    db = sqlite3.connect(folder / buildcache.FILE)
    with db:
        db.execute("UPDATE entries SET value = ? WHERE key LIKE 'version:%'", (b"damaged",))
    db.close()
    damaged, _ = build()
    assert sorted(read) == ["2024-01-01", "2024-03-01", "2024-03-01"]
    assert damaged.versions == again.versions
