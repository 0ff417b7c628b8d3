"""Which version is in force depends on the build date: SOURCE_DATE_EPOCH, else the `as_of` option, else today.

Two versions: the seed (2023-12-23) and a copy taking effect on 2025-01-01 with
one sentence changed in each language. Each test builds its own copy once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, Site, copy_site

OLD = {"fr": "à partir du 23 décembre 2023.", "en": "as of December 23, 2023."}
NEW = {"fr": "à partir du 1er janvier 2025.", "en": "as of January 1, 2025."}
V2023 = {
    "fr": ("Version en vigueur en date du 23 décembre 2023", "Dernière mise à jour&nbsp;: 23 décembre 2023"),
    "en": ("In effect as of December 23, 2023", "Last updated: December 23, 2023"),
}
V2025 = {
    "fr": ("Version en vigueur en date du 1er janvier 2025", "Dernière mise à jour&nbsp;: 1er janvier 2025"),
    "en": ("In effect as of January 1, 2025", "Last updated: January 1, 2025"),
}


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The repository's site plus policy/2025-01-01 (not built)."""
    s = copy_site(REPO, tmp_path_factory.mktemp("two-versions") / "src")
    new = s.add_version(
        "2025-01-01",
        replace={"fr": [("à partir du 23 décembre 2023.", NEW["fr"])], "en": [("as of December 23, 2023.", NEW["en"])]},
    )
    for lang in ("fr", "en"):  # the change and the filled placeholder really are in the new version
        text = "".join(p.read_text(encoding="utf-8") for p in (new / lang).glob("*.md"))
        assert NEW[lang] in text and OLD[lang] not in text
        assert "[NOM DE" not in text and "[NAME OF" not in text
    return s


def variant(two_versions: Site, tmp_path: Path, as_of_option: str | None) -> Site:
    """A private copy, with `as_of` set (or not) in mkdocs.yml."""
    s = copy_site(two_versions.root, tmp_path / "src")
    if as_of_option:
        config = s.root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        text, n = re.subn(r"(?m)^(\s+)policy_dir: (.*)$", rf'\g<0>\n\g<1>as_of: "{as_of_option}"', text)
        assert n == 1
        config.write_text(text, encoding="utf-8")
    return s


def assert_in_force(site: Site, expected: dict[str, tuple[str, str]], sentence: dict[str, str]) -> None:
    for lang, path in (("fr", ""), ("en", "en/")):
        html = site.html(path)
        effective, updated = expected[lang]
        assert effective in html, f"/{path}: '{effective}' not found"
        assert updated in html, f"/{path}: '{updated}' not found"
        assert sentence[lang] in html


def test_source_date_epoch_beats_the_as_of_option(two_versions: Site, tmp_path: Path) -> None:
    s = variant(two_versions, tmp_path, as_of_option="2025-06-01")
    s.build("2024-06-01")  # SOURCE_DATE_EPOCH
    assert_in_force(s, V2023, OLD)
    assert NEW["fr"] not in s.html("")


def test_source_date_epoch_after_the_new_version(two_versions: Site, tmp_path: Path) -> None:
    """French writes the first of the month as an ordinal: « 1er janvier 2025 »."""
    s = variant(two_versions, tmp_path, as_of_option="2024-06-01")
    s.build("2025-06-01")
    assert_in_force(s, V2025, NEW)
    assert OLD["fr"] not in s.html("")
    assert "Version en vigueur en date du 1 janvier 2025" not in s.html("")


def test_as_of_option_beats_today(two_versions: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No SOURCE_DATE_EPOCH: the option decides, and `mkdocs build --strict` passes with an upcoming version."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    s = variant(two_versions, tmp_path, as_of_option="2024-06-01")
    result = s.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert_in_force(s, V2023, OLD)


def test_today_without_epoch_or_option(two_versions: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither set: today (after 2025-01-01 on any machine running this) decides."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    s = variant(two_versions, tmp_path, as_of_option=None)
    result = s.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    assert_in_force(s, V2025, NEW)
